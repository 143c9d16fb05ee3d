"""Rule on teach-back questions: `question-grade`, a tier's questions harder than its text may be.

A question a reader cannot read tests reading, not understanding: each tier's questions and
options are scored together as one text, like any other part, against that tier's limit.
"""

from __future__ import annotations

from collections.abc import Iterator

from content.model import TIERS, Article
from readability.checks.findings import SEVERITY, Finding
from readability.scores import score_markdown
from readability.targets import target_for


def question_text(article: Article, tier: str) -> str:
    """A tier's questions and their options as one text: a paragraph per question, each option
    a sentence of its own (as a reader meets them)."""
    paragraphs = [
        " ".join([question.ask, *(f"{option.rstrip('.?!')}." for option in question.options)])
        for question in article.questions.get(tier)
    ]
    return "\n\n".join(paragraphs)


def question_grades(article: Article) -> Iterator[Finding]:
    """Tiers whose questions read above the tier's limit (a warning: the questions are short)."""
    for tier in TIERS:
        text = question_text(article, tier)
        if not text:
            continue
        target = target_for(tier)
        grade = score_markdown(text).consensus_grade
        if target.max is not None and grade > target.max:
            hardest = max(article.questions.get(tier), key=lambda q: len(q.ask))
            yield Finding(
                article.id,
                tier,
                "questions",
                SEVERITY["question-grade"],
                "question-grade",
                f"The {tier} questions and their options read at grade {grade:.1f}, above the "
                f"{tier} limit of {target.max:g}. Ask in the words the {tier} text uses.",
                hardest.ask,
            )
