"""Rules on certainty: `overclaim` and `non-human-unqualified` (patient and student text)."""

from __future__ import annotations

from collections.abc import Iterator

from content.evidence import SectionEvidence
from content.model import Article
from readability.check_words import CheckWords, check_words
from readability.checks.findings import SEVERITY, Finding, words_in
from readability.sentences import ACTIONS, KEY_POINTS, SUMMARY, Sentence

WHOLE_ARTICLE_PARTS = (SUMMARY, KEY_POINTS, ACTIONS)


def _strongest(evidence: dict[str, SectionEvidence]) -> SectionEvidence | None:
    """The article's strongest section grade; a human basis wins a tie."""
    return max(evidence.values(), key=lambda e: (e.rank, not e.non_human), default=None)


def _weak(evidence: SectionEvidence | None) -> bool:
    return evidence is None or evidence.rank <= 1 or evidence.non_human


def _certainty(sentence: str, words: CheckWords) -> str | None:
    """The first certainty phrase not cancelled by a negation just before it."""
    for match in words.certainty_pattern.finditer(sentence):
        before = " ".join(words_in(sentence[: match.start()])[-words.negation_window :])
        if not words.negation_pattern.search(before):
            return match.group(0)
    return None


def _bare_answer(sentence: Sentence, words: CheckWords) -> str | None:
    """'Yes' or 'No' opening the short answer with no qualifier in its sentence."""
    if sentence.part != SUMMARY or sentence.index != 0:
        return None
    opening = words.bare_answer_pattern.match(sentence.text)
    if opening and not words.qualifier_pattern.search(sentence.text):
        return opening.group(0).strip()
    return None


def _grade_words(evidence: SectionEvidence | None, part: str) -> str:
    where = "this section" if part not in WHOLE_ARTICLE_PARTS else "the article's strongest section"
    if evidence is None:
        return f"{where} is not graded"
    basis = ", from animal or lab work only" if evidence.non_human else ""
    return f"the evidence for {where} is {evidence.label}{basis}"


def overclaims(
    article: Article, sentences: list[Sentence], evidence: dict[str, SectionEvidence]
) -> Iterator[Finding]:
    """Certainty wording where the grade is weak; summary, key points and actions are judged
    against the article's strongest section, since they speak for the whole article."""
    words = check_words()
    strongest = _strongest(evidence)
    suggestions = ", ".join(f'"{w}"' for w in words.calibrated)
    for sentence in sentences:
        judged = strongest if sentence.part in WHOLE_ARTICLE_PARTS else evidence.get(sentence.part)
        if not _weak(judged):
            continue
        phrase = _bare_answer(sentence, words) or _certainty(sentence.text, words)
        if phrase is None:
            continue
        # "Animal studies show ..." reports its basis truthfully: not an overclaim.
        if (
            judged is not None
            and judged.non_human
            and words.non_human_pattern.search(sentence.text)
        ):
            continue
        yield Finding(
            article.id,
            sentence.tier,
            sentence.part,
            SEVERITY["overclaim"],
            "overclaim",
            f'"{phrase}" states certainty, but {_grade_words(judged, sentence.part)}. '
            f"Use calibrated wording such as {suggestions}.",
            sentence.text,
        )


def non_human_unqualified(
    article: Article, tier: str, sentences: list[Sentence], evidence: dict[str, SectionEvidence]
) -> Iterator[Finding]:
    """Sections resting on animal or lab work whose text in this tier never names that basis."""
    pattern = check_words().non_human_pattern
    for section in article.sections:
        if not evidence[section.id].non_human:
            continue
        own = [s for s in sentences if s.part == section.id]
        if own and not any(pattern.search(s.text) for s in own):
            yield Finding(
                article.id,
                tier,
                section.id,
                SEVERITY["non-human-unqualified"],
                "non-human-unqualified",
                f"This section rests on animal or lab work only, but the {tier} text never says "
                "so. Say where the evidence comes from, for example 'in animals' or 'in lab "
                "tests'.",
                own[0].text,
            )
