"""Editor heatmap: one cell per article × tier, colour = verdict, text = grade, bounded in size."""

from __future__ import annotations

import pandas as pd
import pytest

from content import TIERS
from ui.editor_charts import (
    ALTAIR_MAX_ROWS,
    HEATMAP_ARTICLES,
    VERDICT_COLOURS,
    VERDICT_TEXT,
    verdict_heatmap,
    worst_first,
)

LABELS = {"patient": "Patient", "student": "Student", "clinician": "Clinician"}


def overview(grades: dict[str, tuple[tuple[float, str], ...]]) -> pd.DataFrame:
    """An overview frame from {article: ((grade, verdict) per tier, simplest first)}."""
    rows = [
        {
            "article": article,
            "title": f"Title of {article}",
            "tier": tier,
            "tier_label": LABELS[tier],
            "grade": grade,
            "verdict": verdict,
            "target": "goal grade 6, at most 8",
        }
        for article, tiers in grades.items()
        for tier, (grade, verdict) in zip(TIERS, tiers, strict=True)
    ]
    return pd.DataFrame(rows)


FRAME = overview(
    {
        "easy": ((5.0, "pass"), (9.5, "pass"), (14.0, "pass")),
        "hard": ((9.1, "miss"), (13.0, "miss"), (15.0, "pass")),
        "middling": ((7.0, "warn"), (10.0, "pass"), (16.0, "pass")),
    }
)


@pytest.fixture
def spec() -> dict:
    return verdict_heatmap(FRAME, list(TIERS)).to_dict()


def _layers(spec: dict) -> tuple[dict, dict]:
    cells, text = spec["layer"]
    return cells, text


def _records(spec: dict) -> list[dict]:
    return spec["datasets"][spec["data"]["name"]]


def test_one_cell_per_article_and_tier(spec):
    cells, _ = _layers(spec)
    assert cells["mark"]["type"] == "rect"
    records = _records(spec)
    assert len(records) == 3 * len(TIERS)
    assert len({(r["article"], r["tier_label"]) for r in records}) == len(records)
    assert cells["encoding"]["y"]["field"] == "article"
    assert cells["encoding"]["x"]["field"] == "tier_label"


def test_tiers_run_simplest_first_across(spec):
    cells, _ = _layers(spec)
    assert cells["encoding"]["x"]["scale"]["domain"] == [LABELS[t] for t in TIERS]


def test_colour_encodes_the_verdict_with_a_fixed_palette(spec):
    colour = _layers(spec)[0]["encoding"]["color"]
    assert colour["field"] == "verdict"
    assert colour["scale"]["domain"] == ["pass", "warn", "miss"]
    assert colour["scale"]["range"] == [VERDICT_COLOURS[v] for v in ("pass", "warn", "miss")]
    assert len(set(colour["scale"]["range"])) == 3


def test_legend_says_the_verdict_in_words(spec):
    expr = _layers(spec)[0]["encoding"]["color"]["legend"]["labelExpr"]
    for words in ("Meets target", "Above goal, within limit", "Misses target"):
        assert words in expr


def test_text_is_the_grade_to_one_decimal(spec):
    _, text = _layers(spec)
    assert text["mark"]["type"] == "text"
    assert text["encoding"]["text"]["field"] == "grade_text"
    by_cell = {(r["article"], r["tier"]): r["grade_text"] for r in _records(spec)}
    assert by_cell[("hard", "patient")] == "9.1"
    assert by_cell[("easy", "clinician")] == "14.0"


def test_tooltip_names_article_grade_and_verdict(spec):
    fields = {t["field"] for t in _layers(spec)[0]["encoding"]["tooltip"]}
    assert {"title", "tier_label", "grade", "verdict_words", "target"} <= fields


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("verdict", ["pass", "warn", "miss"])
def test_grade_text_meets_aa_contrast_on_its_cell(verdict):
    assert _contrast(VERDICT_TEXT[verdict], VERDICT_COLOURS[verdict]) >= 4.5


def test_verdict_fills_differ_in_lightness_for_colour_blind_readers():
    pass_, warn, miss = (_luminance(VERDICT_COLOURS[v]) for v in ("pass", "warn", "miss"))
    assert pass_ > warn > miss


# --- Size: within Altair's row limit however large the library -----------------------------------


def big_frame(articles: int) -> pd.DataFrame:
    verdicts = ("pass", "warn", "miss")
    return overview(
        {
            f"article-{i:04d}": tuple(
                (4.0 + (i % 9), verdicts[(i + t) % 3] if t < 2 else "pass") for t in range(3)
            )
            for i in range(articles)
        }
    )


def test_a_thousand_articles_become_a_bounded_heatmap():
    frame = big_frame(1_000)
    chosen = worst_first(frame)
    assert chosen["article"].nunique() == HEATMAP_ARTICLES
    assert len(chosen) == HEATMAP_ARTICLES * len(TIERS)  # whole articles only
    records = _records(verdict_heatmap(chosen, list(TIERS)).to_dict())
    assert len(records) == len(chosen) < ALTAIR_MAX_ROWS


def test_more_rows_than_altair_allows_is_refused():
    with pytest.raises(ValueError, match="worst_first"):
        verdict_heatmap(big_frame(ALTAIR_MAX_ROWS // 3 + 1), list(TIERS))


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (1, ["hard"]),  # a miss comes first
        (2, ["hard", "middling"]),  # then a warn
        (3, ["hard", "middling", "easy"]),
        (10, ["hard", "middling", "easy"]),
    ],
)
def test_worst_first_orders_articles_by_their_worst_verdict(limit, expected):
    chosen = worst_first(FRAME, limit)
    assert list(dict.fromkeys(chosen["article"])) == expected


def test_worst_first_breaks_ties_by_the_highest_grade():
    frame = overview(
        {
            "a": ((7.0, "warn"), (10.0, "pass"), (12.0, "pass")),
            "b": ((7.5, "warn"), (10.0, "pass"), (17.0, "pass")),
        }
    )
    assert list(dict.fromkeys(worst_first(frame)["article"])) == ["b", "a"]


def test_heatmap_rows_follow_the_frame_order():
    spec = verdict_heatmap(worst_first(FRAME), list(TIERS)).to_dict()
    assert _layers(spec)[0]["encoding"]["y"]["sort"] == ["hard", "middling", "easy"]


def test_empty_frame_passes_through():
    assert worst_first(FRAME.iloc[0:0]).empty
