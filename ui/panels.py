"""The article page's panels: readability, evidence and references, drawn from computed results.

Each function only draws what `content` and `readability` computed; the page calls them in order.
"""

from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

import ui
from content import Article
from content.evidence import vocabulary
from content.evidence_table import DISCLAIMER, section_summaries
from content.reading import missing_citations, reference_anchor
from readability import VERDICT_WORDS, TierAssessment
from ui import charts

EVIDENCE_INTRO = {
    "patient": (
        "Each bar is one part of this article. Each block in a bar is one source or kind of "
        "study behind that part. **Blue** blocks are studies in people: the darker the blue, "
        "the stronger the kind of study. **Grey** blocks are studies in animals or cells, which "
        "may not apply to people. "
        "**Orange** blocks are official advice from a medical body. In the table we use set "
        "words: research *shows*, this is *probably* right, this *may* be right, or the evidence "
        "is *very uncertain*."
    ),
    "student": (
        "Each bar stacks the sources behind one section by where their study design sits in the "
        "evidence pyramid, strongest first: systematic reviews, randomised trials, cohort "
        "studies, case-control and cross-sectional studies, case series, then expert opinion "
        "(blues, dark to light). Animal and lab studies sit below every study in people "
        "(grey). Guidelines summarise research rather than test it, so they are their own "
        "category (orange). A section is as strong as its single strongest design: many weak "
        "studies never add up to a strong one."
    ),
    "clinician": (
        "Sources per section stacked by design level (1 systematic review or meta-analysis "
        "to 7 animal, in vitro or mechanistic; guidelines separate and ungraded unless a GRADE "
        "certainty is stated). Section strength is the maximum design weight, capped by any "
        "stated GRADE certainty; designs named in the text (basis) count alongside cited "
        "references. Hover a block for the reference, year and design."
    ),
}


def section_grades(article: Article, tier: TierAssessment, persona: str) -> pd.DataFrame:
    """Each section's consensus grade against the tier target, for the on-demand table."""
    rows = []
    for section in article.sections:
        scores = tier.sections.get(section.id)
        if scores is None:
            continue
        verdict = tier.target.verdict(scores.consensus_grade)
        # Four columns, so the table fits a phone (six made the page scroll sideways at 390 px).
        confidence = " (low confidence: short text)" if scores.low_confidence else ""
        rows.append(
            {
                "Section": section.heading_for(persona),
                "Grade": f"{scores.consensus_grade:.1f}{confidence}",
                "Target": VERDICT_WORDS[verdict],
                "Length": f"{scores.words} words, {scores.sentences} sentences",
            }
        )
    return pd.DataFrame(rows).set_index("Section")


def readability_panel(article: Article, tier: TierAssessment, persona: str) -> None:
    """How hard exactly this reader's text is: one plain statement for a patient, with the
    formulas folded away; the figures for students and clinicians."""
    scores = tier.whole
    with st.container(key="readability_panel"):
        st.header("How easy is this page to read?", anchor="readability")
        if persona == "patient":
            st.markdown(f"**{ui.plain_reading_words(scores.consensus_grade, tier.target)}**")
            with st.expander("How we measure this", icon=":material/calculate:"):
                st.markdown(
                    "We run the text you read through five reading formulas that count words "
                    "per sentence and syllables per word, and take the middle result as a US "
                    f"school grade: here {ui.grade_words(scores.consensus_grade)}. "
                    f"{ui.verdict_badge(tier.verdict, tier.target.describe())}"
                )
                _figures(article, tier, persona)
            return
        st.markdown(
            f"The text above (short answer and all sections, {persona} version) is at US school "
            f"grade **{ui.grade_words(scores.consensus_grade)}**. "
            f"{ui.verdict_badge(tier.verdict, tier.target.describe())}"
        )
        _figures(article, tier, persona)


def _figures(article: Article, tier: TierAssessment, persona: str) -> None:
    """The formulas' figures, their confidence notes and each section's grade."""
    scores = tier.whole
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
        st.table(section_grades(article, tier, persona))


def evidence_panel(article: Article, persona: str) -> None:
    """The evidence chart, explained for this reader, with the same facts as a table in words."""
    with st.container(key="evidence_chart"):
        st.header("How strong is the evidence?", anchor="evidence")
        st.markdown(EVIDENCE_INTRO[persona])
        frame = charts.evidence_frame(article, persona)
        sections = [s.heading_for(persona) for s in article.sections]
        st.altair_chart(charts.evidence_chart(frame, sections), width="stretch")
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


def reference_list(article: Article) -> None:
    """References with anchors the citation links jump to; every field from the file escaped."""
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
            f":material/hourglass_top: The text mentions {listed}: we are still checking "
            f"{'that source' if len(missing) == 1 else 'those sources'}, so "
            f"{'it is' if len(missing) == 1 else 'they are'} not listed here yet."
        )
