"""Article validation beyond the schema: sources, citations anywhere, key points, actions, basis."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from content import loader, validation
from content.citations import (
    _MARKER_WITH_SPACE,
    CITATION_MARKER,
    _cited_ids,
    cited_ids,
    parse_marker,
    section_citations,
    strip_citations,
)
from content.loader import load_article, load_library
from content.problems import blocks_serving, has_errors
from tests.conftest import ROOT
from tests.samples import valid_article

GUIDELINE = {"id": "2", "type": "guideline", "title": "Advice", "source": "NICE", "year": 2024}
SUMMARY = {"id": "2", "type": "summary", "title": "Answers", "source": "A site", "year": 2024}
TRIAL = valid_article()["references"][0]


def _problems(data: dict[str, Any]) -> list:
    _, problems = validation.parse_article(data, "a.yaml")
    return problems


def _at(problems: list, field: str) -> list:
    return [p for p in problems if p.where == f"a.yaml:{field}"]


# --- Source types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "errors"),
    [
        (SUMMARY, 0),
        (GUIDELINE | {"issuer": "National Institute for Health and Care Excellence"}, 0),
        (GUIDELINE, 1),
    ],
    ids=["summary-needs-no-issuer", "guideline-with-issuer", "guideline-without-issuer"],
)
def test_a_guideline_must_name_its_issuer(reference: dict, errors: int) -> None:
    problems = _problems(valid_article(references=[TRIAL, reference]))
    found = _at(problems, "references[1].issuer")
    assert [p.severity for p in found] == ["error"] * errors
    if errors:
        assert "names no issuer" in found[0].message
        assert has_errors(problems) and not blocks_serving(problems)


# --- Dangling citations anywhere ------------------------------------------------------------------

SUMMARY_CITING_7 = {
    "patient": "It may. [7]",
    "student": "It may. [1]",
    "clinician": "It may. [1]",
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": SUMMARY_CITING_7}, "summary.patient"),
        ({"key_points": {"patient": ["One. [7]", "Two."]}}, "key_points.patient[0]"),
        ({"actions": {"patient": ["Ask your doctor. [7]"]}}, "actions.patient[0]"),
    ],
    ids=["summary", "key-points", "actions"],
)
@pytest.mark.parametrize(
    ("status", "severity"),
    [
        ("draft", "warning"),
        ("submitted", "warning"),
        ("under_review", "warning"),
        ("approved", "error"),
    ],
)
def test_dangling_citations_outside_sections(changes, field, status, severity) -> None:
    problems = _problems(valid_article(status=status, **changes))
    (found,) = _at(problems, field)
    assert found.severity == severity
    assert "citation [7]" in found.message and "no matching reference" in found.message


def test_approved_with_dangling_citation_fails_validate_but_is_served_as_pending(
    write_article: Callable[..., Path],
) -> None:
    data = valid_article(status="approved")
    data["sections"][0]["tiers"]["patient"] = "- A short line for patients. [1] [9]"
    path = write_article(data)
    result = load_article(path)
    errors = [p for p in result.problems if p.severity == "error"]
    assert [p.where for p in errors] == [f"{path}:sections[0].tiers"]
    assert "citation [9]" in errors[0].message
    # Readers keep the article, shown as pending review (the page's notice follows the status).
    assert result.article is not None
    assert result.article.status == "under_review"
    assert not result.article.approved
    assert list(load_library(path.parent).articles) == ["sample-article"]
    cli = subprocess.run(
        [sys.executable, "-m", "content", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 1
    assert "error: citation [9]" in cli.stdout


def test_a_draft_with_dangling_citation_validates(write_article: Callable[..., Path]) -> None:
    data = valid_article(summary=SUMMARY_CITING_7)
    result = load_article(write_article(data))
    assert result.article is not None and result.article.status == "draft"
    assert not has_errors(result.problems)


# --- Key points and actions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "error"),
    [(1, True), (2, False), (4, False), (5, True)],
)
def test_each_tier_of_key_points_has_two_to_four(count: int, error: bool) -> None:
    points = [f"Point {i}." for i in range(count)]
    problems = _problems(valid_article(key_points={"student": points}))
    found = _at(problems, "key_points.student")
    assert bool(found) == error
    if error:
        assert found[0].severity == "error" and "2 to 4" in found[0].message


def test_patient_actions_are_required() -> None:
    problems = _problems(valid_article(actions={"student": ["Read more."]}))
    (found,) = _at(problems, "actions.patient")
    assert found.severity == "error" and not found.blocking


def test_an_imported_draft_without_patient_text_needs_no_actions() -> None:
    data = valid_article(actions={}, summary={"clinician": "Affirmative. [1]"})
    for section in data["sections"]:
        section["tiers"] = {"clinician": section["tiers"]["clinician"]}
    assert not _at(_problems(data), "actions.patient")


# --- Basis and text agree -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "text", "warned"),
    [
        ([], "- Tests in mice suggest this. [1]", "speaks of 'mice'"),
        ([], "- Germ-free animals changed. [1]", "speaks of 'animals', 'germ-free'"),
        ([], "- In lab studies of tissue, nerves fired. [1]", "speaks of 'lab'"),
        (["case_control"], "- Rats did this. [1]", "speaks of 'rats'"),
        (["animal"], "- People did this. [1]", "never says so"),
        (["in_vitro"], "- Nerves fired. [1]", "never says so"),
        (["animal"], "- In animals, this happened. [1]", None),
        (["in_vitro"], "- In lab tests, this happened. [1]", None),
        ([], "- Immune cells fight germs. [1]", None),  # "cells" alone is not lab work
        (["cohort"], "- Following people over time. [1]", None),
    ],
)
def test_basis_and_text_agree_about_animal_or_lab_work(basis, text, warned) -> None:
    data = valid_article()
    data["sections"][0]["basis"] = basis
    data["sections"][0]["tiers"] = {t: text for t in ("patient", "student", "clinician")}
    found = _at(_problems(data), "sections[0].basis")
    if warned is None:
        assert found == []
    else:
        (problem,) = found
        assert problem.severity == "warning" and warned in problem.message


# --- The shipped corpus and the module split ------------------------------------------------------


def test_shipped_corpus_validates_without_basis_warnings() -> None:
    cli = subprocess.run(
        [sys.executable, "-m", "content", "validate"], cwd=ROOT, capture_output=True, text=True
    )
    assert cli.returncode == 0, cli.stdout
    assert "basis" not in cli.stdout
    assert "0 error(s)" in cli.stderr


def test_the_loader_only_loads() -> None:
    """Validation lives in content.validation; the loader only calls it (no re-exports)."""
    assert loader.parse_article is validation.parse_article
    assert not hasattr(loader, "check_article")
    source = Path(loader.__file__).read_text(encoding="utf-8")
    assert "def check_article" not in source and "def parse_article" not in source


def test_flagship_short_answer_says_how_sure_we_are() -> None:
    """No bare "Yes." over mostly animal evidence: every tier hedges and names the animals."""
    from tests.conftest import FROZEN

    article = load_library(FROZEN).articles["gut-brain-axis"]
    for tier in ("patient", "student", "clinician"):
        summary = article.summary.get(tier)
        assert not summary.lower().startswith(("yes", "no")), tier
        assert summary.startswith("Probably"), tier
        assert "animal" in summary.lower(), tier
    assert article.review is None  # nobody has reviewed it
    assert {r.type for r in article.references} == {"summary"}
    assert {r.source_label for r in article.references} == {"Guideline"}


def test_rebuilt_gut_brain_article_rests_on_checkable_sources() -> None:
    """Issue 17: no commercial summaries, no dangling citations, plain patient words, a draft."""
    article = load_library().articles["gut-brain-axis"]
    assert article.status == "draft" and article.review is None
    assert "summary" not in {r.type for r in article.references}
    ids = {r.id for r in article.references}
    for section in article.sections:
        assert set(section_citations(section)) <= ids, section.id
    for tier in ("patient", "student", "clinician"):
        summary = article.summary.get(tier).lower()
        assert not summary.startswith(("yes", "no")), tier
        assert any(word in summary for word in ("animal", "mice", "rodent")), tier
    patient = " ".join(s.tiers.get("patient") or "" for s in article.sections).lower()
    for jargon in ("il-18", "tryptase", "hypothalamus", "amygdala"):
        assert jargon not in patient, jargon


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Animals",
                "MICE",
                "in  vitro",
                "IN\nVITRO",
                "germ-free",
                "-lab",
                "lab-",
                "labs",
                "rat",
                "ſ",
                "\u0130",
                "\u0131",
                "\u212a",
                "anima",
                "l",
                "in",
                " ",
                "cell cultures",
                "Rodent",
                "people",
            ]
        )
        | st.text(max_size=4),
        max_size=10,
    ).map("".join)
)
@example("CELL ſTUDIES")  # each folds to a word only under case-insensitive matching
@example("m\u0131ce")
@example("\u0130N VITRO")
def test_non_human_hint_never_hides_a_mention(text: str) -> None:
    """The quick lowercase check only skips texts the full case-folding pattern finds nothing in."""
    full = [m.group(0) for m in validation._non_human_pattern().finditer(text)]
    assert validation.non_human_mentions(text) == full


@pytest.mark.parametrize(
    "text",
    ["[3]", "see [1, 2] and [2-4]", "[ 07 ]", "[1\u20133]", "[2](link) [5]", "no markers", ""],
)
def test_cited_ids_equal_parsing_every_marker(text: str) -> None:
    """The cached, short-cut `cited_ids` gives what parsing each marker in turn gives."""
    expected: list[str] = []
    for match in CITATION_MARKER.finditer(text):
        expected += [i for i in parse_marker(match.group(1)) if i not in expected]
    _cited_ids.cache_clear()
    assert cited_ids(text) == cited_ids(text) == expected
    ids = cited_ids(text)
    ids.append("99")  # callers own the list they get: the cached answer is unchanged
    assert cited_ids(text) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["[1]", " [2, 3]", "\u00a0[4-6]", "[7](x)", "[", "]", "[x]", "  ", "\n", "a", "9"]
        )
        | st.text(max_size=3),
        max_size=10,
    ).map("".join)
)
def test_strip_citations_equals_the_expression(text: str) -> None:
    """Found from each "[", markers and the space before each go exactly as the expression
    `\\s*marker` removes them."""
    assert strip_citations(text) == _MARKER_WITH_SPACE.sub("", text)
