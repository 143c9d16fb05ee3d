"""Altair chart builders: plain functions DataFrame -> `alt.Chart`, tested through `.to_dict()`.

The evidence chart encodes strength: one bar per section whose length is the section's grade on
the ordered scale (Not graded, Very low, Low, Moderate, High), so equal grades look equal and a
stronger section always looks stronger. What a grade rests on is secondary (tooltip).
"""

from __future__ import annotations

import textwrap
from typing import Any

import altair as alt
import pandas as pd

from content.evidence import GRADE_ORDER
from content.evidence_words import Evidence, grade_rows, grade_words
from content.model import Article
from content.tiers import reference_tier

# What the bar's fill says, in a fixed order; the legend lists only the kinds a chart shows.
# Okabe-Ito blue for studies in people, a pale yellow for reviews and opinion (not a light
# blue: a pale blue bar means a grade we estimated, see ROUTE_OPACITY), neutral grey for
# animal and lab work ("not in people"), white with an outline for Not graded. They differ in
# lightness too, so they stay apart for every common colour-vision deficiency and in greyscale.
KIND_COLOURS: dict[str, str] = {
    "Studies in people": "#0072b2",
    "Reviews, opinion or guidance": "#f7ef8a",
    "Only animal or lab studies": "#8c8c8c",
    "Not graded": "#ffffff",
}
NON_HUMAN_GREY = KIND_COLOURS["Only animal or lab studies"]
# Axis and legend text: Streamlit's default grey is about 3.7:1 on white; this is above 10:1.
TEXT_COLOUR = "#31333f"
ROW_STEP_PX = 60
BAR_HEIGHT_PX = 14
# Headings wrap at this many characters, so a 390 px phone column shows them whole.
HEADING_WRAP = 52
# Room to the right of the strongest bar for its words: bars end at 5 of this many units.
SCALE_END = 8
TOOLTIP_FIELDS = ("section", "words", "how_we_know", "reason", "rests_on")
# How a grade was reached, drawn at a glance: a solid bar with a solid outline when a cited
# source stated it, a paler bar with a dashed outline when we estimated it from study design.
ROUTE_ORDER = ("stated", "design", "none")
ROUTE_OPACITY = {"stated": 1.0, "design": 0.3, "none": 1.0}
ROUTE_DASH = {"stated": [1, 0], "design": [5, 3], "none": [1, 0]}
ROUTE_STROKE = {"stated": 1.0, "design": 2.0, "none": 1.0}
GRADE_COLUMNS = (
    "section_id",
    "section",
    "section_order",
    "label",
    "rank",
    "position",
    "words",
    "kind",
    "non_human",
    "reason",
    "rests_on",
    "route",
    "how",
    "how_we_know",
)


def grade_frame(
    article: Article, tier: str, evidence: Evidence | None = None, scale: float = 1.0
) -> pd.DataFrame:
    """One row per section: its grade, its place on the scale and the words for this reader.

    `scale` is the text size factor (larger text): headings wrap shorter so they still fit."""
    frame = pd.DataFrame(grade_rows(article, tier, evidence), columns=list(GRADE_COLUMNS))
    wrap = int(HEADING_WRAP / scale)
    lines = [textwrap.wrap(str(heading), wrap) or [""] for heading in frame["section"]]
    frame["heading"] = ["\n".join(parts) for parts in lines]
    # Drawn as two text marks stacked upward from the bar, so a wrapped heading never covers it.
    frame["heading_last"] = [parts[-1] for parts in lines]
    frame["heading_above"] = [" ".join(parts[:-1]) for parts in lines]
    return frame


def kind_palette(kinds: list[str]) -> tuple[list[str], list[str]]:
    """Legend entries and colours for the kinds shown, in the fixed order."""
    shown = [kind for kind in KIND_COLOURS if kind in set(kinds)]
    return shown, [KIND_COLOURS[kind] for kind in shown]


