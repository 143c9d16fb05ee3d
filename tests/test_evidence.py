"""Evidence grading: strongest design wins, certainty caps it, flags say what a section rests on."""

from __future__ import annotations

import copy

import pytest
import yaml

from content.evidence import (
    FLAG_NO_SOURCE,
    FLAG_NON_HUMAN_ONLY,
    FLAG_OPINION_ONLY,
    FLAG_SUMMARY_ONLY,
    GRADE_ORDER,
    VOCABULARY_FILE,
    VocabularyError,
    grade_section,
    parse_vocabulary,
    vocabulary,
)
from content.model import Reference, Section


def _ref(ref_id: str, kind: str, certainty: str | None = None, year: int = 2020) -> Reference:
    issuer = "A named medical body" if kind == "guideline" else None
    return Reference(
        id=ref_id,
        type=kind,
        title=f"{kind} {ref_id}",
        source="J",
        year=year,
        certainty=certainty,
        issuer=issuer,
    )


def _section(cited: list[str], basis: list[str] | None = None) -> tuple[Section, list[str]]:
    markers = " ".join(f"[{i}]" for i in cited)
    section = Section(
        id="s", heading="S", basis=basis or [], tiers={"clinician": f"- Claim. {markers}"}
    )
    return section, cited


@pytest.mark.parametrize(
    ("refs", "basis", "score", "label", "flags"),
    [
        ([("1", "rct", None)], [], 0.40, "Low", []),
        ([("1", "meta_analysis", None), ("2", "animal", None)], [], 0.40, "Low", []),
        ([("1", "cohort", None)], [], 0.40, "Low", []),
        ([("1", "case_control", None)], [], 0.40, "Low", []),
        (
            [(str(i), "animal", None) for i in range(1, 11)],
            [],
            0.15,
            "Very low",
            [FLAG_NON_HUMAN_ONLY],
        ),
        ([("1", "rct", "low")], [], 0.40, "Low", []),
        ([("1", "systematic_review", "very_low")], [], 0.15, "Very low", []),
        ([("1", "guideline", None)], [], None, "Not graded", [FLAG_OPINION_ONLY]),
        ([("1", "guideline", "moderate")], [], 0.65, "Moderate", [FLAG_OPINION_ONLY]),
        ([("1", "guideline", None)], ["animal"], None, "Not graded", [FLAG_NON_HUMAN_ONLY]),
        ([("1", "guideline", "high")], ["animal"], 0.20, "Very low", [FLAG_NON_HUMAN_ONLY]),
        ([("1", "guideline", "moderate")], ["in_vitro"], 0.20, "Very low", [FLAG_NON_HUMAN_ONLY]),
        ([("1", "summary", None)], [], None, "Not graded", [FLAG_SUMMARY_ONLY]),
        ([("1", "summary", None)], ["case_control"], None, "Not graded", []),
        ([("1", "summary", None), ("2", "rct", None)], [], 0.40, "Low", []),
        ([("1", "summary", None)], ["animal"], None, "Not graded", [FLAG_NON_HUMAN_ONLY]),
        (
            [("1", "guideline", None), ("2", "summary", None)],
            [],
            None,
            "Not graded",
            [FLAG_OPINION_ONLY],
        ),
        ([("1", "guideline", None)], ["animal", "case_control"], None, "Not graded", []),
        ([("1", "expert_opinion", None)], [], 0.15, "Very low", [FLAG_OPINION_ONLY]),
        ([], [], None, "Not graded", [FLAG_NO_SOURCE]),
        ([], ["in_vitro"], None, "Not graded", [FLAG_NO_SOURCE, FLAG_NON_HUMAN_ONLY]),
    ],
    ids=[
        "one-trial-is-low",
        "review-without-pools-is-at-most-low",
        "cohort",
        "case-control",
        "ten-animal-studies-stay-weak",
        "stated-low-trial",
        "stated-very-low-review",
        "guideline-ungraded",
        "graded-guideline",
        "guideline-on-animal-basis-is-not-raised",
        "certainty-over-animal-basis-is-capped",
        "certainty-over-lab-basis-is-capped",
        "summary-only",
        "basis-never-raises-a-summary",
        "summary-plus-trial",
        "summary-plus-animal-basis",
        "guideline-without-certainty-and-summary",
        "guideline-on-human-basis-is-not-raised",
        "opinion",
        "nothing-cited",
        "basis-without-source",
    ],
)
def test_section_grade(
    refs: list[tuple[str, str, str | None]],
    basis: list[str],
    score: float | None,
    label: str,
    flags: list[str],
) -> None:
    references = {r[0]: _ref(*r) for r in refs}
    section, cited = _section(list(references), basis)
    evidence = grade_section(section, references, cited)
    assert evidence.score == (pytest.approx(score) if score is not None else None)
    assert evidence.label == label
    assert evidence.flags == flags


def test_counts_share_and_years() -> None:
    references = {"1": _ref("1", "rct", year=2018), "2": _ref("2", "animal", year=2024)}
    section, cited = _section(["1", "2"], ["cohort"])
    evidence = grade_section(section, references, cited)
    assert evidence.counts_by_level == {2: 1, 7: 1, 3: 1}
    assert evidence.human_share == pytest.approx(2 / 3)
    assert (evidence.newest_year, evidence.median_year) == (2024, 2021)
    assert [i.origin for i in evidence.items] == ["reference", "reference", "basis"]


