"""The editor's view of teach-back answers: did readers understand, beside the reading grade?

Per article, tier and question: answers and the share correct, flagged "readers miss this" when
fewer than 60 % of at least 20 readers got it right, with a link to the question's section in the
side-by-side view. A chart no other reading tool has: each article tier's reading grade against
the share of its questions readers answered correctly (tiers with 20 answers or more). The CSV
download equals `python -m feedback comprehension --format csv`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from content import Library
from content.tiers import TIER_NAMES, tier_label
from feedback import Store
from feedback.comprehension import (
    MIN_ANSWERS,
    QuestionRow,
    comprehension_csv,
    question_rows,
    tier_shares,
)
from readability import TierAssessment

log = logging.getLogger(__name__)
MISSED = "readers miss this"


def question_table(rows: list[QuestionRow], library: Library) -> pd.DataFrame:
    """One line per question: the article, tier, question, answers, share correct and flag."""
    lines = []
    for row in rows:
        article = library.articles.get(row.article)
        asked = (
            next((q for q in article.questions.get(row.tier) if q.id == row.question), None)
            if article
            else None
        )
        lines.append(
            {
                "Article": article.title if article else row.article,
                "Tier": tier_label(row.tier) if row.tier in TIER_NAMES else row.tier,
                "Answers": row.answers,
                "Correct": f"{row.share_correct:.0%}",
                "Flag": MISSED if row.missed else "",
                "Question": asked.ask if asked else row.question,
                "Section": f"?view=sections&article={row.article}&section={asked.section}"
                if asked
                else "",
            }
        )
    return pd.DataFrame(lines)


def understanding_frame(
    rows: list[QuestionRow],
    library: Library,
    assess: Callable[[str], dict[str, TierAssessment]],
) -> pd.DataFrame:
    """One point per article tier with at least MIN_ANSWERS answers: grade and share correct."""
    points = []
    for (article_id, tier), (answers, share) in tier_shares(rows).items():
        article = library.articles.get(article_id)
        if article is None or answers < MIN_ANSWERS or tier not in TIER_NAMES:
            continue
        grade = assess(article_id)[tier].whole.consensus_grade
        points.append(
            {
                "article": article.title,
                "tier": tier_label(tier),
                "grade": round(grade, 1),
                "share_correct": share,
                "answers": answers,
            }
        )
    return pd.DataFrame(points, columns=["article", "tier", "grade", "share_correct", "answers"])


def understanding_chart(frame: pd.DataFrame) -> alt.Chart:
    """Reading grade (x) against share of questions answered correctly (y), coloured by tier."""
    tiers = [tier_label(t) for t in TIER_NAMES]
    return (
        alt.Chart(
            frame, title=f"Reading grade and understanding (tiers with {MIN_ANSWERS}+ answers)"
        )
        .mark_circle(size=90, opacity=0.85)
        .encode(
            x=alt.X("grade:Q", title="Reading grade of the tier (consensus)"),
            y=alt.Y(
                "share_correct:Q",
                title="Questions answered correctly",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color("tier:N", title="Reading level", scale=alt.Scale(domain=tiers)),
            tooltip=[
                alt.Tooltip("article:N", title="Article"),
                alt.Tooltip("tier:N", title="Level"),
                alt.Tooltip("grade:Q", title="Grade", format=".1f"),
                alt.Tooltip("share_correct:Q", title="Correct", format=".0%"),
                alt.Tooltip("answers:Q", title="Answers"),
            ],
        )
    )


def comprehension_view(
    library: Library, assess: Callable[[str], dict[str, TierAssessment]]
) -> None:
    """Draw the editor's section on what readers understood."""
    with st.container(key="editor_comprehension"):
        st.subheader("Did readers understand?")
        try:
            rows = question_rows(Store.open())
        except Exception:
            log.exception("comprehension answers not readable")
            st.warning(
                "The feedback database cannot be reached right now.", icon=":material/cloud_off:"
            )
            return
        if not rows:
            st.info("No reader has answered a question yet.", icon=":material/quiz:")
            return
        frame = understanding_frame(rows, library, assess)
        if frame.empty:
            st.caption(f"The chart shows tiers with {MIN_ANSWERS} or more answers: none yet.")
        else:
            st.altair_chart(understanding_chart(frame), width="stretch")
            st.caption(
                f"Each point is one article at one reading level with {MIN_ANSWERS} or more "
                "answers; tiers with fewer are left out."
            )
        table = question_table(rows, library)
        for _, line in table[table["Flag"] != ""].iterrows():
            st.warning(
                f"{line['Article']} ({line['Tier']}): {MISSED}: “{line['Question']}”",
                icon=":material/flag:",
            )
        st.dataframe(
            table,
            hide_index=True,
            column_config={"Section": st.column_config.LinkColumn("Section", display_text="open")},
        )
        st.download_button(
            "Download answers to questions as CSV",
            data=comprehension_csv(rows),
            file_name="comprehension.csv",
            mime="text/csv",
            icon=":material/download:",
            key="editor_comprehension_csv",
        )
