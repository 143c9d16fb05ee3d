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
from ui.words import text_scale

EVIDENCE_INTRO = {
    "patient": (
        "Each bar is one part of this article. The longer the bar, the stronger the evidence. "
        "We use set words: the evidence is *very uncertain*, this *may* be right, this is "
        "*probably* right, or good research *shows* it. **Grey** bars rest only on studies in "
        "animals or in the lab, which may not apply to people. A white bar is *not graded*: "
        "that part rests only on summaries written by others, not on studies we can rate."
    ),
    "student": (
        "Each bar's length is one section's grade on an ordered scale: Not graded, Very low, "
        "Low, Moderate, High. A section is as strong as its single strongest study design in "
        "the evidence pyramid (systematic reviews, randomised trials, cohort studies, "
        "case-control and cross-sectional studies, case series, expert opinion, then animal "
        "and lab work): many weak studies never add up to a strong one. Grey bars rest only on "
        "animal or lab work, which caps them at Very low. Summaries written by others are not "
        "studies and are not graded. Hover a bar for what it rests on."
    ),
    "clinician": (
        "Bar length is the section grade on an ordinal scale (Not graded, Very low, Low, "
        "Moderate, High): the maximum design weight among cited references and designs named "
        "in the text (basis), capped by any stated GRADE certainty. Sections whose every "
        "design level is animal, in vitro or mechanistic are capped at Very low (grey). "
        "Summaries carry no design weight; guidelines count only through a stated certainty. "
        "Hover a bar for its reason and what it rests on, by design."
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
    evidence = ui.cached.evidence(article.id)
    with st.container(key="evidence_chart"):
        st.header("How strong is the evidence?", anchor="evidence")
        st.markdown(EVIDENCE_INTRO[persona])
        scale = text_scale()
        frame = charts.grade_frame(article, persona, evidence, scale)
        st.altair_chart(charts.evidence_chart(frame, persona, scale), width="stretch")
        summaries = pd.DataFrame(section_summaries(article, persona, evidence))
        columns = {
            "Section": summaries["section"],
            "Strength": summaries["grade"] if persona == "patient" else summaries["label"],
            "What this means" if persona == "patient" else "Basis": summaries["words"],
        }
        if persona != "patient":  # patients' words already say why, in plainer terms
            columns["Why"] = summaries["reason"]
        table = pd.DataFrame(columns).set_index("Section")
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
