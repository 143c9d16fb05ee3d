"""Readability: clean article Markdown, score it with textstat, judge it against tier targets."""

from readability.assess import TierAssessment, assess_article, assess_tier, tier_markdown
from readability.clean import clean_markdown
from readability.scores import CONSENSUS_FORMULAS, Scores, score_clean_text, score_markdown
from readability.sentences import Sentence, article_sentences, hardest_sentences
from readability.targets import VERDICT_WORDS, Target, load_targets, target_for

__all__ = [
    "CONSENSUS_FORMULAS",
    "VERDICT_WORDS",
    "Scores",
    "Sentence",
    "Target",
    "TierAssessment",
    "assess_article",
    "article_sentences",
    "assess_tier",
    "clean_markdown",
    "hardest_sentences",
    "load_targets",
    "score_clean_text",
    "score_markdown",
    "target_for",
    "tier_markdown",
]
