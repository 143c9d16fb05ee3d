"""The editor's view of readers' answers beside the formula's grade and target.

Per article and tier: how many readers said too hard, about right or too simple (and shares),
the computed consensus grade and target, the sections readers named hardest, and a flag where
readers and the formula disagree. The CSV download is the `python -m feedback summary --format csv`
text, byte for byte.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st

from content import Library
from content.tiers import tier_label
from feedback import ANSWER_WORDS, ANSWERS, Store, SummaryRow, disagreement, shares, summary_csv
from readability import VERDICT_WORDS, TierAssessment
from ui.cached import assessment
from ui.words import grade_words

log = logging.getLogger(__name__)
NOT_IN_LIBRARY = "not in the library"


def feedback_table(
    rows: list[SummaryRow],
    hardest: dict[tuple[str, str], list[tuple[str, int]]],
    library: Library,
    assess: Callable[[str], dict[str, TierAssessment]],
) -> pd.DataFrame:
    """One line per article and tier: answers, shares, grade, target, hardest sections, flag."""
    lines = []
    for row in rows:
        article = library.articles.get(row.article)
        tier = assess(row.article).get(row.tier) if article else None
        share = shares(row)
        named = hardest.get((row.article, row.tier), [])
        line = {
            "Article": article.title if article else f"{row.article} ({NOT_IN_LIBRARY})",
            "Tier": row.tier,
            **{ANSWER_WORDS[a]: f"{row.count(a)} ({share[a]:.0%})" for a in ANSWERS},
            "Answers": row.total,
            "Grade": grade_words(tier.whole.consensus_grade) if tier else "",
            "Target": tier.target.describe() if tier else "",
            "Formula says": VERDICT_WORDS[tier.verdict] if tier else "",
            "Hardest sections": ", ".join(
                f"{_heading(library, row, sid)} ({n})" for sid, n in named[:3]
            ),
            "Readers vs formula": (disagreement(tier.verdict, row) if tier else None) or "",
        }
        lines.append(line)
    return pd.DataFrame(lines)


def _heading(library: Library, row: SummaryRow, section_id: str) -> str:
    article = library.articles.get(row.article)
    section = article.section(section_id) if article else None
    return section.heading_for(row.tier) if section else section_id


def _in_words(line: pd.Series) -> str:
    """One tier's answers as text, e.g. 'Patient: 3 answers, too hard 2 (67%)'."""
    answers = "answer" if line["Answers"] == 1 else "answers"
    return f"{tier_label(line['Tier'])}: {line['Answers']} {answers}, too hard {line['Too hard']}"


def feedback_view(
    library: Library, assess: Callable[[str], dict[str, TierAssessment]] = assessment
) -> None:
    """Draw the editor's feedback section (a heading, flags, the table and the CSV download).

    `assess(article_id)` gives each tier's readability; the default is the app's cached one, and
    a page that reloads its own library passes its own.
    """
    with st.container(key="editor_feedback"):
        st.subheader("What readers told us")
        try:
            store = Store.open()
            rows, hardest = store.summary(), store.hardest_sections()
        except Exception:
            log.exception("feedback summary not readable")
            st.warning(
                "The feedback database cannot be reached right now.", icon=":material/cloud_off:"
            )
            return
        if not rows:
            st.info("No reader has answered the question yet.", icon=":material/forum:")
            return
        table = feedback_table(rows, hardest, library, assess)
        # One block per article, tiers as rows: readable at phone width, flags beside their table.
        for title, tiers in table.groupby("Article", sort=False):
            st.markdown(f"**{title}**")
            st.caption(" · ".join(_in_words(line) for _, line in tiers.iterrows()))
            for _, line in tiers[tiers["Readers vs formula"] != ""].iterrows():
                flag = line["Readers vs formula"]
                st.warning(f"{tier_label(line['Tier'])}: {flag}", icon=":material/flag:")
            st.dataframe(
                tiers.drop(columns="Article"),
                hide_index=True,
                column_config={"Tier": st.column_config.TextColumn(pinned=True)},
            )
        st.download_button(
            "Download as CSV",
            data=summary_csv(rows),
            file_name="feedback-summary.csv",
            mime="text/csv",
            icon=":material/download:",
            key="editor_feedback_csv",
        )
