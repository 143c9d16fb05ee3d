"""The grading method (issue 17): a certainty a source states, else an estimate from design.

Held-out cases from the issue, written before the shipped corpus was re-graded: one trial is
not a body of evidence, a design alone never reaches High, and a review's own rating wins.
"""

from __future__ import annotations

from typing import Any

import pytest

from content.evidence import article_evidence, grade_section
from content.loader import load_library
from content.model import Reference, Section
from content.validation import parse_article
from tests.samples import valid_article


def _ref(ref_id: str, kind: str, **fields: Any) -> Reference:
    return Reference(
        id=ref_id, type=kind, title=f"{kind} {ref_id}", source="J", year=2020, **fields
    )


def _grade(refs: list[Reference], basis: list[str] | None = None, outcome: str | None = None):
    markers = " ".join(f"[{r.id}]" for r in refs)
    section = Section(
        id="s",
        heading="S",
        basis=basis or [],
        outcome=outcome,
        tiers={"clinician": f"- Claim. {markers}"},
    )
    return grade_section(section, {r.id: r for r in refs}, [r.id for r in refs])


def test_one_trial_alone_is_low() -> None:
    evidence = _grade([_ref("1", "rct")])
    assert evidence.label == "Low"
    assert evidence.basis_of_grade.as_json() == {
        "route": "design",
        "level": "low",
        "scheme": None,
        "outcome": None,
        "reference": "1",
        "design": "rct",
    }
    assert evidence.basis_of_grade.why == "one randomised trial"
    assert "estimated from study design" in evidence.reason


def test_two_distinct_trials_are_moderate_and_one_cited_twice_is_not() -> None:
    assert _grade([_ref("1", "rct"), _ref("2", "rct")]).label == "Moderate"
    markers = "[1] [1]"
    section = Section(id="s", heading="S", tiers={"clinician": f"- Claim. {markers}"})
    assert grade_section(section, {"1": _ref("1", "rct")}, ["1", "1"]).label == "Low"


def test_a_meta_analysis_of_trials_without_a_stated_certainty_is_moderate() -> None:
    evidence = _grade([_ref("1", "meta_analysis", pools="randomised")])
    assert (evidence.label, evidence.basis_of_grade.route) == ("Moderate", "design")
    assert evidence.basis_of_grade.why == "a review that pooled randomised trials"


@pytest.mark.parametrize("pools", [None, "mixed", "observational"])
def test_a_review_that_may_have_pooled_observational_studies_is_at_most_low(
    pools: str | None,
) -> None:
    evidence = _grade([_ref("1", "systematic_review", pools=pools)])
    assert evidence.label == "Low"


def test_a_review_stating_moderate_is_moderate_however_many_trials_it_pooled() -> None:
    refs = [_ref("1", "meta_analysis", pools="randomised", certainty="moderate")]
    refs += [_ref(str(i), "rct") for i in range(2, 8)]
    evidence = _grade(refs)
    assert evidence.label == "Moderate"
    assert (evidence.basis_of_grade.route, evidence.basis_of_grade.reference) == ("stated", "1")


def test_a_stated_low_certainty_wins_over_a_design_estimate() -> None:
    evidence = _grade([_ref("1", "meta_analysis", pools="randomised", certainty="low")])
    assert (evidence.label, evidence.basis_of_grade.route) == ("Low", "stated")


def test_only_a_stated_high_certainty_gives_high() -> None:
    best_design = [_ref("1", "meta_analysis", pools="randomised")]
    best_design += [_ref(str(i), "rct") for i in range(2, 6)]
    assert _grade(best_design).label == "Moderate"
    stated = _grade(
        [_ref("1", "systematic_review", certainty={"level": "high", "scheme": "GRADE"})]
    )
    assert (stated.label, stated.basis_of_grade.scheme) == ("High", "GRADE")


def test_observational_evidence_alone_is_at_most_low() -> None:
    refs = [
        _ref("1", "cohort"),
        _ref("2", "case_control"),
        _ref("3", "cross_sectional"),
        _ref("4", "meta_analysis", pools="observational"),
    ]
    assert _grade(refs).label == "Low"


def test_narrative_reviews_beside_a_design_change_nothing() -> None:
    alone = _grade([_ref("1", "rct")])
    beside = _grade([_ref("1", "rct"), _ref("2", "narrative_review")])
    assert (alone.label, alone.basis_of_grade) == (beside.label, beside.basis_of_grade)
    assert _grade([_ref("1", "narrative_review")]).label == "Very low"


def test_a_section_outcome_picks_the_rating_for_that_outcome() -> None:
    review = _ref(
        "1",
        "systematic_review",
        pools="randomised",
        certainty=[
            {"level": "moderate", "scheme": "GRADE", "outcome": "antibiotic-associated diarrhoea"},
            {"level": "low", "scheme": "GRADE", "outcome": "C. difficile infection"},
        ],
    )
    picked = _grade([review], outcome="c. difficile  infection")
    assert (picked.label, picked.basis_of_grade.outcome) == ("Low", "C. difficile infection")
    highest = _grade([review])
    assert highest.label == "Moderate"
    assert highest.basis_of_grade.outcome == "antibiotic-associated diarrhoea"
    # A rating for another outcome says nothing about this one: the design estimate applies.
    other = _grade([review], outcome="mortality")
    assert (other.label, other.basis_of_grade.route) == ("Moderate", "design")


