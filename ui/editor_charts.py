"""The editor page's Altair charts: plain functions DataFrame -> chart, tested via `.to_dict()`.

The overview frame has one row per article × tier (see `ui.editor_views.overview_frame`); the
heatmap draws one cell per row, coloured by the target verdict and labelled with the grade.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from content.tiers import tier_label
from readability import VERDICT_WORDS
from ui.charts import TEXT_COLOUR

# Light to dark, so the three verdicts stay apart in lightness for every colour-vision type
# (ColorBrewer RdYlBu-like ends): pass pale blue-green, warn amber, miss deep red.
VERDICT_COLOURS: dict[str, str] = {"pass": "#cde9d6", "warn": "#f4b350", "miss": "#a50f15"}
# Grade text on each cell: dark on the light fills, white on the dark one (each above 4.5:1).
VERDICT_TEXT: dict[str, str] = {"pass": TEXT_COLOUR, "warn": TEXT_COLOUR, "miss": "#ffffff"}
VERDICT_RANK: dict[str, int] = {"miss": 0, "warn": 1, "pass": 2}
# Altair refuses to embed more than 5,000 rows; the heatmap is given far fewer (see worst_first).
ALTAIR_MAX_ROWS = 5_000
HEATMAP_ARTICLES = 40
CELL_STEP_PX = 28
HEATMAP_COLUMNS = ("article", "title", "tier", "tier_label", "grade", "verdict", "target")


def worst_first(frame: pd.DataFrame, limit: int = HEATMAP_ARTICLES) -> pd.DataFrame:
    """The rows of the `limit` articles furthest from target (worst verdict, then highest grade).

    Keeps whole articles (all their tiers), so the heatmap never shows half an article and stays
    far below Altair's row limit however large the library is.
    """
    if frame.empty:
        return frame
    per_article = frame.assign(rank=frame["verdict"].map(VERDICT_RANK)).groupby("article")
    order = (
        pd.DataFrame({"rank": per_article["rank"].min(), "grade": per_article["grade"].max()})
        .sort_values(["rank", "grade"], ascending=[True, False], kind="stable")
        .index[:limit]
    )
    chosen = frame[frame["article"].isin(order)]
    position = {article: i for i, article in enumerate(order)}
    return chosen.sort_values("article", key=lambda s: s.map(position), kind="stable")


def verdict_heatmap(frame: pd.DataFrame, tiers: list[str]) -> alt.LayerChart:
    """Articles down, tiers across; colour is the verdict against the tier target, text the grade.

    `tiers` fixes the column order (simplest first). Rows keep the frame's article order.
    """
    if len(frame) > ALTAIR_MAX_ROWS:
        raise ValueError(
            f"{len(frame)} rows is above Altair's {ALTAIR_MAX_ROWS:,}; pass worst_first(frame)"
        )
    data = frame[list(HEATMAP_COLUMNS)].assign(
        verdict_words=frame["verdict"].map(VERDICT_WORDS),
        grade_text=frame["grade"].map(lambda g: f"{g:.1f}"),
    )
    articles = list(dict.fromkeys(data["article"]))
    labels = [tier_label(tier) for tier in tiers]
    verdicts = list(VERDICT_WORDS)
    base = alt.Chart(
        data,
        description=(
            "Heatmap: one row per article, one column per reading tier; each cell's colour says "
            "whether the tier meets its reading-level target and its text is the consensus grade. "
            "The table below has the same figures in words."
        ),
    ).encode(
        x=alt.X(
            "tier_label:N",
            sort=labels,
            scale=alt.Scale(domain=labels),
            title=None,
            axis=alt.Axis(orient="top", labelAngle=0),
        ),
        y=alt.Y("article:N", sort=articles, title=None, axis=alt.Axis(labelLimit=220)),
        tooltip=[
            alt.Tooltip("title:N", title="Article"),
            alt.Tooltip("tier_label:N", title="Tier"),
            alt.Tooltip("grade:Q", title="Consensus grade", format=".1f"),
            alt.Tooltip("verdict_words:N", title="Verdict"),
            alt.Tooltip("target:N", title="Target"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "verdict:N",
            scale=alt.Scale(domain=verdicts, range=[VERDICT_COLOURS[v] for v in verdicts]),
            legend=alt.Legend(
                title="Whole tier against its target",
                orient="bottom",
                direction="vertical",
                labelExpr=_label_expr(VERDICT_WORDS),
                symbolType="square",
                symbolSize=220,
                symbolStrokeColor=TEXT_COLOUR,
                symbolStrokeWidth=0.5,
                labelLimit=260,
            ),
        )
    )
    text = base.mark_text(fontSize=13).encode(
        text="grade_text:N",
        color=alt.Color(
            "verdict:N",
            scale=alt.Scale(domain=verdicts, range=[VERDICT_TEXT[v] for v in verdicts]),
            legend=None,
        ),
    )
    return (
        alt.layer(cells, text)
        .resolve_scale(color="independent")
        .properties(height=alt.Step(CELL_STEP_PX))
        .configure_axis(labelColor=TEXT_COLOUR, labelFontSize=13)
        .configure_legend(
            labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR, labelFontSize=13, titleFontSize=13
        )
        .configure_view(stroke=None)
    )


def _label_expr(words: dict[str, str]) -> str:
    """A Vega expression that shows each verdict's words in the legend instead of its id."""
    cases = " : ".join(f"datum.label === '{key}' ? '{value}'" for key, value in words.items())
    return f"{cases} : datum.label"
