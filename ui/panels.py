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
from content.evidence_words import DISCLAIMER, section_summaries
from content.reader_text import missing_citations, reference_anchor
from content.tiers import plain_tier, reference_tier
from readability import VERDICT_WORDS, TierAssessment
from ui import charts
from ui.words import text_scale

# Keyed by role, not tier name: the simplest tier, the most technical, and any in between.
EVIDENCE_INTRO = {
    "plain": (
        "Each bar is one part of this article. The longer the bar, the surer we can be. "
        "We use set words: good research *shows* it, this is *probably* right, this *may* be "
        "right, or *we are not sure*. A **solid** bar means a review, trial or guideline rated "
        "how sure it is itself. A **pale bar with a dashed edge** is our own estimate from the "
        "kind of study, and we never rate those above *probably*. **Grey** bars rest only on "
        "studies in animals or in the lab, which may not apply to people. A white bar is *not "
        "graded*: there are no studies we can rate for that part, or it is advice whose own "
        "rating we have not recorded yet."
    ),
    "between": (
        "Each bar's length is one section's certainty on an ordered scale: Not graded, Very "
        "low, Low, Moderate, High. A **solid** bar is a certainty a cited source stated itself "
        "(a review's GRADE rating, or a guideline's certainty); a **pale, dashed** bar is our "
        "estimate from study design, never above Moderate: two or more randomised trials, or "
        "a review that pooled trials, is Moderate; one trial, or observational studies, Low; "
        "opinion and narrative reviews Very low. Grey bars rest only on animal or lab work, "
        "which caps them at Very low. Hover a bar for how we know."
    ),
    "reference": (
        "Bar length is the section's certainty on an ordinal scale (Not graded, Very low, Low, "
        "Moderate, High). Solid: the highest certainty a cited human-evidence source states "
        "(GRADE, or a USPSTF certainty of net benefit), for the section's outcome where named. "
        "Pale and dashed: estimated from cited designs when none states one, capped at "
        "Moderate (meta-analysis of RCTs or two or more RCTs Moderate; one RCT, observational "
        "designs or reviews of mixed designs Low; case series, opinion, narrative reviews Very "
        "low). Animal, in vitro or mechanistic evidence only: Very low (grey). Summaries and "
        "guidelines without a stated certainty are not graded. Hover a bar for the route."
    ),
}


def _role(persona: str) -> str:
    if persona == plain_tier():
        return "plain"
    return "reference" if persona == reference_tier() else "between"


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
        if persona == plain_tier():
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
        st.markdown(EVIDENCE_INTRO[_role(persona)])
        scale = text_scale()
        frame = charts.grade_frame(article, persona, evidence, scale)
        st.altair_chart(charts.evidence_chart(frame, persona, scale), width="stretch")
        summaries = pd.DataFrame(section_summaries(article, persona, evidence))
        plain = persona == plain_tier()
        # Four columns, so the table fits a phone: the plain tier reads how we know in its own
        # column; the others read it at the start of the Basis ("Low (estimated from ...)").
        columns = {
            "Section": summaries["section"],
            "Strength": summaries["grade"] if plain else summaries["label"],
            **({"How we know": summaries["how"]} if plain else {}),
            "What this means" if plain else "Basis": summaries["words"],
        }
        if not plain:  # patients' words already say why, in plainer terms
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
