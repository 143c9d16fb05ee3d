"""Library: every article with its key points, status, reading level and evidence, searchable.

Search and filters live in the URL (`?q=…&topic=…&status=…&target=…`, a repeated key for several
values), so a filtered view survives a reload, Back and sharing. Every value is checked against
the known ones; anything else is ignored. The cards come a page at a time (`?page=2`); changing a
filter goes back to page 1. Cards are drawn from one table built once per library snapshot
(`ui/cached.py`), so the page costs the same with 10 articles or 1,000.
"""

import streamlit as st

import ui
from content import STATUSES
from content.reader_text import matches_query
from content.url_params import TARGET_PARAMS, known_values, search_from_url
from readability import VERDICT_WORDS

persona = ui.frame("Library", home=True)

st.title("Health articles")
st.markdown(
    "Short answers to health questions, and how sure we can be of them, written for the "
    f"**{persona}** reading level. Each one says whether a medical reviewer has approved it yet."
)

PAGE_PARAM = "page"
PAGE_SIZE = 10

library = ui.library()
if ui.card_table_ready() or len(library.articles) < ui.PROGRESS_FROM:
    table = ui.card_table()
else:
    total = len(library.articles)
    bar = st.progress(0.0, text=f"Scoring {ui.count_words(total, 'article')}…")
    table = ui.card_table(
        lambda done, total: bar.progress(
            done / total, text=f"Scoring {ui.count_words(total, 'article')}… {done} done"
        )
    )
    bar.empty()

url = st.query_params
query = st.text_input(
    "Search articles",
    placeholder="Search titles, topics and text",
    **ui.kept_in_url("library_q", "q", search_from_url(url.get("q")), resets=(PAGE_PARAM,)),
)
known_topics = list(table.topics)
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
    **ui.kept_in_url(
        "library_topic",
        "topic",
        known_values(chosen["topic"], known_topics),
        resets=(PAGE_PARAM,),
    ),
)
statuses = status_col.multiselect(
    "Review status",
    list(STATUSES),
    format_func=ui.STATUS_WORDS.get,
    placeholder="Any status",
    **ui.kept_in_url(
        "library_status",
        "status",
        known_values(chosen["status"], STATUSES),
        resets=(PAGE_PARAM,),
    ),
)
known_targets = known_values(chosen["target"], TARGET_PARAMS)
targets = level_col.multiselect(
    f"Reading level for a {persona}",
    list(TARGET_PARAMS),
    format_func=lambda value: VERDICT_WORDS[TARGET_PARAMS[value]],
    placeholder="Any reading level",
    **ui.kept_in_url("library_target", "target", known_targets, resets=(PAGE_PARAM,)),
)

verdicts = {TARGET_PARAMS[t] for t in targets}
# What readers see and filter by comes from the review record, never from a status in the file.
status_of = {card.id: ui.reader_status(card.id, card.status) for card in table.cards}
shown = [
    card
    for card in table.cards
    if (not topics or set(topics) & set(card.topics))
    and (not statuses or status_of[card.id] in statuses)
    and (not verdicts or card.tiers[persona].verdict in verdicts)
    and (not query or matches_query(library.articles[card.id], query))
]
pages = max(1, -(-len(shown) // PAGE_SIZE))
page = ui.page_from_url(url.get(PAGE_PARAM), pages)
first = (page - 1) * PAGE_SIZE
if shown:
    what = (
        f"{len(shown)} articles"
        if len(shown) == len(table.cards)
        else f"{len(shown)} matching articles ({len(table.cards)} in the library)"
    )
    st.caption(
        f"Showing {first + 1}–{min(first + PAGE_SIZE, len(shown))} of {what}, "
        f"page {page} of {pages}."
        if pages > 1
        else f"Showing {len(shown)} of {len(table.cards)} articles."
    )
for card in shown[first : first + PAGE_SIZE]:
    tier = card.tiers[persona]
    with st.container(border=True, key=f"card_{card.id}"):
        ui.card_link(card.id, card.title, persona)
        st.markdown(tier.points)
        st.markdown(
            f"{ui.status_badge(status_of[card.id])} :small[{card.updated_words}"
            f" · Topics: {', '.join(card.topics) or 'none'}]"
        )
        st.markdown(
            f"Reading grade **{ui.grade_words(tier.grade)}** "
            f"{ui.verdict_badge(tier.verdict, tier.target_words)}  \n"
            f":small[Evidence behind its {ui.count_words(card.sections, 'section')}: "
            f"{card.evidence_words}]"
        )
if pages > 1:
    ui.page_links(page, pages, PAGE_PARAM)
if not shown:
    st.info("No article matches. Try fewer words or clear the filters.", icon=":material/search:")
ui.unavailable_note(len(library.failed), persona)
