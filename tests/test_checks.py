"""Editorial checks: per rule, a planted case that fires and a calibrated case that stays quiet."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from content.loader import load_library
from content.model import TIERS, Article
from readability.check_words import CheckWordsFileError, check_words
from readability.checks import RULES, SEVERITY, Finding, check_article, check_library
from readability.scores import score_markdown
from tests.samples import CLINICAL_TEXT, LONG_PATIENT_TEXT

PATIENT = "- Gut bacteria make small chemicals. [1]\n- These can send signals to the brain. [1]"
STUDENT = (
    "- Gut bacteria release metabolites, small molecules produced as they grow and divide. [1]\n"
    "- These metabolites can signal to the brain through nerves, the immune system and "
    "hormones. [1]"
)
CLINICIAN = (
    "- Commensal microbiota secrete bioactive metabolites with systemic neuroendocrine "
    "consequences. [1]\n- These metabolites modulate central neurochemistry via vagal afferent "
    "and endocrine pathways. [1]"
)
# Cited sources set each section's grade: [1] a review stating high certainty (High); [2] a
# guideline stating none (Not graded on its own); [2] plus basis "animal" is Not graded and
# rests on animal work; [3] a meta-analysis of trials (Moderate, estimated); [4] one trial (Low).
REFERENCES = [
    {
        "id": "1",
        "type": "systematic_review",
        "title": "A review",
        "source": "A Journal",
        "year": 2020,
        "certainty": "high",
    },
    {
        "id": "2",
        "type": "guideline",
        "title": "A guideline",
        "source": "A Society",
        "year": 2024,
        "issuer": "A Society",
    },
    {
        "id": "3",
        "type": "meta_analysis",
        "title": "A meta-analysis of trials",
        "source": "A Journal",
        "year": 2021,
        "pools": "randomised",
    },
    {"id": "4", "type": "rct", "title": "A trial", "source": "A Journal", "year": 2022},
]
STRONG: dict[str, Any] = {"basis": [], "cite": "[1]"}
MODERATE: dict[str, Any] = {"basis": [], "cite": "[3]"}
LOW: dict[str, Any] = {"basis": [], "cite": "[4]"}
NOT_GRADED: dict[str, Any] = {"basis": [], "cite": "[2]"}
ANIMAL: dict[str, Any] = {"basis": ["animal"], "cite": "[2]"}


def article(
    patient: str = PATIENT,
    student: str = STUDENT,
    clinician: str = CLINICIAN,
    grade: dict[str, Any] = STRONG,
    **changes: Any,
) -> Article:
    """A small article with one section; `[c]` in any text is replaced by the grade's citation."""
    texts = {"patient": patient, "student": student, "clinician": clinician}
    data: dict[str, Any] = {
        "id": "planted",
        "title": "A planted article",
        "status": "draft",
        "updated": "2026-01-15",
        "summary": {
            "patient": "Gut bacteria may affect the brain. [1]",
            "student": "Gut bacteria may signal to the brain. [1]",
            "clinician": "Microbial metabolites may act on the brain. [1]",
        },
        "sections": [
            {
                "id": "only",
                "heading": "Only",
                "basis": grade["basis"],
                "tiers": {t: v.replace("[1]", grade["cite"]) for t, v in texts.items()},
            }
        ],
        "references": copy.deepcopy(REFERENCES),
    }
    data.update(changes)
    return Article.model_validate(data)


def found(rule: str, subject: Article) -> list[Finding]:
    return [f for f in check_article(subject) if f.rule == rule]


def test_the_calibrated_base_article_has_no_findings() -> None:
    assert check_article(article()) == []


def test_every_rule_has_a_description_and_a_severity() -> None:
    assert set(RULES) == set(SEVERITY)
    assert {
        "overclaim",
        "non-human-unqualified",
        "abbreviation",
        "rare-word",
        "long-sentence",
        "tier-order",
        "citation-parity",
        "load",
    } <= set(RULES)
    errors = {r for r, s in SEVERITY.items() if s == "error"}
    assert errors == {"overclaim", "non-human-unqualified", "citation-parity", "tier-order", "load"}


