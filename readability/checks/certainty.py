"""Rules on certainty: `overclaim`, `non-human-unqualified` (patient and student text) and
`certainty-missing` (the reference tier)."""

from __future__ import annotations

from collections.abc import Iterator

from content.evidence import GRADE_ORDER, NOT_GRADED, SectionEvidence
from content.model import POOLING_TYPES, Article
from readability.check_words import CheckWords, check_words
from readability.checks.findings import SEVERITY, Finding, words_in
from readability.sentences import ACTIONS, KEY_POINTS, SUMMARY, Sentence

WHOLE_ARTICLE_PARTS = (SUMMARY, KEY_POINTS, ACTIONS)


def _strongest(evidence: dict[str, SectionEvidence]) -> SectionEvidence | None:
    """The article's strongest section grade; a human basis wins a tie."""
    return max(evidence.values(), key=lambda e: (e.rank, not e.non_human), default=None)


def _rank(evidence: SectionEvidence | None) -> int:
    """The grade's place on the scale; non-human work never counts above Very low."""
    if evidence is None:
        return 0
    return (
        min(evidence.rank, GRADE_ORDER.index("Very low")) if evidence.non_human else evidence.rank
    )


def _certainty(sentence: str, words: CheckWords) -> Iterator[str]:
    """Each judged certainty phrase not cancelled by a negation just before it; comparisons
    ("less likely to die") are masked first, since they compare risks, not claim certainty."""
    sentence = words.comparison_pattern.sub(lambda m: "_" * len(m.group(0)), sentence)
    for match in words.certainty_pattern.finditer(sentence):
        before = " ".join(words_in(sentence[: match.start()])[-words.negation_window :])
        if not words.negation_pattern.search(before):
            yield match.group(0)


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


def _suggest(judged: SectionEvidence | None, words: CheckWords) -> str:
    label = judged.label if judged is not None else NOT_GRADED
    if judged is not None and judged.non_human:
        label = "Very low"
    phrases = ", ".join(f'"{w}"' for w in words.grade_words[label])
    animals = ', or say "in animals" or "in the lab"' if judged and judged.non_human else ""
    return f"For {label} evidence, use words such as {phrases}{animals}."


def overclaims(
    article: Article, sentences: list[Sentence], evidence: dict[str, SectionEvidence]
) -> Iterator[Finding]:
    """Certainty wording above the grade: each phrase in check_words.yaml needs a lowest grade.

    Summary, key points and actions are judged against the article's strongest section, since
    they speak for the whole article; a bare "Yes." opening the summary needs High.
    """
    words = check_words()
    strongest = _strongest(evidence)
    for sentence in sentences:
        judged = strongest if sentence.part in WHOLE_ARTICLE_PARTS else evidence.get(sentence.part)
        have = _rank(judged)
        claims = []
        if bare := _bare_answer(sentence, words):
            claims.append((bare, "High"))
        claims += [
            (phrase, words.grade_needed(phrase)) for phrase in _certainty(sentence.text, words)
        ]
        over = [(phrase, need) for phrase, need in claims if GRADE_ORDER.index(need) > have]
        if not over:
            continue
        # "Animal studies show ..." reports its basis truthfully: not an overclaim.
        if (
            judged is not None
            and judged.non_human
            and words.non_human_pattern.search(sentence.text)
        ):
            continue
        phrase, need = over[0]
        yield Finding(
            article.id,
            sentence.tier,
            sentence.part,
            SEVERITY["overclaim"],
            "overclaim",
            f'"{phrase}" claims the certainty of {need} evidence, but '
            f"{_grade_words(judged, sentence.part)}. {_suggest(judged, words)}",
            sentence.text,
            term=phrase,
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


def certainty_missing(
    article: Article, tier: str, sentences: list[Sentence], evidence: dict[str, SectionEvidence]
) -> Iterator[Finding]:
    """Sections that cite a review but are graded from design: the review may have rated its
    own certainty for this outcome (Cochrane reviews always do), and then that rating counts."""
    references = {ref.id: ref for ref in article.references}
    for section in article.sections:
        graded = evidence[section.id]
        if graded.basis_of_grade.route != "design":
            continue
        reviews = [
            item.reference_id
            for item in graded.items
            if item.origin == "reference" and item.type in POOLING_TYPES and item.reference_id
        ]
        reviews = [r for r in dict.fromkeys(reviews) if r in references]
        if not reviews:
            continue
        own = [s.text for s in sentences if s.part == section.id]
        reviews.sort(key=int)
        listed = ("the review " if len(reviews) == 1 else "the reviews ") + ", ".join(
            f"[{r}]" for r in reviews
        )
        yield Finding(
            article.id,
            tier,
            section.id,
            SEVERITY["certainty-missing"],
            "certainty-missing",
            f"This section cites {listed} but is graded from study design "
            f"({graded.label}). Look up whether each review rated its certainty for this "
            "outcome (Cochrane reviews always do) and record it under the reference's "
            "`certainty`; if it gives none, accept this finding with that reason.",
            own[0] if own else "",
        )
