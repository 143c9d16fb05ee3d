"""Accepted exceptions (`checks: accept` in an article): mark what they cover, flag stale ones."""

from __future__ import annotations

from dataclasses import replace

from content.model import TIERS, Article
from readability.checks.findings import RULES, SEVERITY, Finding, normal
from readability.sentences import Sentence, tier_parts


def _article_text(article: Article, sentences: dict[str, list[Sentence]]) -> str:
    """Everything an acceptance excerpt may quote: clean sentences and the raw Markdown."""
    raw = [t for tier in TIERS for _, texts in tier_parts(article, tier) for t in texts]
    clean = [s.text for tier_sentences in sentences.values() for s in tier_sentences]
    return normal(" ".join(raw + clean))


def apply_acceptances(
    article: Article, findings: list[Finding], sentences: dict[str, list[Sentence]]
) -> list[Finding]:
    """Mark accepted findings, and add a warning for each acceptance that no longer applies."""
    acceptances = article.checks.accept
    if not acceptances:
        return findings
    out = []
    for finding in findings:
        for acceptance in acceptances:
            if (
                acceptance.rule == finding.rule
                and acceptance.section in (None, finding.section)
                and normal(acceptance.excerpt) in normal(finding.excerpt)
            ):
                finding = replace(finding, accepted=True, why=acceptance.why)
                break
        out.append(finding)
    text = _article_text(article, sentences)
    for acceptance in acceptances:
        problem = None
        if acceptance.rule not in RULES:
            problem = f"names no known rule ({acceptance.rule!r})"
        elif normal(acceptance.excerpt) not in text:
            problem = "quotes an excerpt that is no longer in the text"
        if problem:
            out.append(
                Finding(
                    article.id,
                    None,
                    acceptance.section,
                    SEVERITY["stale-acceptance"],
                    "stale-acceptance",
                    f"The accepted exception for {acceptance.rule!r} {problem}; update or "
                    "remove it in checks.accept.",
                    acceptance.excerpt,
                )
            )
    return out
