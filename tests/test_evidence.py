"""Evidence grading: strongest design wins, certainty caps it, flags say what a section rests on."""

from __future__ import annotations

import pytest

from content.evidence import (
    FLAG_NO_SOURCE,
    FLAG_NON_HUMAN_ONLY,
    FLAG_OPINION_ONLY,
    grade_section,
    vocabulary,
)
from content.model import Reference, Section


def _ref(ref_id: str, kind: str, certainty: str | None = None, year: int = 2020) -> Reference:
    return Reference(
        id=ref_id, type=kind, title=f"{kind} {ref_id}", source="J", year=year, certainty=certainty
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
        ([("1", "rct", None)], [], 0.80, "High", []),
        ([("1", "meta_analysis", None), ("2", "animal", None)], [], 1.00, "High", []),
        ([("1", "cohort", None)], [], 0.55, "Moderate", []),
        ([("1", "case_control", None)], [], 0.40, "Low", []),
        (
            [(str(i), "animal", None) for i in range(1, 11)],
            [],
            0.10,
            "Very low",
            [FLAG_NON_HUMAN_ONLY],
        ),
        ([("1", "rct", "low")], [], 0.50, "Moderate", []),
        ([("1", "systematic_review", "very_low")], [], 0.25, "Low", []),
        ([("1", "guideline", None)], [], None, "Not graded", [FLAG_OPINION_ONLY]),
        ([("1", "guideline", "moderate")], [], 0.75, "Moderate", [FLAG_OPINION_ONLY]),
        ([("1", "guideline", None)], ["animal"], 0.10, "Very low", [FLAG_NON_HUMAN_ONLY]),
        ([("1", "guideline", None)], ["animal", "case_control"], 0.40, "Low", []),
        ([("1", "expert_opinion", None)], [], 0.15, "Very low", [FLAG_OPINION_ONLY]),
        ([], [], None, "Not graded", [FLAG_NO_SOURCE]),
        ([], ["in_vitro"], 0.05, "Very low", [FLAG_NO_SOURCE, FLAG_NON_HUMAN_ONLY]),
    ],
    ids=[
        "one-trial",
        "strongest-wins",
        "cohort",
        "case-control",
        "ten-animal-studies-stay-weak",
        "certainty-caps-trial",
        "certainty-caps-review",
        "guideline-ungraded",
        "graded-guideline",
        "guideline-on-animal-basis",
        "guideline-on-human-basis",
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
    levels = [d.level for d in vocabulary().designs.values()]
    assert set(levels) <= set(vocabulary().levels)


def test_gut_brain_article_shows_animal_basis_honestly() -> None:
    from content import export_article, load_library

    article = load_library().articles["gut-brain-axis"]
    sections = {s["id"]: s["evidence"] for s in export_article(article)["sections"]}
    assert FLAG_NON_HUMAN_ONLY in sections["metabolite-production"]["flags"]
    assert FLAG_NON_HUMAN_ONLY not in sections["inflammatory-mediators"]["flags"]
    assert all(e["label"] for e in sections.values())