# --- overclaim -------------------------------------------------------------------------------


def _weak_summary(summary: str) -> Article:
    return article(
        grade=ANIMAL,
        patient="- In mice, gut bacteria make small chemicals. [1]",
        student="- In mice, gut bacteria release small molecules as they grow. [1]",
        summary={"patient": summary, "student": "In mice, maybe. [2]", "clinician": "Yes. [2]"},
    )


@pytest.mark.parametrize(
    ("subject", "tier", "section", "phrase"),
    [
        pytest.param(
            article(patient="- This proves that bacteria lift mood. In mice. [1]", grade=ANIMAL),
            "patient",
            "only",
            "proves",
            id="non-human-section",
        ),
        pytest.param(
            article(patient="- Bacteria always lift mood. [1]", grade=NOT_GRADED),
            "patient",
            "only",
            "always",
            id="not-graded-section",
        ),
        pytest.param(
            article(student="- This shows a direct effect on mood. Lab work. [1]", grade=ANIMAL),
            "student",
            "only",
            "shows",
            id="student-tier",
        ),
        pytest.param(_weak_summary("Yes. [2]"), "patient", "summary", "Yes", id="bare-yes"),
        pytest.param(
            _weak_summary("No, it does not. [2]"), "patient", "summary", "No", id="bare-no"
        ),
        pytest.param(
            article(
                grade=NOT_GRADED,
                key_points={"patient": ["Probiotics will prevent low mood."]},
            ),
            "patient",
            "key_points",
            "will prevent",
            id="key-point-judged-by-strongest-section",
        ),
    ],
)
def test_overclaim_fires(subject: Article, tier: str, section: str, phrase: str) -> None:
    (finding,) = found("overclaim", subject)
    assert (finding.tier, finding.section, finding.severity) == (tier, section, "error")
    assert f'"{phrase}"' in finding.message and "use words such as" in finding.message


@pytest.mark.parametrize(
    "subject",
    [
        pytest.param(
            article(patient="- Bacteria may lift mood in mice. [1]", grade=ANIMAL), id="hedged"
        ),
        pytest.param(
            article(patient="- This trial shows bacteria lift mood. [1]"), id="strong-evidence"
        ),
        pytest.param(
            article(patient="- It is not yet shown that bacteria lift mood. [1]", grade=NOT_GRADED),
            id="negated",
        ),
        pytest.param(
            article(patient="- Animal studies show that bacteria lift mood. [1]", grade=ANIMAL),
            id="names-its-animal-basis",
        ),
        pytest.param(_weak_summary("Yes, in mice. [2]"), id="qualified-yes"),
        pytest.param(
            article(patient="- Bacteria probably lift mood. [1]", grade=MODERATE),
            id="probably-with-moderate-evidence",
        ),
        pytest.param(
            article(patient="- Bacteria may lift mood. We are not sure. [1]", grade=NOT_GRADED),
            id="grade-26-words-at-any-grade",
        ),
        pytest.param(
            article(patient="- People who took them were less likely to get ill. [1]", grade=LOW),
            id="less-likely-compares-risks",
        ),
        pytest.param(
            article(
                clinician="- This proves a direct effect. [1]",
                patient="- In mice, bacteria may lift mood. [1]",
                student="- In mice, bacteria may lift mood. [1]",
                grade=ANIMAL,
            ),
            id="clinician-tier-not-judged",
        ),
        pytest.param(
            article(summary={"patient": "Yes. [1]", "student": "Yes. [1]", "clinician": "Yes."}),
            id="bare-yes-with-strong-evidence",
        ),
    ],
)
def test_overclaim_stays_quiet(subject: Article) -> None:
    assert found("overclaim", subject) == []


