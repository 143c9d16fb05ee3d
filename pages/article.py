"""Article: the reader's tier, how hard it is to read, and how strong the evidence is."""

from html import escape

import pandas as pd
import streamlit as st

import charts
import ui
from content import TIERS, Article, Section
from content.evidence import vocabulary
from content.evidence_table import DISCLAIMER, section_summaries
from content.reading import (
    article_texts,
    glossary_terms,
    link_citations,
    missing_citations,
    reference_anchor,
)

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
    """Article text as Markdown, citation numbers linked to the reference list."""
    st.markdown(link_citations(markdown, known_ids, missing=ui.missing_reference))


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


# --- Header and short answer ---------------------------------------------------------------------
st.title(article.title)
if not article.approved:
    st.warning(
        f"**Pending review.** This article is {ui.STATUS_WORDS[article.status].lower()}: "
        "a medical reviewer has not approved it yet, so it may still change.",
        icon=":material/pending:",
    )
badge = f"{ui.status_badge(article.status)} " if article.approved else ""
st.markdown(
    f"{badge}:small[{ui.updated_words(article.updated)}"
    f" · Topics: {', '.join(article.topics) or 'none'}]"
)
with st.container(border=True, key="short_answer"):
    st.markdown("**Short answer**")
    show(article.summary.get(persona))

terms = glossary_terms(article_texts(article, persona), article.glossary)
if persona == "patient" and terms:
    with st.expander(f"Words used on this page ({len(terms)})", icon=":material/dictionary:"):
        st.markdown("\n".join(f"- **{term}**: {meaning}" for term, meaning in terms))

# --- Body ----------------------------------------------------------------------------------------
with st.container(key="article_body"):
    # Group headings have no plain-language version, so patients read section headings only.
    grouped = persona != "patient"
    group = None
    for section in article.sections:
        if grouped and section.group and section.group != group:
            st.header(section.group, anchor=False)
        group = section.group
        heading = st.subheader if grouped and section.group else st.header
        heading(section.heading_for(persona), anchor=section.id)
        if text := section.tiers.get(persona):
            show(text)
        else:
            st.caption("This part is not written at this reading level yet.")
        other_levels(section)

# --- Readability ---------------------------------------------------------------------------------
tier = ui.assessment(article.id)[persona]
scores = tier.whole
with st.container(key="readability_panel"):
    st.header("How easy is this page to read?", anchor="readability")
    st.markdown(
        f"The text above (short answer and all sections, {persona} version) is at US school "
        f"grade **{ui.grade_words(scores.consensus_grade)}**. "
        f"{ui.verdict_badge(tier.verdict, tier.target.describe())}"
    )
    first, second, third = st.columns(3)
    first.metric(
        "Reading grade (consensus)",
        f"{scores.consensus_grade:.1f}",
        help="The middle value of five grade formulas, as a US school grade.",
    )
    second.metric("Flesch-Kincaid grade", f"{scores.flesch_kincaid_grade:.1f}")
    third.metric(
        "Flesch Reading Ease",
        f"{scores.flesch_reading_ease_display:.0f} of 100",
        help="Higher is easier: 60-70 is plain English, under 30 is very hard.",
    )
    first, second, third = st.columns(3)
    first.metric("SMOG grade", f"{scores.smog_index:.1f}")
    second.metric("Words / sentences", f"{scores.words} / {scores.sentences}")
    third.metric(
        "Reading time",
        ui.reading_time_words(scores.reading_time_seconds),
        help="At 238 words a minute, an average adult reading rate; take the time you need.",
    )
    if scores.flesch_reading_ease != scores.flesch_reading_ease_display:
        st.caption(
            f"Flesch Reading Ease works out at {scores.flesch_reading_ease:.0f} here, off its "
            f"0 to 100 scale, so it shows as {scores.flesch_reading_ease_display:.0f}."
        )
    for note in scores.notes:
        st.caption(f":material/info: Low confidence: {note}")
    if not any("SMOG" in note for note in scores.notes):
        st.caption("SMOG is only reliable on 30 or more sentences; this text has enough.")
    with st.expander("Reading grade of each section"):
        st.table(ui.section_grades(article, tier, persona))

# --- Evidence ------------------------------------------------------------------------------------
with st.container(key="evidence_chart"):
    st.header("How strong is the evidence?", anchor="evidence")
    st.markdown(ui.EVIDENCE_INTRO[persona])
    frame = charts.evidence_frame(article, persona)
    sections = [s.heading_for(persona) for s in article.sections]
    st.altair_chart(
        charts.evidence_chart(frame, sections),
        width="stretch",
    )
    summaries = pd.DataFrame(section_summaries(article, persona))
    table = pd.DataFrame(
        {
            "Section": summaries["section"],
            "Strength": summaries["label"],
            "What this means" if persona == "patient" else "Basis": summaries["words"],
        }
    ).set_index("Section")
    st.table(table)
    st.caption(f":material/info: {DISCLAIMER} See the About page for how it is worked out.")

# --- References ----------------------------------------------------------------------------------
st.header("References", anchor="references")
designs = vocabulary().designs
items = "".join(
    f'<li id="{reference_anchor(r.id)}" style="margin-bottom:0.6rem">'
    f"<strong>[{escape(r.id)}]</strong> "
    f'<span style="border:1px solid currentColor;border-radius:0.5rem;padding:0 0.4rem;'
    f'font-size:0.8rem">{escape(designs[r.type].label)}</span> '
    f"{escape(r.title)}. <em>{escape(r.source)}</em>, {r.year}.</li>"
    for r in article.references
)
st.html(f'<ul style="list-style:none;padding-left:0">{items}</ul>')
if missing := missing_citations(article):
    listed = ", ".join(f"[{i}]" for i in missing)
    st.caption(
        f":material/link_off: The text cites {listed}, but no such reference is listed yet. "
        "The editors have been told."
    )

ui.disclaimer(persona)
