"""The evidence chart as data: bar length is the grade, equal grades sit equal, words beside it."""

from __future__ import annotations

import colorsys
from pathlib import Path

import pytest

from content.evidence import GRADE_ORDER, article_evidence, vocabulary
from content.evidence_words import (
    PATIENT_SCALE,
    grade_rows,
    label_counts,
    section_summaries,
    strength_words,
)
from content.model import Article
from ui import charts

TIERS = ("patient", "student", "clinician")


def _ref(ref_id: str, kind: str, **extra) -> dict:
    return {"id": ref_id, "type": kind, "title": kind, "source": "J", "year": 2020, **extra}


def _section(section_id: str, cited: list[str], basis: list[str] | None = None) -> dict:
    markers = " ".join(f"[{i}]" for i in cited)
    return {
        "id": section_id,
        "heading": section_id.replace("-", " ").capitalize(),
        "basis": basis or [],
        "tiers": {t: f"- {t} text. {markers}".strip() for t in TIERS},
    }


def _article(sections: list[dict], references: list[dict]) -> Article:
    return Article.model_validate(
        {
            "id": "chart-sample",
            "title": "Does the chart encode strength?",
            "status": "draft",
            "updated": "2026-01-15",
            "sections": sections,
            "references": references,
        }
    )


REFERENCES = [
    _ref("1", "rct"),
    _ref("2", "summary"),
    _ref("3", "in_vitro"),
    _ref("4", "meta_analysis", pools="randomised"),
    _ref("5", "cohort"),
    _ref("6", "case_control"),
    _ref("7", "guideline", issuer="WHO", certainty="high"),
    _ref("8", "animal"),
    _ref("9", "systematic_review", certainty={"level": "high", "scheme": "GRADE"}),
]


@pytest.fixture(scope="module")
def article() -> Article:
    """Sections of every grade, two of them equal, one capped, one resting on summaries only."""
    return _article(
        [
            _section("low-first", ["6"]),
            _section("many-animal", ["3", "8", "2"]),
            _section("trial", ["1"]),
            _section("summary-only", ["2"]),
            _section("cohort", ["5"]),
            _section("another-trial", ["1", "2"]),
            _section("guideline-over-animals", ["7"], basis=["animal"]),
            _section("review", ["4"]),
            _section("review-rated-high", ["9"]),
        ],
        REFERENCES,
    )


def _records(spec: dict) -> list[dict]:
    (records,) = spec["datasets"].values()
    return records


def _spec(article: Article, tier: str = "clinician") -> dict:
    return charts.evidence_chart(charts.grade_frame(article, tier), tier).to_dict()


def _bar_layer(spec: dict) -> dict:
    (bar,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "bar"]
    return bar


# --- Bar length is the grade --------------------------------------------------------------------


def test_bar_length_is_the_grade_position_from_zero(article):
    x = _bar_layer(_spec(article))["encoding"]["x"]
    assert x["field"] == "position"
    assert x["type"] == "quantitative"
    assert x["scale"]["domain"][0] == 0  # length from zero, so length encodes the position


@pytest.mark.parametrize("tier", TIERS)
def test_equal_grades_give_equal_positions(article, tier):
    by_label: dict[str, set[int]] = {}
    for record in _records(_spec(article, tier)):
        by_label.setdefault(record["label"], set()).add(record["position"])
    assert by_label["High"] == {5}
    assert all(len(positions) == 1 for positions in by_label.values()), by_label


def test_order_of_positions_follows_order_of_grades(article):
    records = _records(_spec(article))
    for a in records:
        for b in records:
            if GRADE_ORDER.index(a["label"]) < GRADE_ORDER.index(b["label"]):
                assert a["position"] < b["position"], (a["section"], b["section"])


def test_more_sources_never_make_a_longer_bar(article):
    """Three weak sources stay shorter than one trial: the bar never counts sources."""
    records = {r["section_id"]: r for r in _records(_spec(article))}
    assert records["many-animal"]["position"] < records["trial"]["position"]
    assert records["trial"]["position"] == records["another-trial"]["position"]


def test_not_graded_is_drawn_visibly_and_in_words(article):
    records = {r["section_id"]: r for r in _records(_spec(article, "patient"))}
    row = records["summary-only"]
    assert row["label"] == "Not graded"
    assert row["position"] > 0  # a visible bar, never a zero-length mark
    assert row["words"] == "not graded"
    assert KIND_NOT_GRADED in _bar_layer(_spec(article))["encoding"]["color"]["scale"]["domain"]
    assert charts.KIND_COLOURS[KIND_NOT_GRADED] == "#ffffff"
    assert _bar_layer(_spec(article))["mark"]["stroke"] == charts.TEXT_COLOUR  # outlined


KIND_NOT_GRADED = "Not graded"