@pytest.mark.parametrize(
    ("grade", "text", "phrase", "needed", "offered"),
    [
        (LOW, "- Bacteria probably lift mood. [1]", "probably", "Moderate", '"may"'),
        (MODERATE, "- This shows that bacteria lift mood. [1]", "shows that", "High", '"probably"'),
        (LOW, "- This trial definitely lifts mood. [1]", "definitely", "High", '"may"'),
        (NOT_GRADED, "- It is likely to lift mood. [1]", "likely", "Moderate", '"we are not sure"'),
    ],
    ids=["probably-needs-moderate", "shows-needs-high", "definitely-needs-high", "not-graded"],
)
def test_overclaim_judges_each_phrase_against_the_grade(
    grade: dict[str, Any], text: str, phrase: str, needed: str, offered: str
) -> None:
    (finding,) = found("overclaim", article(patient=text, grade=grade))
    assert f'"{phrase}" claims the certainty of {needed} evidence' in finding.message
    assert offered in finding.message  # the GRADE guidance 26 words for the section's grade


def test_certainty_phrases_and_their_grades_come_from_the_data_file() -> None:
    words = check_words()
    assert words.grade_needed("Shows that") == "High"
    assert words.grade_needed("probably") == "Moderate"
    assert "may" in words.certainty["any"]
    assert words.grade_words["Very low"] == ["we are not sure", "it is unclear whether"]


# --- relative-risk ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bullet",
    [
        "- People who took them had a 58 % lower risk of diarrhoea. [1]",
        "- They were half as likely to fall. [1]",
        "- It doubles the risk: twice the risk of a fall. [1]",
        "- The relative risk was 0.58. [1]",
        "- Falls were reduced by a third. [1]",
    ],
)
def test_relative_risk_fires_without_an_absolute_figure(bullet: str) -> None:
    (finding,) = found("relative-risk", article(patient=bullet))
    assert (finding.tier, finding.section, finding.severity) == ("patient", "only", "warning")
    assert "absolute" in finding.message


@pytest.mark.parametrize(
    "bullet",
    [
        "- They had a 58 % lower risk: 13 in 100 people got diarrhoea without them, 5 in 100 "
        "with them. [1]",
        "- They were half as likely to fall (1 in 8 instead of 1 in 4). [1]",
        "- About 8 out of 100 people fell, against 16 out of 100 without it. [1]",
        "- The trial gave some people 25 % fewer calories. [1]",
    ],
)
def test_relative_risk_stays_quiet_with_an_absolute_figure_or_no_effect(bullet: str) -> None:
    assert found("relative-risk", article(patient=bullet)) == []


def test_relative_risk_judges_each_bullet_and_only_the_plain_tiers() -> None:
    patient = "- They had a 58 % lower risk. [1]\n- 13 in 100 people got diarrhoea. [1]"
    clinician = "- Relative risk 0.58 (95 % CI 0.50 to 0.68). [1]\n- Absolute figures vary. [1]"
    findings = found("relative-risk", article(patient=patient, clinician=clinician))
    assert [(f.tier, f.excerpt) for f in findings] == [("patient", "They had a 58 % lower risk.")]


# --- certainty-missing -----------------------------------------------------------------------


def test_certainty_missing_asks_for_a_reviews_own_rating() -> None:
    (finding,) = found("certainty-missing", article(grade=MODERATE))
    assert (finding.tier, finding.section, finding.severity) == ("clinician", "only", "warning")
    assert "[3]" in finding.message and "Cochrane" in finding.message
    assert found("certainty-missing", article(grade=STRONG)) == []  # the review states one
    assert found("certainty-missing", article(grade=LOW)) == []  # no review cited


def test_certainty_missing_can_be_accepted_with_a_reason() -> None:
    excerpt = CLINICIAN.split("\n")[0].removeprefix("- ").split(" [")[0][:40]
    accept = [
        {
            "rule": "certainty-missing",
            "section": "only",
            "excerpt": excerpt,
            "why": "The review reports no certainty rating.",
        }
    ]
    (finding,) = found("certainty-missing", article(grade=MODERATE, checks={"accept": accept}))
    assert finding.accepted and not finding.gates


# --- non-human-unqualified -------------------------------------------------------------------


def test_non_human_unqualified_fires_per_plain_tier() -> None:
    subject = article(
        grade=ANIMAL,
        patient="- Bacteria may lift mood. [1]",
        student="- In rats, bacteria may lift mood. [1]",
    )
    (finding,) = found("non-human-unqualified", subject)
    assert (finding.tier, finding.section, finding.severity) == ("patient", "only", "error")
    assert finding.excerpt == "Bacteria may lift mood."


