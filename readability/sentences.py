"""The sentences each reader reads, in reading order, each mapped to its tier and part.

Built on the same parse as `clean_markdown` (`clean_blocks`), so the hardest-sentence view, the
editorial checks and the scores all see one and the same prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from content.model import Article
from readability.clean import clean_blocks
from readability.scores import score_clean_text

SUMMARY = "summary"
KEY_POINTS = "key_points"
ACTIONS = "actions"
# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) and a space.
# Cleaning has already removed the periods of "e.g.", "et al." and decimals.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"')\]\u201d\u2019])\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence as scored (`text`) and the Markdown block it came from (`markdown`)."""

    tier: str
    part: str  # a section id, or "summary", "key_points", "actions"
    index: int  # 0-based within the part
    text: str
    markdown: str


def split_sentences(prose: str) -> list[str]:
    """Sentences of one clean block."""
    return [s for s in _SENTENCE_BREAK.split(prose) if s.strip()]


def tier_parts(article: Article, tier: str) -> Iterator[tuple[str, list[str]]]:
    """(part, Markdown texts) in the tier's reading order: summary, key points, actions,
    then the sections in order. Parts the tier lacks are left out."""
    if summary := article.summary.get(tier):
        yield SUMMARY, [summary]
    if points := article.key_points.get(tier):
        yield KEY_POINTS, points
    if actions := article.actions.get(tier):
        yield ACTIONS, actions
    for section in article.sections:
        if text := section.tiers.get(tier):
            yield section.id, [text]


def part_sentences(tier: str, part: str, texts: list[str]) -> list[Sentence]:
    """The sentences of one part, numbered from 0 across all its texts."""
    out: list[Sentence] = []
    for text in texts:
        for block in clean_blocks(text):
            for sentence in split_sentences(block.text):
                out.append(Sentence(tier, part, len(out), sentence, block.markdown))
    return out


def article_sentences(article: Article, tier: str) -> list[Sentence]:
    """Every sentence a reader of this tier reads, in reading order."""
    out: list[Sentence] = []
    for part, texts in tier_parts(article, tier):
        out += part_sentences(tier, part, texts)
    return out


def sentence_grade(sentence: Sentence) -> float:
    """The consensus grade of one sentence on its own (noisy, but it ranks sentences well)."""
    return score_clean_text(sentence.text).consensus_grade


def hardest_sentences(article: Article, tier: str, limit: int = 10) -> list[tuple[Sentence, float]]:
    """The tier's sentences with the highest consensus grade first (ties in reading order)."""
    graded = [(s, sentence_grade(s)) for s in article_sentences(article, tier)]
    graded.sort(key=lambda pair: -pair[1])
    return graded[:limit]