def test_capped_section_sits_at_very_low_and_is_grey(article):
    records = {r["section_id"]: r for r in _records(_spec(article))}
    row = records["guideline-over-animals"]
    assert (row["label"], row["position"], row["kind"]) == (
        "Very low",
        2,
        "Only animal or lab studies",
    )
    assert charts.KIND_COLOURS[row["kind"]] == charts.NON_HUMAN_GREY


def test_sections_keep_article_order(article):
    spec = _spec(article)
    headings = [s.heading for s in article.sections]
    assert _bar_layer(spec)["encoding"]["y"]["sort"] == headings


def test_one_bar_per_section(article):
    assert len(_records(_spec(article))) == len(article.sections)


# --- Scale words, legend, colours ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "words"),
    [
        ("patient", ["not graded", "we are not sure", "may", "probably", "shows"]),
        ("clinician", list(GRADE_ORDER)),
    ],
)
def test_axis_reads_the_scale_in_the_readers_words(article, tier, words):
    axis = _bar_layer(_spec(article, tier))["encoding"]["x"]["axis"]
    assert axis["values"] == [1, 2, 3, 4, 5]
    for position, word in enumerate(words, start=1):
        assert f"datum.value == {position} ? '{word}'" in axis["labelExpr"]


def test_patient_scale_uses_the_cochrane_words():
    assert list(PATIENT_SCALE.values()) == [
        "not graded",
        "shows",
        "probably",
        "may",
        "we are not sure",
    ]


def test_legend_lists_only_what_is_shown():
    only_trial = _article([_section("trial", ["1"])], REFERENCES)
    colour = _bar_layer(_spec(only_trial))["encoding"]["color"]
    assert colour["scale"]["domain"] == ["Studies in people"]
    assert colour["scale"]["range"] == [charts.KIND_COLOURS["Studies in people"]]


def test_palette_is_fixed_whatever_the_data(article):
    colour = _bar_layer(_spec(article))["encoding"]["color"]
    for kind, hex_colour in zip(colour["scale"]["domain"], colour["scale"]["range"], strict=True):
        assert charts.KIND_COLOURS[kind] == hex_colour


def test_kinds_differ_in_lightness_for_colour_blind_readers():
    lightness = sorted(_lightness(c) for c in charts.KIND_COLOURS.values())
    assert all(b - a > 0.1 for a, b in zip(lightness, lightness[1:], strict=False))
    assert _is_grey(charts.NON_HUMAN_GREY)
    assert not _is_grey(charts.KIND_COLOURS["Studies in people"])


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _lightness(hex_colour: str) -> float:
    return colorsys.rgb_to_hls(*_rgb(hex_colour))[1]


def _is_grey(hex_colour: str) -> bool:
    return colorsys.rgb_to_hls(*_rgb(hex_colour))[2] < 0.05


def _contrast_on_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of a colour against white."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


@pytest.mark.parametrize("part", ["axis", "legend"])
def test_axis_and_legend_text_meet_aa_contrast(article, part):
    config = _spec(article)["config"][part]
    for key in ("labelColor",):
        assert _contrast_on_white(config[key]) >= 4.5


def test_tooltip_gives_reason_and_composition(article):
    tooltip = _bar_layer(_spec(article))["encoding"]["tooltip"]
    assert [t["field"] for t in tooltip] == list(charts.TOOLTIP_FIELDS)
    records = {r["section_id"]: r for r in _records(_spec(article))}
    assert records["many-animal"]["rests_on"] == "animal study; laboratory study; summary"
    assert "in animals or in the lab" in records["many-animal"]["reason"]


def test_chart_describes_itself_for_screen_readers(article):
    assert "the longer the bar, the stronger the evidence" in _spec(article)["description"]


def test_long_headings_wrap_for_a_phone_column():
    long = _section("a-very-long-heading-that-would-not-fit-on-a-phone-screen-at-all", ["1"])
    frame = charts.grade_frame(_article([long], REFERENCES), "clinician")
    (heading,) = frame["heading"]
    assert "\n" in heading
    assert all(len(line) <= charts.HEADING_WRAP for line in heading.split("\n"))


# --- One grading behind every view ---------------------------------------------------------------


def test_rows_table_and_counts_agree_with_article_evidence(article):
    evidence = article_evidence(article)
    grades = {r["section_id"]: r["label"] for r in grade_rows(article, "student")}
    table = {r["section_id"]: r["label"] for r in section_summaries(article, "student")}
    assert grades == table == {sid: e.label for sid, e in evidence.items()}
    counts = label_counts(article)
    assert sum(counts.values()) == len(article.sections)
    assert list(counts) == ["High", "Moderate", "Low", "Very low", "Not graded"]


def test_views_use_evidence_given_to_them(article):
    """Grading once: a caller's evidence mapping is what every view shows."""
    evidence = article_evidence(article)
    fake = {sid: evidence["review-rated-high"] for sid in evidence}
    assert {r["label"] for r in grade_rows(article, "patient", fake)} == {"High"}
    assert label_counts(article, fake) == {"High": len(article.sections)}