@pytest.mark.parametrize(
    ("grade", "patient"),
    [
        pytest.param(ANIMAL, "- In mice, bacteria may lift mood. [1]", id="says-mice"),
        pytest.param(ANIMAL, "- In lab tests, bacteria may lift mood. [1]", id="says-lab"),
        pytest.param(STRONG, "- Bacteria may lift mood. [1]", id="human-evidence"),
    ],
)
def test_non_human_unqualified_stays_quiet(grade: dict[str, Any], patient: str) -> None:
    student = "- In animals, bacteria may lift mood. [1]"
    assert (
        found("non-human-unqualified", article(patient=patient, student=student, grade=grade)) == []
    )


# --- abbreviation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patient", "summary", "abbreviation"),
    [
        pytest.param("- Some people get IBS after an infection. [1]", None, "IBS", id="bare"),
        pytest.param(
            "- IBS is common. Irritable bowel syndrome (IBS) hurts. [1]",
            None,
            "IBS",
            id="spelled-out-too-late",
        ),
        pytest.param("- One signal is called IL-18. [1]", None, "IL-18", id="with-digits"),
        pytest.param("- These act on NMDARs in the spine. [1]", None, "NMDAR", id="plural"),
        pytest.param(
            "- Irritable bowel syndrome (IBS) is common. [1]",
            "IBS may be tied to gut bacteria. [1]",
            "IBS",
            id="reading-order-summary-first",
        ),
    ],
)
def test_abbreviation_fires_at_first_use(
    patient: str, summary: str | None, abbreviation: str
) -> None:
    changes = {"summary": {"patient": summary}} if summary else {}
    (finding,) = found("abbreviation", article(patient=patient, **changes))
    assert finding.tier == "patient" and finding.severity == "warning"
    assert f'"{abbreviation}"' in finding.message and "formulas" in finding.message


@pytest.mark.parametrize(
    "patient",
    [
        pytest.param("- Irritable bowel syndrome (IBS) is common. IBS hurts. [1]", id="full-first"),
        pytest.param("- IBS (irritable bowel syndrome) is common. [1]", id="full-after"),
        pytest.param("- Doctors in the US agree on this. [1]", id="everyday"),
        pytest.param("- Gut-Brain links are real. [1]", id="title-case-words"),
    ],
)
def test_abbreviation_stays_quiet(patient: str) -> None:
    assert found("abbreviation", article(patient=patient)) == []


def test_abbreviation_is_a_patient_tier_rule() -> None:
    assert found("abbreviation", article(student="- Some people get IBS after it. [1]")) == []


# --- rare-word -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patient", "word"),
    [
        pytest.param("- Tryptase rises after meals. [1]", "Tryptase", id="rare"),
        pytest.param("- It acts on the vagus nerve. [1]", "vagus", id="rare-in-a-phrase"),
        pytest.param("- The tryptase-rich cells react. [1]", "tryptase", id="hyphen-piece"),
    ],
)
def test_rare_word_fires(patient: str, word: str) -> None:
    (finding,) = found("rare-word", article(patient=patient))
    assert finding.severity == "warning" and f'"{word}"' in finding.message
    assert finding.excerpt in patient


@pytest.mark.parametrize(
    ("patient", "glossary"),
    [
        pytest.param(
            "- The vagus nerve is a nerve that links the brain and gut. [1]",
            {"vagus nerve": "a nerve"},
            id="explained-phrase",
        ),
        pytest.param(
            "- Tryptase is a protein that cells release. It rises after meals. [1]",
            {},
            id="explained-in-text",
        ),
        pytest.param("- A protein called tryptase rises. [1]", {}, id="called"),
        pytest.param(
            "- It may turn on sirtuins. These are proteins in the body. [1]", {}, id="next-sentence"
        ),
        pytest.param("- A germ can grow. Its name is C. difficile. [1]", {}, id="its-name-is"),
        pytest.param("- Probiotics are live germs sold as pills. [1]", {}, id="a-known-kind"),
        pytest.param("- One signal, IL-18, rises after meals. [1]", {}, id="digits-skipped"),
        pytest.param("- The gut-brain link is real. [1]", {}, id="common-hyphen-pieces"),
        pytest.param("- The gut squeezes food along. [1]", {}, id="inflected-everyday-word"),
    ],
)
def test_rare_word_stays_quiet(patient: str, glossary: dict[str, str]) -> None:
    assert found("rare-word", article(patient=patient, glossary=glossary)) == []


