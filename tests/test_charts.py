"""The evidence chart as data: stacking order, fixed palette, grey non-human evidence, tooltips."""

from __future__ import annotations

import colorsys

import pytest

from content.evidence import vocabulary
from content.evidence_table import (
    evidence_rows,
    level_name,
    level_order,
    non_human_levels,
    section_summaries,
    strength_words,
)
from content.export import section_evidence
from content.model import Article
from ui import charts

TIERS = ("patient", "student", "clinician")


def _article(**changes) -> Article:
    """Three sections: trial + guideline + animal basis; lab work + meta-analysis; no source."""
    data = {
        "id": "chart-sample",
        "title": "Does the chart stack evidence in order?",
        "status": "draft",
        "updated": "2026-01-15",
        "sections": [
            {
                "id": "mixed",
                "heading": "Mixed evidence",
                "headings": {"patient": "A mix of studies"},
                "basis": ["animal"],
                "tiers": {t: f"- {t} text. [2, 1]" for t in TIERS},
            },
            {
                "id": "lab-and-review",
                "heading": "Lab work and a review",
                "tiers": {t: f"- {t} text. [3] [4]" for t in TIERS},
            },
            {
                "id": "no-source",
                "heading": "Nothing cited",
                "tiers": {t: f"- {t} text without a source." for t in TIERS},
            },
        ],
        "references": [
            {"id": "1", "type": "rct", "title": "A trial", "source": "J", "year": 2021},
            {"id": "2", "type": "guideline", "title": "A guideline", "source": "S", "year": 2024},
            {"id": "3", "type": "in_vitro", "title": "Cells", "source": "J", "year": 2019},
            {"id": "4", "type": "meta_analysis", "title": "Pooled", "source": "J", "year": 2022},
        ],
    }
    data.update(changes)
    return Article.model_validate(data)


@pytest.fixture(scope="module")
def article() -> Article:
    return _article()


@pytest.fixture(scope="module")
def spec(article: Article) -> dict:
    frame = charts.evidence_frame(article, "clinician")
    return charts.evidence_chart(frame, [s.heading for s in article.sections]).to_dict()


# --- The frame ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section_id", "designs"),
    [
        ("mixed", ["Guideline", "Randomised controlled trial", "Animal study"]),
        ("lab-and-review", ["Laboratory study", "Meta-analysis"]),
        ("no-source", []),
    ],
    ids=["references-then-basis", "two-references", "nothing"],
)
def test_frame_has_one_row_per_design_behind_each_section(article, section_id, designs):
    frame = charts.evidence_frame(article, "clinician")
    rows = frame[frame["section_id"] == section_id]
    assert list(rows["design"]) == designs
    assert set(rows["count"]) <= {1}


def test_frame_uses_the_readers_headings(article):
    patient = charts.evidence_frame(article, "patient")
    assert "A mix of studies" in set(patient["section"])
    assert "Mixed evidence" not in set(patient["section"])


def test_frame_marks_the_stated_basis_apart_from_cited_references(article):
    frame = charts.evidence_frame(article, "clinician")
    basis = frame[frame["origin"] == "Study type named in the text"]
    assert list(basis["design"]) == ["Animal study"]
    assert basis["reference"].tolist() == [""]
    assert basis["year"].isna().all()


def test_empty_frame_still_has_the_columns():
    frame = charts.evidence_frame(_article(references=[], sections=[_no_source()]), "patient")
    assert frame.empty
    assert list(frame.columns) == list(charts.EVIDENCE_COLUMNS)


def _no_source() -> dict:
    return {"id": "only", "heading": "Only", "tiers": {"patient": "- Text."}}


# --- Stacking order and legend --------------------------------------------------------------------


def test_legend_lists_every_level_in_the_vocabulary_order(spec):
    colour = spec["encoding"]["color"]
    names = [level_name(level) for level in level_order()]
    assert colour["scale"]["domain"] == names
    assert colour["sort"] == names
    assert colour["legend"]["title"]


def test_levels_stack_strongest_first_then_animal_and_lab_then_guidelines():
    order = level_order()
    assert order[:7] == [1, 2, 3, 4, 5, 6, 7]
    assert order[-1] == 0  # guidelines: their own category, after the design scale


def test_segments_are_ordered_by_the_legend_position(spec, article):
    assert spec["encoding"]["order"] == {
        "field": "stack_order",
        "sort": "ascending",
        "type": "quantitative",
    }
    domain = spec["encoding"]["color"]["scale"]["domain"]
    for row in evidence_rows(article, "clinician"):
        assert row["stack_order"] == domain.index(row["level_name"])


def test_bars_are_horizontal_stacked_counts(spec):
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "count"
    assert spec["encoding"]["x"]["stack"] == "zero"
    assert spec["encoding"]["y"]["field"] == "section"


def test_sections_keep_article_order_and_empty_sections_keep_a_row(spec, article):
    headings = [s.heading for s in article.sections]
    assert spec["encoding"]["y"]["sort"] == headings
    assert spec["encoding"]["y"]["scale"]["domain"] == headings  # "Nothing cited" stays visible


def test_default_section_order_comes_from_the_frame(article):
    frame = charts.evidence_frame(article, "clinician").iloc[::-1]
    spec = charts.evidence_chart(frame).to_dict()
    assert spec["encoding"]["y"]["sort"] == ["Mixed evidence", "Lab work and a review"]


def test_dataset_holds_one_record_per_segment(spec, article):
    (records,) = spec["datasets"].values()
    assert len(records) == len(evidence_rows(article, "clinician"))


