"""Score an article the way each reader sees it: per tier, whole and section by section."""

from __future__ import annotations

from dataclasses import dataclass

from content.model import TIERS, Article
from readability.clean import clean_markdown
from readability.scores import Scores, score_clean_text, score_markdown
from readability.sentences import ACTIONS, KEY_POINTS, tier_parts
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


def assess_tier(article: Article, tier: str) -> TierAssessment:
    return TierAssessment(
        tier=tier,
        target=target_for(tier),
        whole=score_clean_text(tier_clean_text(article, tier)),
        sections={
            section.id: score_markdown(section.tiers.get(tier))
            for section in article.sections
            if section.tiers.get(tier)
        },
    )


def assess_article(article: Article) -> dict[str, TierAssessment]:
    """All three tiers; a missing tier text scores as empty rather than failing."""
    return {tier: assess_tier(article, tier) for tier in TIERS}