def test_a_glossary_entry_alone_does_not_silence_a_patient_word() -> None:
    """The patient reads the sentence, not the glossary (issue 19)."""
    planted = article(
        patient="- Tryptase rises after meals. [1]", glossary={"tryptase": "a protein"}
    )
    assert [f.excerpt for f in found("rare-word", planted)] == ["Tryptase rises after meals."]


@pytest.mark.parametrize(("threshold", "fires"), [(3.0, False), (3.5, True)])
def test_rare_word_threshold_comes_from_the_data_file(
    monkeypatch: pytest.MonkeyPatch, threshold: float, fires: bool
) -> None:
    """The word "acupuncture" sits at Zipf 3.04: everyday at 3.0, rare at a stricter 3.5."""
    words = check_words().model_copy(update={"rare_word_zipf": threshold})
    # The rule reads the lists, and the engine keys its cached findings by them.
    for module in ("readability.checks.plain_words", "readability.checks.engine"):
        monkeypatch.setattr(f"{module}.check_words", lambda: words)
    findings = found("rare-word", article(patient="- Acupuncture eased the pain. [1]"))
    assert bool(findings) is fires


# --- long-sentence ---------------------------------------------------------------------------


def _sentence(words: int) -> str:
    return " ".join(["gut"] * (words - 1) + ["bacteria."])


@pytest.mark.parametrize(
    ("tier", "words", "fires"),
    [
        ("patient", 21, True),
        ("patient", 20, False),
        ("student", 26, True),
        ("student", 25, False),
        ("clinician", 60, False),
    ],
)
def test_long_sentence_limits(tier: str, words: int, fires: bool) -> None:
    texts = {"patient": PATIENT, "student": STUDENT, "clinician": CLINICIAN}
    texts[tier] = f"{texts[tier]}\n- {_sentence(words)} [1]"
    findings = found("long-sentence", article(**texts))
    assert [(f.tier, f.excerpt) for f in findings] == ([(tier, _sentence(words))] if fires else [])
    if fires:
        assert f"{words} words" in findings[0].message


# --- tier-order ------------------------------------------------------------------------------


def test_tier_order_whole_tier_is_an_error_and_a_section_a_warning() -> None:
    subject = article(patient=CLINICIAN)  # the patient tier reads like the clinician tier
    findings = found("tier-order", subject)
    by_section = {f.section: f for f in findings}
    assert set(by_section) == {None, "only"}
    assert by_section[None].severity == "error" and by_section[None].tier == "patient"
    assert by_section["only"].severity == "warning"
    assert by_section["only"].excerpt in CLINICIAN


def test_tier_order_needs_a_gap_of_one_and_a_half_grades() -> None:
    gap = score_markdown(STUDENT).consensus_grade - score_markdown(PATIENT).consensus_grade
    assert gap >= 1.5  # the calibrated base article is clearly ordered ...
    assert found("tier-order", article()) == []
    # ... and a patient text as hard as the student text is not.
    assert found("tier-order", article(patient=STUDENT))


def test_tier_order_is_quiet_on_well_separated_texts() -> None:
    subject = article(patient=f"- {LONG_PATIENT_TEXT} [1]", clinician=f"- {CLINICAL_TEXT} [1]")
    assert found("tier-order", subject) == []