def test_a_uspstf_certainty_of_net_benefit_counts_as_stated() -> None:
    guideline = _ref(
        "1",
        "guideline",
        issuer="US Preventive Services Task Force",
        certainty={"level": "moderate", "scheme": "USPSTF", "outcome": "falls"},
    )
    evidence = _grade([guideline])
    assert evidence.label == "Moderate"
    assert evidence.basis_of_grade.as_json()["scheme"] == "USPSTF"
    assert "not graded" not in evidence.reason.lower()


def test_animal_work_stays_very_low_whatever_is_stated() -> None:
    evidence = _grade([_ref("1", "animal", certainty="high")])
    assert (evidence.label, evidence.non_human) == ("Very low", True)


def test_a_weaker_basis_lowers_and_never_raises() -> None:
    lowered = _grade([_ref("1", "meta_analysis", pools="randomised")], basis=["cohort"])
    assert lowered.label == "Low" and lowered.basis_of_grade.lowered_by_basis
    not_raised = _grade([_ref("1", "narrative_review")], basis=["rct"])
    assert not_raised.label == "Very low"


def _problems(**changes: Any) -> list[tuple[str, str, str]]:
    article, problems = parse_article(valid_article(**changes), "a.yaml")
    return [(p.severity, p.where, p.message) for p in problems]


def _reference(**fields: Any) -> list[dict[str, Any]]:
    return [{"id": "1", "title": "A source", "source": "J", "year": 2020, **fields}]


@pytest.mark.parametrize(
    ("fields", "where", "needle"),
    [
        ({"type": "summary", "certainty": "low"}, "references[0]", "a summary rates nothing"),
        (
            {"type": "meta_analysis", "certainty": {"level": "low", "scheme": "NICE"}},
            "references[0].certainty",
            "GRADE",
        ),
        (
            {"type": "meta_analysis", "certainty": {"level": "fair", "scheme": "GRADE"}},
            "references[0].certainty",
            "very_low",
        ),
        ({"type": "rct", "pools": "randomised"}, "references[0]", "`pools` is only for"),
        ({"type": "meta_analysis", "pools": "trials"}, "references[0].pools", "randomised"),
    ],
    ids=["certainty-on-summary", "unknown-scheme", "unknown-level", "pools-on-trial", "bad-pools"],
)
def test_bad_certainty_is_an_error_naming_the_file_and_field(
    fields: dict[str, Any], where: str, needle: str
) -> None:
    found = _problems(references=_reference(**fields))
    assert any(
        severity == "error" and place.startswith(f"a.yaml:{where}") and needle in message
        for severity, place, message in found
    ), found


def test_a_basis_that_would_raise_the_grade_warns() -> None:
    article = valid_article()
    article["references"] = _reference(type="summary")
    article["sections"][0]["basis"] = ["case_control"]
    _, problems = parse_article(article, "a.yaml")
    warnings = [p for p in problems if p.severity == "warning" and p.where.endswith(".basis")]
    assert any("the grade ignores it" in p.message for p in warnings)


def test_no_shipped_section_is_high_unless_a_cited_source_states_high() -> None:
    library = load_library()
    assert library.articles
    for article in library.articles.values():
        for section_id, evidence in article_evidence(article).items():
            if evidence.label == "High":
                basis = evidence.basis_of_grade
                assert (basis.route, basis.level) == ("stated", "high"), (article.id, section_id)
                reference = article.reference(basis.reference or "")
                assert reference is not None
                assert any(rating.level == "high" for rating in reference.stated())


def test_every_shipped_section_says_which_route_it_took() -> None:
    for article in load_library().articles.values():
        for evidence in article_evidence(article).values():
            basis = evidence.basis_of_grade
            assert basis.route in {"stated", "design", "none"}
            assert (basis.route == "none") == (evidence.label == "Not graded")


def test_guideline_advice_is_never_called_unrateable() -> None:
    """Issue 17: "no studies we can rate" must never sit beside a section that reports
    guideline advice; where the guideline's own grade is not recorded, the words say so."""
    from content.evidence_words import guideline_only, how_we_know, strength_words
    from content.model import TIERS

    checked = 0
    for result in load_library().results:
        assert result.article is not None
        for section_id, evidence in article_evidence(result.article).items():
            if not guideline_only(evidence):
                continue
            checked += 1
            words = [strength_words(evidence, tier) for tier in TIERS] + [how_we_know(evidence)]
            assert not any("no studies" in w or "no cited study" in w for w in words), section_id
            assert all("guideline" in w for w in words), section_id
    assert checked >= 3  # physical-activity-adults has several such sections


def test_who_physical_activity_advice_is_graded_as_the_guideline_states() -> None:
    """The two WHO recommendations whose certainty the guideline states are Moderate, stated."""
    article = load_library().articles["physical-activity-adults"]
    evidence = article_evidence(article)
    for section in ("aerobic-activity", "muscle-strengthening"):
        basis = evidence[section].basis_of_grade
        assert (basis.route, basis.level, basis.scheme, basis.reference) == (
            "stated",
            "moderate",
            "GRADE",
            "1",
        )
    assert evidence["sitting-less"].basis_of_grade.route == "none"
