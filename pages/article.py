"""Article: the reader's tier, how hard it is to read, and how strong the evidence is."""

import streamlit as st

import ui
from content import TIERS, Article, Section
from content.reader_text import article_texts, glossary_terms, link_citations
from content.safe_markdown import safe_markdown
from content.tiers import plain_tier
from ui import comprehension_form, feedback_form, handout_view, listen, panels

persona = ui.frame("Article")
library = ui.library()
article_id = st.query_params.get("id")
article: Article | None = library.articles.get(article_id) if article_id else None

if article is None:
    st.title("Article not found")
    st.warning(
        "We couldn't find that article. The link may be incomplete, or the article may have "
        "been taken down.",
        icon=":material/search_off:",
    )
    ui.library_link(persona, "Back to the library of all articles")
    st.stop()

ui.page_title(article.title)
known_ids = [r.id for r in article.references]


def show(markdown: str | None) -> None:
    """Article text as Markdown, citation numbers linked to the reference list; no images, and
    links only to http(s) or this app."""
    st.markdown(safe_markdown(link_citations(markdown, known_ids, missing=ui.missing_reference)))


def show_list(statements: list[str]) -> None:
    """Key points or actions as a list, their citations linked like the text's."""
    st.markdown(link_citations(ui.bullet_list(statements), known_ids, missing=ui.missing_reference))


def other_levels(section: Section) -> None:
    """Popovers with this section in the other tiers; their text is built only when opened."""
    here = TIERS.index(persona)
    with st.container(horizontal=True, gap="small"):
        for tier in TIERS:
            if tier == persona or not section.tiers.get(tier):
                continue
            label = "Simpler" if TIERS.index(tier) < here else "More detail"
            popover = st.popover(
                f"{label}: {tier} version",
                icon=":material/unfold_less:" if label == "Simpler" else ":material/unfold_more:",
                type="tertiary",
                key=f"level_{section.id}_{tier}",
                on_change="rerun",
                help=f"Read “{section.heading_for(persona)}” as written for a {tier}.",
            )
            if popover.open:
                with popover:
                    st.markdown(f"**{section.heading_for(tier)}** ({tier} version)")
                    show(section.tiers.get(tier))


# --- Header, key points and short answer ---------------------------------------------------------
st.title(article.title)
review = ui.review_state(
    article
)  # a reviewer's record in the app; the file's status grants nothing
if review.approved:
    st.success(safe_markdown(ui.reviewed_words(review)), icon=":material/verified:")
else:
    st.warning(ui.pending_review_words(article, review), icon=":material/pending:")
topics = ", ".join(article.topics) or "none"
st.markdown(safe_markdown(f":small[{ui.updated_words(article.updated)} · Topics: {topics}]"))
handout_view.handout_buttons(article, persona)
points, actions = article.key_points.get(persona), article.actions.get(persona)
if points:
    with st.container(border=True, key="key_points"):
        st.markdown(f"**{listen.POINTS_HEADING}**")
        show_list(points)
        listen.listen("points", listen.points_and_actions(points, actions), "the key points")
with st.container(border=True, key="short_answer"):
    st.markdown("**Short answer**")
    show(article.summary.get(persona))
    listen.listen("summary", article.summary.get(persona) or "", "the short answer")

terms = glossary_terms(article_texts(article, persona), article.glossary)
if persona == plain_tier() and terms:
    with st.expander(f"Words used on this page ({len(terms)})", icon=":material/dictionary:"):
        st.markdown(safe_markdown("\n".join(f"- **{t}**: {meaning}" for t, meaning in terms)))

# --- Body ----------------------------------------------------------------------------------------
with st.container(key="article_body"):
    # Group headings have no plain-language version, so patients read section headings only.
    grouped = persona != plain_tier()
    group = None
    for section in article.sections:
        if grouped and section.group and section.group != group:
            st.header(safe_markdown(section.group), anchor=False)
        group = section.group
        heading = st.subheader if grouped and section.group else st.header
        heading(safe_markdown(section.heading_for(persona)), anchor=section.id)
        if text := section.tiers.get(persona):
            show(text)
            listen.listen(
                f"section_{section.id}", f"{section.heading_for(persona)}\n\n{text}", "this part"
            )
        else:
            st.caption("This part is not written at this reading level yet.")
        other_levels(section)

if actions:
    with st.container(key="actions"):
        st.header(listen.ACTIONS_HEADING, anchor="actions")
        show_list(actions)
        if not points:  # else they are read with the key points
            listen.listen("points", listen.points_and_actions(points, actions), "what you can do")

# --- Readability, evidence, references ------------------------------------------------------------
panels.readability_panel(article, ui.assessment(article.id)[persona], persona)
panels.evidence_panel(article, persona)
panels.reference_list(article)
ui.disclaimer(persona)
feedback_form.ask(article, persona)
comprehension_form.ask(article, persona)