def evidence_chart(frame: pd.DataFrame, tier: str | None = None, scale: float = 1.0) -> alt.Chart:
    """One bar per section, its length the section's grade; the words say the same (in the
    reference tier's words unless a tier is given).

    `scale` multiplies every label's font size and the room between rows (larger text)."""
    tier = tier or reference_tier()

    def size(points: float) -> float:
        return round(points * scale, 1)

    sections = list(frame.sort_values("section_order")["section"])
    kinds, colours = kind_palette(list(frame["kind"]))
    positions = list(range(1, len(GRADE_ORDER) + 1))
    scale_words = [grade_words(label, tier) for label in GRADE_ORDER]
    label_expr = " : ".join(
        f"datum.value == {p} ? '{w}'" for p, w in zip(positions, scale_words, strict=True)
    )
    y = alt.Y("section:N", sort=sections, scale=alt.Scale(domain=sections), axis=None)
    tooltip = [
        alt.Tooltip("section:N", title="Section"),
        alt.Tooltip("words:N", title="Strength"),
        alt.Tooltip("how_we_know:N", title="How we know"),
        alt.Tooltip("reason:N", title="Why"),
        alt.Tooltip("rests_on:N", title="Rests on"),
    ]
    routes = [r for r in ROUTE_ORDER if r in set(frame["route"]) and r != "none"]
    route_names = [frame.loc[frame["route"] == r, "how"].iloc[0] for r in routes]
    description = (
        "Bar chart: one bar per section; the longer the bar, the stronger the evidence, on "
        f"the scale {', '.join(scale_words)}. Solid bars are grades a cited source rated; pale "
        "bars with a dashed outline are our estimate from the kind of study. Grey bars rest "
        "only on animal or lab studies. The table below says the same in words."
    )
    base = alt.Chart(frame)
    # No corner radius: the browser draws a rounded bar's edge solid, hiding the dashed edge
    # that marks an estimated grade (seen in screenshots).
    bars = base.mark_bar(
        height=BAR_HEIGHT_PX, yOffset=10, stroke=TEXT_COLOUR, strokeWidth=1.5
    ).encode(
        x=alt.X(
            "position:Q",
            scale=alt.Scale(domain=[0, SCALE_END], nice=False),
            axis=alt.Axis(
                values=positions,
                labelExpr=f"{label_expr} : ''",
                labelAngle=-45,
                labelOverlap=False,
                labelAlign="right",
                title="How strong the evidence is",
                grid=True,
                gridDash=[2, 3],
                domain=False,
            ),
        ),
        y=y,
        color=alt.Color(
            "kind:N",
            scale=alt.Scale(domain=kinds, range=colours),
            sort=kinds,
            legend=alt.Legend(
                title=None,
                orient="bottom",
                direction="vertical",
                labelLimit=300,
                symbolStrokeColor=TEXT_COLOUR,
                symbolStrokeWidth=1,
            ),
        ),
        tooltip=tooltip,
    )
    if routes:
        bars = bars.encode(
            fillOpacity=_route_channel(alt.FillOpacity, routes, route_names, ROUTE_OPACITY),
            strokeDash=_route_channel(alt.StrokeDash, routes, route_names, ROUTE_DASH),
            strokeWidth=_route_channel(alt.StrokeWidth, routes, route_names, ROUTE_STROKE),
        )
    heading_style = {
        "align": "left",
        "baseline": "bottom",
        "fontWeight": "bold",
        "fontSize": size(13),
    }
    headings = base.mark_text(dy=-1, **heading_style).encode(
        x=alt.datum(0), y=y, text="heading_last:N", tooltip=tooltip
    )
    headings_above = base.mark_text(dy=-size(17), **heading_style).encode(
        x=alt.datum(0), y=y, text="heading_above:N", tooltip=tooltip
    )
    words = base.mark_text(
        align="left", baseline="middle", dx=6, yOffset=10, fontSize=size(13)
    ).encode(x="position:Q", y=y, text="words:N", tooltip=tooltip)
    return (
        alt.layer(bars, headings, headings_above, words)
        .properties(height=alt.Step(round(ROW_STEP_PX * scale)), description=description)
        .configure_axis(
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            labelFontSize=size(12),
            titleFontSize=size(13),
        )
        .configure_legend(
            labelColor=TEXT_COLOUR,
            labelFontSize=size(13),
            titleColor=TEXT_COLOUR,
            titleFontSize=size(13),
        )
        .configure_text(color=TEXT_COLOUR)
        .configure_view(stroke=None)
    )


def _route_channel(channel: Any, routes: list[str], names: list[str], values: dict) -> Any:
    """One of the two channels that draw how a grade was reached; Vega-Lite merges their
    legends (same field, same title) into one "How we know" legend with pale dashed swatches."""
    return channel(
        "how:N",
        scale=alt.Scale(domain=names, range=[values[r] for r in routes]),
        sort=names,
        legend=alt.Legend(
            title="How we know",
            orient="bottom",
            direction="vertical",
            labelLimit=300,
            symbolType="square",
            symbolFillColor=KIND_COLOURS["Studies in people"],
            symbolStrokeColor=TEXT_COLOUR,
            symbolStrokeWidth=1,
            symbolSize=200,
        ),
    )