# --- citation-parity -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patient", "clinician", "fires"),
    [
        pytest.param("- A. [1]\n- B. [2]", "- A. [1]\n- B. [1, 2]", True, id="item-differs"),
        pytest.param("- A. [1]\n- B. [1, 2]", "- A. [1]\n- B. [2, 1]", False, id="same-set"),
        pytest.param("- A. [1]\n- B. [2]", "- A and B. [1]", True, id="counts-differ"),
        pytest.param("- A. [1]\n- B. [2]", "- A and B. [1, 2]", False, id="counts-differ-same"),
    ],
)
def test_citation_parity(patient: str, clinician: str, fires: bool) -> None:
    subject = article(patient=patient, student=patient, clinician=clinician)
    findings = [f for f in found("citation-parity", subject) if f.tier == "patient"]
    if fires:
        (finding,) = findings
        assert (finding.tier, finding.section, finding.severity) == ("patient", "only", "error")
        assert "[2]" in finding.message
    else:
        assert findings == []


# --- acceptances -----------------------------------------------------------------------------

OVERCLAIMING = "- Bacteria always lift mood. [1]"


def test_an_accepted_finding_is_listed_but_never_gates() -> None:
    accept = [
        {"rule": "overclaim", "section": "only", "excerpt": "always lift", "why": "Quoted rule."}
    ]
    subject = article(patient=OVERCLAIMING, grade=NOT_GRADED, checks={"accept": accept})
    (finding,) = found("overclaim", subject)
    assert finding.accepted and finding.why == "Quoted rule."
    assert not finding.gates
    assert finding.to_dict()["accepted"] is True and finding.to_dict()["why"] == "Quoted rule."
    assert found("stale-acceptance", subject) == []


@pytest.mark.parametrize(
    ("rule", "section"),
    [("long-sentence", "only"), ("overclaim", "other-section")],
)
def test_an_acceptance_for_another_rule_or_section_does_not_apply(rule: str, section: str) -> None:
    accept = [{"rule": rule, "section": section, "excerpt": "always lift", "why": "No."}]
    subject = article(patient=OVERCLAIMING, grade=NOT_GRADED, checks={"accept": accept})
    (finding,) = found("overclaim", subject)
    assert not finding.accepted and finding.gates


def test_a_stale_acceptance_is_a_warning() -> None:
    accept = [{"rule": "overclaim", "excerpt": "cures everything", "why": "Old text."}]
    (finding,) = found("stale-acceptance", article(checks={"accept": accept}))
    assert finding.severity == "warning" and finding.excerpt == "cures everything"


# --- library, data file, shipped corpus ------------------------------------------------------


def test_check_library_adds_a_load_error_per_broken_file(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: [broken", encoding="utf-8")
    (tmp_path / "wrong.yaml").write_text("id: wrong\ntitle: x\n", encoding="utf-8")
    findings = check_library(load_library(tmp_path))
    assert [(f.article, f.rule, f.severity) for f in findings] == [
        ("broken", "load", "error"),
        ("wrong", "load", "error"),
    ]
    assert "invalid YAML" in findings[0].message


def test_a_typo_in_the_word_list_file_is_an_error(tmp_path: Path) -> None:
    from readability.check_words import CHECK_WORDS_FILE

    path = tmp_path / "check_words.yaml"
    path.write_text(
        CHECK_WORDS_FILE.read_text(encoding="utf-8").replace("certainty:", "certainly:"),
        encoding="utf-8",
    )
    with pytest.raises(CheckWordsFileError, match="certain"):
        check_words(path)


def test_the_word_list_names_only_registered_tiers(tmp_path: Path) -> None:
    from readability.check_words import CHECK_WORDS_FILE

    path = tmp_path / "check_words.yaml"
    text = CHECK_WORDS_FILE.read_text(encoding="utf-8").replace("  student: 25", "  pupil: 25")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CheckWordsFileError, match="pupil"):
        check_words(path)


def test_shipped_corpus_findings_name_real_tiers_and_sections() -> None:
    library = load_library()
    for finding in check_library(library):
        subject = library.articles[finding.article]
        assert finding.tier in (*TIERS, None)
        parts = {"summary", "key_points", "actions", *(s.id for s in subject.sections)}
        assert finding.section in (*parts, None)
        assert finding.rule in RULES