# --- Palette --------------------------------------------------------------------------------------


def test_palette_is_fixed_whatever_the_data(spec):
    """The same design has the same colour on every article, even one citing a single guideline."""
    only_guideline = _article(
        sections=[{"id": "g", "heading": "G", "tiers": {"patient": "- Text. [2]"}}]
    )
    other = charts.evidence_chart(charts.evidence_frame(only_guideline, "patient")).to_dict()
    assert other["encoding"]["color"]["scale"] == spec["encoding"]["color"]["scale"]
    names, colours = charts.level_palette()
    assert spec["encoding"]["color"]["scale"]["range"] == colours
    assert len(set(colours)) == len(colours)


@pytest.mark.parametrize("design", sorted(vocabulary().designs), ids=str)
def test_non_human_designs_are_grey_and_human_ones_are_not(design):
    spec = vocabulary().designs[design]
    colour = charts.LEVEL_COLOURS[spec.level]
    if spec.human:
        assert colour != charts.NON_HUMAN_GREY
        assert not _is_grey(colour)
    else:
        assert colour == charts.NON_HUMAN_GREY
        assert _is_grey(colour)


def test_every_non_human_level_is_grey():
    assert non_human_levels() == {7}
    for level in non_human_levels():
        assert charts.LEVEL_COLOURS[level] == charts.NON_HUMAN_GREY


def test_human_study_levels_run_dark_to_light():
    """A sequential scale: lightness rises from level 1 (strongest) to level 6."""
    lightness = [_lightness(charts.LEVEL_COLOURS[level]) for level in range(1, 7)]
    assert lightness == sorted(lightness)
    assert len(set(lightness)) == 6


def test_guidelines_have_their_own_hue():
    hue = colorsys.rgb_to_hls(*_rgb(charts.LEVEL_COLOURS[0]))[0]
    blue_hues = {colorsys.rgb_to_hls(*_rgb(charts.LEVEL_COLOURS[lv]))[0] for lv in range(1, 7)}
    assert all(abs(hue - b) > 0.2 for b in blue_hues)
    assert not _is_grey(charts.LEVEL_COLOURS[0])


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _lightness(hex_colour: str) -> float:
    return colorsys.rgb_to_hls(*_rgb(hex_colour))[1]


def _is_grey(hex_colour: str) -> bool:
    return colorsys.rgb_to_hls(*_rgb(hex_colour))[2] < 0.05


# --- Tooltip --------------------------------------------------------------------------------------


def test_tooltip_names_each_reference(spec):
    fields = [t["field"] for t in spec["encoding"]["tooltip"]]
    assert fields == list(charts.TOOLTIP_FIELDS)
    titles = {t["field"]: t["title"] for t in spec["encoding"]["tooltip"]}
    assert titles["title"] == "Source"
    assert titles["year"] == "Year"
    assert titles["design"] == "Design"


def test_chart_describes_itself_for_screen_readers(spec):
    assert "strongest to weakest" in spec["description"]


def _contrast_on_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of a colour against white."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


@pytest.mark.parametrize("part", ["axis", "legend"])
def test_axis_and_legend_text_meet_aa_contrast(spec, part):
    config = spec["config"][part]
    for key in ("labelColor", "titleColor"):
        assert _contrast_on_white(config[key]) >= 4.5


# --- Words beside the chart -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "section_id", "expected"),
    [
        ("patient", "mixed", "Research in people shows this."),
        ("patient", "lab-and-review", "Research in people shows this."),
        ("patient", "no-source", "No source given"),
        ("student", "mixed", "Strong designs (reviews or randomised trials)"),
        ("student", "mixed", "rung 2 of 7"),
        ("student", "no-source", "No source cited."),
        ("clinician", "lab-and-review", "Design weight 1.00"),
        ("clinician", "lab-and-review", "Meta-analysis (level 1)"),
        ("clinician", "no-source", "No source cited."),
    ],
)
def test_strength_words_fit_the_reader(article, tier, section_id, expected):
    section = article.section(section_id)
    assert expected in strength_words(section_evidence(article, section), tier)


@pytest.mark.parametrize("tier", ["student", "clinician"])
def test_flags_are_spelled_out_for_students_and_clinicians(tier):
    section = {"id": "s", "heading": "S", "basis": ["animal"], "tiers": {tier: "- T. [2]"}}
    article = _article(sections=[section])
    (row,) = section_summaries(article, tier)
    assert row["words"].endswith("Flag: animal or lab evidence only.")


@pytest.mark.parametrize(
    ("kinds", "basis", "patient_words"),
    [
        (["cohort"], [], "This is probably right."),
        (["case_control"], [], "This may be right."),
        (["guideline"], ["animal"], "The evidence is very uncertain."),
        (["guideline"], [], "Not rated"),
    ],
    ids=["probably", "may", "very-uncertain", "guideline-only"],
)
def test_patient_words_follow_the_band(kinds, basis, patient_words):
    references = [
        {"id": str(i), "type": kind, "title": kind, "source": "J", "year": 2020}
        for i, kind in enumerate(kinds, start=1)
    ]
    markers = " ".join(f"[{r['id']}]" for r in references)
    section = {"id": "s", "heading": "S", "basis": basis, "tiers": {"patient": f"- T. {markers}"}}
    article = _article(sections=[section], references=references)
    (row,) = section_summaries(article, "patient")
    assert row["words"].startswith(patient_words)
