"""The rules that read one tier's text alone, with no article around it.

`find_all` runs them on every tier of an article; `check_text` runs them on any pasted text
(`python -m readability check -` and the editor's "Check any text"). A new rule that needs
nothing but the sentences of one tier belongs here, so both paths get it at once. Rules that
need an article (evidence grade, citation parity, tier order, teach-back questions) live in
the engine.
"""

from __future__ import annotations

from content.tiers import plain_tier, plain_tiers
from readability.checks.alternatives import plain_alternative_findings
from readability.checks.findings import Finding
from readability.checks.numbers import relative_risks
from readability.checks.plain_words import abbreviations, long_sentences, rare_words
from readability.checks.style import long_paragraphs, passive_voices
from readability.sentences import Sentence, part_sentences

# The article id a finding carries when the text came from no article (standard input).
NO_ARTICLE = "-"
# The part name of pasted text.
TEXT_PART = "text"


def text_findings(article_id: str, tier: str, sentences: list[Sentence]) -> list[Finding]:
    """Every article-free finding for one tier's sentences, in rule order.

    Rules for plain readers run only on the plain tiers; the sentence-length limit on every tier
    that has one.
    """
    findings: list[Finding] = []
    if tier in plain_tiers():
        findings += relative_risks(article_id, tier, sentences)
        findings += plain_alternative_findings(article_id, tier, sentences)
        findings += long_paragraphs(article_id, tier, sentences)
    if tier == plain_tier():
        findings += abbreviations(article_id, sentences)
        findings += rare_words(article_id, sentences)
        findings += passive_voices(article_id, tier, sentences)
    findings += long_sentences(article_id, sentences, tier)
    return findings


def text_sentences(text: str, tier: str, part: str = TEXT_PART) -> list[Sentence]:
    """The sentences of a pasted text (plain or Markdown), as if it were one part of a tier."""
    return part_sentences(tier, part, [text])


def check_text(text: str, tier: str, *, article_id: str = NO_ARTICLE) -> list[Finding]:
    """The findings of `readability check` for a text outside any article."""
    return text_findings(article_id, tier, text_sentences(text, tier))
