"""The `plain-alternative` rule: a medical or official word where an everyday one would do."""

from __future__ import annotations

from collections.abc import Iterator

from content.tiers import plain_tier
from readability.checks.findings import SEVERITY, Finding
from readability.checks.plain_words import _explained_in
from readability.plain_alternatives import plain_alternatives
from readability.sentences import Sentence


def plain_alternative_findings(
    article_id: str, tier: str, sentences: list[Sentence]
) -> Iterator[Finding]:
    """Each listed word or phrase once per part (summary, key points, actions, each section), at
    its first use there, unless the part explains it ("hypertension (high blood pressure)").

    Once per part rather than once per tier: a reader may open any section alone, and the write
    view edits one part at a time. Forms of one entry count as one ("administer", "administered").
    A glossary entry does not exempt a word: the patient reads the sentence, not the glossary.
    Entries marked `only_simplest_tier` (words a student learns) are judged in the simplest tier.
    """
    words = plain_alternatives()
    simplest = tier == plain_tier()
    part_texts: dict[str, str] = {}
    for sentence in sentences:
        part_texts[sentence.part] = f"{part_texts.get(sentence.part, '')} {sentence.text}"
    seen: set[tuple[str, str]] = set()
    for sentence in sentences:
        for match in words.pattern.finditer(sentence.text):
            written = " ".join(match.group(0).split())
            entry = words.entry_for(written)
            if entry is None or (sentence.part, entry.term) in seen:
                continue
            if entry.only_simplest_tier and not simplest:
                continue
            seen.add((sentence.part, entry.term))
            if _explained_in(written, part_texts[sentence.part]):
                continue
            yield Finding(
                article_id,
                sentence.tier,
                sentence.part,
                SEVERITY["plain-alternative"],
                "plain-alternative",
                f'"{written}" has everyday alternatives: {", ".join(entry.alternatives)}. Use one '
                "where it keeps the meaning, or explain the word where it is used (a glossary "
                "entry is not enough: the reader reads the sentence).",
                sentence.text,
                term=match.group(0),
            )
