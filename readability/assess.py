"""Score an article the way each reader sees it: per tier, whole and section by section."""

from __future__ import annotations

from dataclasses import dataclass

from content.model import TIERS, Article
from readability.scores import Scores, score_markdown
from readability.targets import Target, Verdict, target_for


@dataclass(frozen=True)
class TierAssessment:
    """One tier of one article: the whole text, each section, and the verdict on the whole."""

    tier: str
    target: Target
    whole: Scores
    sections: dict[str, Scores]

    @property
    def verdict(self) -> Verdict:
        return self.target.verdict(self.whole.consensus_grade)

    @property
    def meets_target(self) -> bool:
        return self.target.meets(self.whole.consensus_grade)


def tier_markdown(article: Article, tier: str) -> str:
    """Everything a reader of this tier reads: the short answer, then every section's text."""
    parts = [article.summary.get(tier) or ""]
    parts += [section.tiers.get(tier) or "" for section in article.sections]
    return "\n\n".join(p for p in parts if p)


def assess_tier(article: Article, tier: str) -> TierAssessment:
    return TierAssessment(
        tier=tier,
        target=target_for(tier),
        whole=score_markdown(tier_markdown(article, tier)),
        sections={
            section.id: score_markdown(section.tiers.get(tier))
            for section in article.sections
            if section.tiers.get(tier)
        },
    )


def assess_article(article: Article) -> dict[str, TierAssessment]:
    """All three tiers; a missing tier text scores as empty rather than failing."""
    return {tier: assess_tier(article, tier) for tier in TIERS}
