"""Library: every article with its key points, status, reading level and evidence, searchable.

Search and filters live in the URL (`?q=…&topic=…&status=…&target=…`, a repeated key for several
values), so a filtered view survives a reload, Back and sharing. Every value is checked against
the known ones; anything else is ignored.
"""

import streamlit as st

import ui
from content import STATUSES
from content.evidence_table import label_counts
from content.reading import TARGET_PARAMS, known_values, search_from_url, select_articles
from readability import VERDICT_WORDS

persona = ui.frame("Library", home=True)
library = ui.library()

st.title("Health articles")
st.markdown(
    f"Short, checked answers to health questions, written for the **{persona}** reading level."
)

articles = sorted(library.articles.values(), key=lambda a: (-a.updated.toordinal(), a.title))
url = st.query_params
query = st.text_input(
    "Search articles",
    placeholder="Search titles, topics and text",
    **ui.kept_in_url("library_q", "q", search_from_url(url.get("q"))),
)
known_topics = sorted({t for a in articles for t in a.topics})
chosen = {name: url.get_all(name) for name in ("topic", "status", "target")}
# Folded until a filter is set: on a phone three open filters push the articles off screen.
# Once set, they stay open for the session, so clearing the last one does not fold them away.
if any(chosen.values()):
    st.session_state["library_filters_open"] = True
filters = st.expander(
    "Filter by topic, review status or reading level",
    icon=":material/filter_list:",
    expanded=st.session_state.get("library_filters_open", False),
)
topic_col, status_col, level_col = filters.columns(3)
topics = topic_col.multiselect(
    "Topic",
    known_topics,
    placeholder="All topics",
    **ui.kept_in_url("library_topic", "topic", known_values(chosen["topic"], known_topics)),
)
statuses = status_col.multiselect(
    "Review status",
    list(STATUSES),
    format_func=ui.STATUS_WORDS.get,
    placeholder="Any status",
    **ui.kept_in_url("library_status", "status", known_values(chosen["status"], STATUSES)),
)
known_targets = known_values(chosen["target"], TARGET_PARAMS)
targets = level_col.multiselect(
    f"Reading level for a {persona}",
    list(TARGET_PARAMS),
    format_func=lambda value: VERDICT_WORDS[TARGET_PARAMS[value]],
    placeholder="Any reading level",
    **ui.kept_in_url("library_target", "target", known_targets),
)

shown = select_articles(articles, query=query, topics=topics, statuses=statuses)
if targets:
    verdicts = {TARGET_PARAMS[t] for t in targets}
    shown = [a for a in shown if ui.assessment(a.id)[persona].verdict in verdicts]

st.caption(f"Showing {len(shown)} of {len(articles)} articles.")
for article in shown:
    tier = ui.assessment(article.id)[persona]
    with st.container(border=True, key=f"card_{article.id}"):
        ui.article_link(article, persona)
        st.markdown(ui.key_points_or_summary(article, persona))
        st.markdown(
            f"{ui.status_badge(article.status)} :small[{ui.updated_words(article.updated)}"
            f" · Topics: {', '.join(article.topics) or 'none'}]"
        )
        counts = ", ".join(f"{n} {label.lower()}" for label, n in label_counts(article).items())
        st.markdown(
            f"Reading grade **{ui.grade_words(tier.whole.consensus_grade)}** "
            f"{ui.verdict_badge(tier.verdict, tier.target.describe())}  \n"
            f":small[Evidence behind its {ui.count_words(len(article.sections), 'section')}: "
            f"{counts}]"
        )
if not shown:
    st.info("No article matches. Try fewer words or clear the filters.", icon=":material/search:")
ui.unavailable_note(len(library.failed), persona)