# --- Words beside the chart -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "section_id", "expected"),
    [
        ("patient", "review-rated-high", "Good research shows this."),
        ("patient", "review-rated-high", "The people who did this research rated how sure"),
        ("patient", "review", "This is probably right. We estimated this from the kind of study"),
        ("patient", "cohort", "This may be right."),
        ("patient", "low-first", "This may be right."),
        ("patient", "many-animal", "We are not sure about this."),
        ("patient", "summary-only", "Not graded"),
        ("student", "trial", "Low certainty: this may be right"),
        ("student", "trial", "one randomised trial"),
        ("student", "summary-only", "Not graded"),
        ("clinician", "review", "Moderate (estimated from study design: a review that pooled"),
        ("clinician", "trial", "Low (estimated from study design: one randomised trial)"),
        ("clinician", "review-rated-high", "High (GRADE, rated by reference [9])"),
        ("clinician", "guideline-over-animals", "capped at Very low: animal or lab work only"),
        ("clinician", "summary-only", "Not graded (no cited study or stated certainty"),
    ],
)
def test_strength_words_fit_the_reader(article, tier, section_id, expected):
    evidence = article_evidence(article)[section_id]
    assert expected in strength_words(evidence, tier)


def test_patients_read_the_estimate_without_design_jargon(article):
    """Patients get the designs in plain words ("a fair test in people"), not "randomised"."""
    evidence = article_evidence(article)["trial"]
    assert "randomised" not in strength_words(evidence, "patient")
    assert "a fair test in people" in strength_words(evidence, "patient")
    assert "one randomised trial" in strength_words(evidence, "student")


@pytest.mark.parametrize("tier", TIERS)
def test_no_words_say_in_people_for_non_human_sections(article, tier):
    for section_id in ("many-animal", "guideline-over-animals"):
        evidence = article_evidence(article)[section_id]
        assert "in people" not in strength_words(evidence, tier).replace(
            "may not apply to people", ""
        )


def test_flags_are_spelled_out_for_students(article):
    (row,) = [r for r in section_summaries(article, "student") if r["section_id"] == "many-animal"]
    assert "Flag: " in row["words"] and "animal or lab evidence only" in row["words"]


def test_shipped_chart_rows_for_the_frozen_gut_brain_axis():
    """The old gut-brain-axis page, kept frozen: summaries only, so nothing on it is graded, and
    the case-control basis it names without citing one no longer lifts a section to Low."""
    from content.loader import load_library

    article = load_library(FROZEN).articles["gut-brain-axis"]
    rows = {r["section_id"]: r for r in grade_rows(article, "patient")}
    assert rows["neurotransmitters"]["label"] == "Not graded"
    assert rows["inflammatory-mediators"]["label"] == "Not graded"
    assert rows["metabolite-production"]["non_human"]
    assert rows["stress-related-hormones"]["label"] == rows["bidirectional-communication"]["label"]
    assert {r["route"] for r in rows.values()} == {"none"}
    assert vocabulary().designs["summary"].weight is None


FROZEN = Path(__file__).parent / "fixtures" / "frozen"

# --- Stated or estimated, at a glance --------------------------------------------------------


def test_stated_and_estimated_grades_are_drawn_apart_in_words_and_style(article):
    bar = _bar_layer(_spec(article, "patient"))["encoding"]
    names = ["rated by the source", "our estimate"]
    assert bar["fillOpacity"]["field"] == bar["strokeDash"]["field"] == "how"
    assert bar["fillOpacity"]["scale"] == {"domain": names, "range": [1.0, 0.3]}
    assert bar["strokeDash"]["scale"]["domain"] == names
    assert bar["strokeDash"]["scale"]["range"][0] != bar["strokeDash"]["scale"]["range"][1]
    assert bar["strokeDash"]["legend"]["title"] == bar["fillOpacity"]["legend"]["title"]
    assert bar["fillOpacity"]["legend"]["title"] == "How we know"
    records = {r["section_id"]: r for r in _records(_spec(article, "patient"))}
    assert records["review-rated-high"]["how"] == "rated by the source"
    assert records["trial"]["how"] == "our estimate"
    clinician = {r["section_id"]: r for r in _records(_spec(article, "clinician"))}
    assert clinician["trial"]["how"] == "Estimated from study design"
    assert clinician["trial"]["how_we_know"] == (
        "Low (estimated from study design: one randomised trial)"
    )
    # A rounded bar is drawn with a solid edge in the browser, hiding the dashes.
    assert not any(key.startswith("cornerRadius") for key in _bar_layer(_spec(article))["mark"])
    tooltip = [t["field"] for t in bar["tooltip"]]
    assert "how_we_know" in tooltip


def test_a_chart_with_no_graded_section_draws_no_route_legend():
    only_summaries = _article([_section("summary-only", ["2"])], REFERENCES)
    bar = _bar_layer(_spec(only_summaries))["encoding"]
    assert "fillOpacity" not in bar and "strokeDash" not in bar
