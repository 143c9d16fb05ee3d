"""Altair chart builders: plain functions DataFrame -> `alt.Chart`, tested through `.to_dict()`."""

from __future__ import annotations

import altair as alt
import pandas as pd

from content.evidence_table import evidence_rows, level_name, level_order
from content.model import Article

# Fixed colours per evidence level, so the same design always looks the same.
# Human study designs: a blue sequential scale, darkest = strongest (ColorBrewer Blues, which
# stays ordered for the common colour-vision deficiencies). Guidelines are not a study design:
# Okabe-Ito orange. Animal and lab work: neutral grey, visibly "not in people".
LEVEL_COLOURS: dict[int, str] = {
    1: "#08306b",
    2: "#08519c",
    3: "#2171b5",
    4: "#4292c6",
    5: "#6baed6",
    6: "#9ecae1",
    7: "#9a9a9a",
    0: "#e69f00",
}
NON_HUMAN_GREY = LEVEL_COLOURS[7]
# Axis and legend text: Streamlit's default grey is about 3.7:1 on white; this is above 10:1.
TEXT_COLOUR = "#31333f"
BAR_STEP_PX = 34
TOOLTIP_FIELDS = ("section", "reference", "title", "year", "design", "level_name", "origin")
EVIDENCE_COLUMNS = (
    "section_id",
    "section",
    "section_order",
    "level",
    "level_name",
    "stack_order",
    "design",
    "design_plain",
    "human",
    "origin",
    "reference",
    "title",
    "year",
    "count",
)


def evidence_frame(article: Article, tier: str) -> pd.DataFrame:
    """One row per design behind each section (cited references, then the stated basis)."""
    frame = pd.DataFrame(evidence_rows(article, tier), columns=list(EVIDENCE_COLUMNS))
    return frame.astype({"year": "Int64"})


def level_palette() -> tuple[list[str], list[str]]:
    """Legend entries and their colours, in the fixed strongest-to-weakest stacking order."""
    levels = level_order()
    return [level_name(level) for level in levels], [LEVEL_COLOURS[level] for level in levels]


def evidence_chart(frame: pd.DataFrame, sections: list[str] | None = None) -> alt.Chart:
    """One horizontal bar per section, one segment per source, stacked strongest design first.

    `sections` fixes the bar order (and keeps sections with no source as empty rows); by default
    it is the order of `section_order` in the frame.
    """
    if sections is None:
        sections = list(frame.sort_values("section_order")["section"].drop_duplicates())
    names, colours = level_palette()
    return (
        alt.Chart(
            frame,
            description=(
                "Stacked bar chart: for each section, the sources behind it, coloured by "
                "study design from strongest to weakest. The table below says the same in words."
            ),
        )
        .mark_bar(stroke="white", strokeWidth=1.5)
        .encode(
            x=alt.X(
                "count:Q",
                stack="zero",
                title="Number of sources and study types behind the section",
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            y=alt.Y(
                "section:N",
                sort=sections,
                scale=alt.Scale(domain=sections),
                title=None,
                axis=alt.Axis(labelLimit=280),
            ),
            color=alt.Color(
                "level_name:N",
                scale=alt.Scale(domain=names, range=colours),
                sort=names,
                legend=alt.Legend(
                    title="Study design, strongest first",
                    orient="bottom",
                    direction="vertical",
                    columns=2,
                    labelLimit=260,
                ),
            ),
            order=alt.Order("stack_order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("section:N", title="Section"),
                alt.Tooltip("reference:N", title="Reference"),
                alt.Tooltip("title:N", title="Source"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("design:N", title="Design"),
                alt.Tooltip("level_name:N", title="Evidence level"),
                alt.Tooltip("origin:N", title="Counted from"),
            ],
        )
        .properties(height=alt.Step(BAR_STEP_PX))
        .configure_axis(
            labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR, labelFontSize=13, titleFontSize=13
        )
        .configure_legend(
            labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR, labelFontSize=13, titleFontSize=13
        )
    )
