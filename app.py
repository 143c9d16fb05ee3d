"""Library: every article with its short answer, status, reading level and evidence, searchable."""

import pandas as pd
import streamlit as st

import ui
from content import STATUSES
from content.evidence_table import label_counts
from content.reading import select_articles, without_citations
from readability import VERDICT_WORDS

persona = ui.frame("Library")
library = ui.library()

st.title("Health articles")
st.markdown(
    f"Short, checked answers to health questions, written for the **{persona}** reading level."
)

articles = sorted(library.articles.values(), key=lambda a: (-a.updated.toordinal(), a.title))
query = st.text_input("Search articles", placeholder="Search titles, topics and text")
topic_col, status_col, level_col = st.columns(3)
topics = topic_col.multiselect(
    "Topic", sorted({t for a in articles for t in a.topics}), placeholder="All topics"
)
statuses = status_col.multiselect(
    "Review status", list(STATUSES), format_func=ui.STATUS_WORDS.get, placeholder="Any status"
)
verdicts = level_col.multiselect(
    f"Reading level for a {persona}",
    list(VERDICT_WORDS),
    format_func=VERDICT_WORDS.get,
    placeholder="Any reading level",
)

shown = select_articles(articles, query=query, topics=topics, statuses=statuses)
if verdicts:
    shown = [a for a in shown if ui.assessment(a.id)[persona].verdict in verdicts]

st.caption(f"Showing {len(shown)} of {len(articles)} articles.")
for article in shown:
    tier = ui.assessment(article.id)[persona]
    with st.container(border=True, key=f"card_{article.id}"):
        ui.article_link(article, persona)
        summary = without_citations(article.summary.get(persona))
        st.markdown(summary or "*No short answer at this level yet.*")
        st.markdown(
            f"{ui.status_badge(article.status)} :small[{ui.updated_words(article.updated)}"
            f" · Topics: {', '.join(article.topics) or 'none'}]"
        )
        counts = ", ".join(f"{n} {label.lower()}" for label, n in label_counts(article).items())
        st.markdown(
            f"Reading grade **{ui.grade_words(tier.whole.consensus_grade)}** "
            f"{ui.verdict_badge(tier.verdict, tier.target.describe())}  \n"
            f":small[Evidence behind its {len(article.sections)} sections: {counts}]"
        )
if not shown:
    st.info("No article matches. Try fewer words or clear the filters.", icon=":material/search:")

if library.failed:
    count = len(library.failed)
    files = (
        "1 article file could not be loaded and is"
        if count == 1
        else (f"{count} article files could not be loaded and are")
    )
    st.caption(f":material/report: {files} not shown.")
    with st.expander("Details for editors"):
        problems = [p.to_dict() for r in library.failed for p in r.problems]
        st.dataframe(pd.DataFrame(problems), hide_index=True)