def test_dangling_citations_are_ignored_not_crashing() -> None:
    section, cited = _section(["5"])
    assert grade_section(section, {}, cited).flags == [FLAG_NO_SOURCE]


def test_vocabulary_covers_every_study_type_in_the_model() -> None:
    from typing import get_args

    from content.model import StudyType

    assert set(vocabulary().designs) == set(get_args(StudyType))
    levels = [d.level for d in vocabulary().designs.values() if d.is_design]
    assert set(levels) <= set(vocabulary().levels)
    assert {name for name, d in vocabulary().designs.items() if not d.is_design} == {
        "guideline",
        "summary",
    }


def test_certainty_over_animal_basis_says_why_and_never_in_people() -> None:
    """A guideline stating high certainty cannot lift a section that rests on animal work."""
    references = {"1": _ref("1", "guideline", "high")}
    section, cited = _section(["1"], ["animal"])
    evidence = grade_section(section, references, cited)
    assert (evidence.label, evidence.rank, evidence.non_human, evidence.capped) == (
        "Very low",
        1,
        True,
        True,
    )
    assert vocabulary().band(evidence.score)["label"] == "Very low"  # clamped into the band
    assert "animals or in the lab" in evidence.reason
    assert "in people" not in evidence.reason


def test_summary_only_section_gives_a_plain_reason() -> None:
    references = {"1": _ref("1", "summary")}
    section, cited = _section(["1"])
    evidence = grade_section(section, references, cited)
    assert (evidence.label, evidence.rank, evidence.score) == ("Not graded", 0, None)
    assert evidence.reason == (
        "It rests only on summaries written by others, which are not studies, so it is not graded."
    )


@pytest.mark.parametrize(("label", "rank"), list(zip(GRADE_ORDER, range(5), strict=True)))
def test_rank_orders_the_grades(label: str, rank: int) -> None:
    assert GRADE_ORDER.index(label) == rank


def test_summary_reads_as_not_a_study() -> None:
    design = vocabulary().designs["summary"]
    assert design.patient == "a summary written by others, not a study or official guidance"
    assert (design.level, design.weight) == (None, None)


def _raw_vocabulary() -> dict:
    return copy.deepcopy(yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8")))


def _break(raw: dict, change: str) -> dict:
    if change == "typo-in-a-key":
        raw["designs"]["rct"]["wieght"] = raw["designs"]["rct"].pop("weight")
    elif change == "typo-at-top":
        raw["grade_cap"] = raw.pop("grade_caps")
    elif change == "missing-type":
        del raw["designs"]["cohort"]
    elif change == "unknown-type":
        raw["designs"]["anecdote"] = raw["designs"]["rct"]
    elif change == "type-twice":
        raw["designs"]["summary"] = raw["designs"]["rct"]
    elif change == "weight-out-of-range":
        raw["designs"]["rct"]["weight"] = 8
    elif change == "unknown-level":
        raw["designs"]["rct"]["level"] = 9
    elif change == "bands-out-of-order":
        raw["bands"].reverse()
    elif change == "unknown-band-label":
        raw["bands"][0]["label"] = "Excellent"
    elif change == "cap-above-very-low":
        raw["non_human_cap"] = 0.3
    elif change == "missing-certainty":
        del raw["grade_caps"]["low"]
    return raw


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ("typo-in-a-key", "designs.rct"),
        ("typo-at-top", "grade_cap"),
        ("missing-type", "cohort"),
        ("unknown-type", "anecdote"),
        ("type-twice", "summary"),
        ("weight-out-of-range", "designs.rct.weight"),
        ("unknown-level", "level 9"),
        ("bands-out-of-order", "strongest first"),
        ("unknown-band-label", "bands"),
        ("cap-above-very-low", "non_human_cap"),
        ("missing-certainty", "low"),
    ],
)
def test_a_vocabulary_typo_is_an_error_not_a_default(change: str, needle: str) -> None:
    with pytest.raises(VocabularyError) as caught:
        parse_vocabulary(_break(_raw_vocabulary(), change), "vocab.yaml")
    assert str(caught.value).startswith("vocab.yaml: ")
    assert needle in str(caught.value)


def test_the_shipped_vocabulary_parses() -> None:
    assert parse_vocabulary(_raw_vocabulary()) == vocabulary()


def test_gut_brain_article_shows_animal_basis_honestly() -> None:
    from content import export_article, load_library
    from tests.conftest import FROZEN

    article = load_library(FROZEN).articles["gut-brain-axis"]
    sections = {s["id"]: s["evidence"] for s in export_article(article)["sections"]}
    assert FLAG_NON_HUMAN_ONLY in sections["metabolite-production"]["flags"]
    assert FLAG_NON_HUMAN_ONLY not in sections["inflammatory-mediators"]["flags"]
    assert all(e["label"] for e in sections.values())
    # The same animal claim from [1] grades the same wherever it is made.
    assert sections["stress-related-hormones"] == sections["bidirectional-communication"] | {
        "items": sections["stress-related-hormones"]["items"],
        "counts_by_level": sections["stress-related-hormones"]["counts_by_level"],
        "median_year": sections["stress-related-hormones"]["median_year"],
    }
    summaries_only = ["neurotransmitters", "immune-system-modulation", "therapeutic-targets"]
    for section_id in summaries_only:
        assert (sections[section_id]["label"], sections[section_id]["rank"]) == ("Not graded", 0)
        assert "summaries written by others" in sections[section_id]["reason"]
