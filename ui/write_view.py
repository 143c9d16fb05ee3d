"""The writing desk on /editor: rewrite one part of one tier with live hints, then save it.

Drawing only. `readability.analysis` decides what is hard and why; `editorial.save` writes the
change into the article file (byte for byte outside the edited text, refused when stale, invalid
or read-only) and records it. A Streamlit text area reports nothing while the editor types, so
the analysis runs when the area loses focus, on Ctrl+Enter and on "Check".
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from content import TIERS, Article
from content.tiers import plain_tier, tier_label
from editorial import save
from editorial.accounts import Person
from editorial.reviews import article_path
from readability.analysis import (
    LIST_PARTS,
    Analysis,
    analyse,
    highlighted_html,
    list_items,
    part_text,
)
from readability.sentences import ACTIONS, KEY_POINTS, SUMMARY
from ui import editor_views as views

log = logging.getLogger(__name__)

PART_LABELS = {SUMMARY: "Short answer", KEY_POINTS: "Key points", ACTIONS: "What you can do"}
VERDICT_WORDS = {
    "pass": ("Meets the goal", ":material/check_circle:", "green"),
    "warn": ("Above the goal, within the limit", ":material/warning:", "orange"),
    "miss": ("Above the limit", ":material/error:", "red"),
}
# One colour per family of finding, also named in words in the list under the preview.
MARK_CSS = """
<style>
.write-preview { line-height: 1.7; font-size: 1rem; overflow-wrap: anywhere; }
.write-preview mark { padding: 0 .1em; border-radius: .2em; background: #fff1a8; color: inherit; }
.write-preview mark.finding-plain-alternative, .write-preview mark.finding-rare-word,
.write-preview mark.finding-abbreviation { background: #ffd6a5; }
.write-preview mark.finding-passive-voice { background: #cfe8ff; }
.write-preview mark.finding-long-sentence, .write-preview mark.finding-long-paragraph
{ background: #e4d7ff; }
.write-preview mark.finding-relative-risk, .write-preview mark.finding-overclaim
{ background: #ffc9c9; }
.write-preview mark.finding-error { outline: 2px solid #c92a2a; }
</style>
"""
WORD_RULES = ("plain-alternative", "rare-word", "abbreviation")


def next_tier(tier: str) -> str | None:
    """The tier shown beside the edited one: the next more technical, or for the most technical
    tier the one before it."""
    order = list(TIERS)
    at = order.index(tier)
    if at + 1 < len(order):
        return order[at + 1]
    return order[at - 1] if at > 0 else None


def parts_of(article: Article) -> list[str]:
    """The parts an editor can rewrite, in reading order."""
    return [SUMMARY, KEY_POINTS, ACTIONS, *(s.id for s in article.sections)]


def part_label(article: Article, part: str) -> str:
    """A part's name in the picker: the section heading, or "Short answer" and the like."""
    if part in PART_LABELS:
        return PART_LABELS[part]
    section = article.section(part)
    return section.heading if section else part


def draw_analysis(analysis: Analysis, *, key: str) -> None:
    """Grade against the goal and limit, jargon density, the highlighted text and each finding."""
    label, icon, colour = VERDICT_WORDS.get(analysis.verdict, ("", ":material/info:", "gray"))
    goal = "no goal" if analysis.goal is None else f"goal {analysis.goal:g}"
    limit = "no limit" if analysis.limit is None else f"limit {analysis.limit:g}"
    cols = st.columns(3)
    cols[0].metric(
        "Reading grade",
        f"{analysis.grade:.1f}",
        help=f"US school grade (the consensus of the app's formulas); {goal}, {limit}.",
    )
    cols[1].metric(
        "Jargon density",
        f"{analysis.jargon_density:.1f}",
        help="Distinct hard or rare words not explained in the text, per 100 words.",
    )
    cols[2].metric("Findings", len(analysis.findings), help="As `readability check` reports them.")
    st.badge(f"{label} ({goal}, {limit})", icon=icon, color=colour)
    if analysis.evidence_grade is not None:
        allowed = ", ".join(f"“{w}”" for w in analysis.allowed_certainty) or "none"
        st.caption(
            f"Evidence grade judged here: **{analysis.evidence_grade}**. Certainty words this "
            f"grade allows: {allowed}."
        )
    st.markdown("**Your text, with what makes it hard marked**")
    marked = highlighted_html(analysis.text, analysis.spans)
    with st.container(border=True, key=f"{key}_preview"):
        st.html(f'{MARK_CSS}<div class="write-preview">{marked}</div>')
    st.caption(
        "Orange: hard words · blue: passive voice · purple: long sentences or paragraphs · "
        "red: numbers or certainty words to fix. Hover a mark for its message."
    )
    draw_findings(analysis)


def draw_findings(analysis: Analysis) -> None:
    """The hard words with their alternatives, then every finding with its message."""
    words = [f for f in analysis.findings if f.rule in WORD_RULES and not f.accepted]
    if words:
        st.markdown("**Hard words**")
        for finding in words:
            st.markdown(
                f"- **{finding.term or finding.excerpt}** ({finding.rule}): {finding.message}"
            )
    others = [f for f in analysis.findings if f.rule not in WORD_RULES]
    if not analysis.findings:
        st.success("No findings in this text.", icon=":material/check_circle:")
    for finding in others:
        icon = ":material/error:" if finding.severity == "error" else ":material/warning:"
        accepted = " (accepted)" if finding.accepted else ""
        st.markdown(f"{icon} **{finding.rule}**{accepted}: {finding.message}")
        if finding.excerpt:
            st.caption(f"“{finding.excerpt}”")


def check_text_view() -> None:
    """Paste any text, choose a tier, get the same analysis without an article."""
    st.subheader("Check any text", anchor=False)
    st.caption(
        "Paste text written anywhere. Rules that need an article (evidence grade, citations, "
        "tier order) do not run. Nothing you paste is stored."
    )
    tier = views.url_choice(
        st.selectbox,
        "Reader",
        list(TIERS),
        param="tier",
        key="check_text_tier",
        format_func=views.TIER_LABELS.get,
    )
    text = st.text_area(
        "Text to check",
        height=220,
        max_chars=20_000,
        key="check_text_body",
        placeholder="Paste a paragraph or a page here, then press Ctrl+Enter or Check.",
    )
    st.button("Check", key="check_text_go", icon=":material/spellcheck:")
    if text.strip():
        draw_analysis(analyse(text, tier), key="check_text")


def write_view(snap: Any, person: Person | None) -> None:
    """Choose article, part and tier; edit beside the next tier; check; save or download."""
    st.subheader("Write", anchor=False)
    if person is None or not person.may("editor"):
        st.info(
            "Sign in as an editor to rewrite a tier here. Anyone can use **Check any text**.",
            icon=":material/lock:",
        )
        return
    articles = snap.library.articles
    if not articles:
        st.info("No article loaded. See **Problems** for files that failed.")
        return
    pick_article, pick_part, pick_tier = st.columns([2, 2, 1])
    article_id = views.article_choice(pick_article.selectbox, articles, key="write_article")
    article = articles[article_id]
    part = views.url_choice(
        pick_part.selectbox,
        "Part",
        parts_of(article),
        param="section",
        key=f"write_part_{article_id}",
        format_func=lambda p: part_label(article, p),
    )
    tier = views.tier_choice(pick_tier.selectbox, key="write_tier")
    _write_part(article, part, tier, person)


def _part_paths(article: Article, part: str, tier: str, text: str) -> list[tuple[tuple, str]]:
    """(path in the file, new text) for each scalar the edited text replaces: one for the
    summary or a section, one per changed bullet for key points and actions."""
    if part == SUMMARY:
        return [(("summary", tier), text)]
    if part in LIST_PARTS:
        old = getattr(article, part).get(tier) or []
        new = list_items(text)
        if len(new) != len(old):
            raise ValueError(
                f"The file has {len(old)} bullets here and your text has {len(new)}: change "
                "the words of a bullet here; add or remove bullets in the file itself."
            )
        return [
            ((part, tier, i), n) for i, (o, n) in enumerate(zip(old, new, strict=True)) if o != n
        ]
    index = next(i for i, s in enumerate(article.sections) if s.id == part)
    return [(("sections", index, "tiers", tier), text)]


def _write_part(article: Article, part: str, tier: str, person: Person) -> None:
    path = article_path(article.id)
    try:
        raw = path.read_bytes()
    except OSError:
        st.warning("This article's file is gone; reload the articles.", icon=":material/warning:")
        return
    slot = f"write_{article.id}_{part}_{tier}"
    if f"{slot}_opened" not in st.session_state or f"{slot}_text" not in st.session_state:
        st.session_state[f"{slot}_opened"] = save.hash_of(raw)
        st.session_state[f"{slot}_original"] = part_text(article, tier, part)
        st.session_state[f"{slot}_text"] = st.session_state[f"{slot}_original"]
    opened = st.session_state[f"{slot}_opened"]
    original = st.session_state[f"{slot}_original"]

    read_only = save.read_only_reason(path)
    if read_only:
        st.info(read_only, icon=":material/lock:")
    beside = next_tier(tier)
    left, right = st.columns(2) if beside else (st.container(), None)
    with left:
        list_hint = " (one “- ” bullet per line)" if part in LIST_PARTS else ""
        text = st.text_area(
            f"{tier_label(tier)} text{list_hint}",
            key=f"{slot}_text",
            height=260,
            max_chars=20_000,
            help="The analysis runs when you click outside the box, press Ctrl+Enter, or Check.",
        )
    if right is not None and beside is not None:
        with right:
            st.markdown(f"**{tier_label(beside)} text, for comparison**")
            with st.container(border=True, key=f"{slot}_beside"):
                other = part_text(article, beside, part)
                st.text(other or "(this tier has no text for this part)")
    buttons = st.columns([1, 2, 2])
    buttons[0].button("Check", key=f"{slot}_check", icon=":material/spellcheck:")
    changed = text != original
    if read_only:
        _download(buttons[1], article, part, tier, text, raw, slot, changed)
    elif buttons[1].button(
        "Save", key=f"{slot}_save", type="primary", icon=":material/save:", disabled=not changed
    ):
        _save(article, part, tier, text, opened, person, slot)
    if plain_tier() == tier:
        st.caption("Read it aloud: “the checks are clean” is not “a patient can read it”.")
    try:
        analysis = analyse(text, tier, article=article, part=part)
    except Exception:
        log.exception("analysis of %s %s %s failed", article.id, part, tier)
        st.warning(
            "This text could not be analysed; check its Markdown.", icon=":material/warning:"
        )
        return
    draw_analysis(analysis, key=slot)


def _download(
    column: Any,
    article: Article,
    part: str,
    tier: str,
    text: str,
    raw: bytes,
    slot: str,
    changed: bool,
) -> None:
    edited = raw  # unchanged text: the button is disabled and nothing is spliced
    try:
        for path, new in _part_paths(article, part, tier, text) if changed else []:
            edited = save.edited_file(edited, path, new)
    except (ValueError, save.SaveRefused) as refused:
        _refused("The edited file would not be valid", getattr(refused, "reasons", [str(refused)]))
        return
    column.download_button(
        "Download the edited file",
        data=edited,
        file_name=f"{article.id}.yaml",
        mime="application/yaml",
        key=f"{slot}_download",
        icon=":material/download:",
        disabled=not changed,
    )


def _save(
    article: Article, part: str, tier: str, text: str, opened: str, person: Person, slot: str
) -> None:
    voided = False
    try:
        for path, new in _part_paths(article, part, tier, text):
            result = save.save_text(article.id, path, new, opened_hash=opened, person=person)
            opened = result.file_hash
            voided = voided or result.voided_approval
    except ValueError as wrong:
        _refused("Not saved", [str(wrong)])
        return
    except save.SaveRefused as refused:
        _refused("Not saved", refused.reasons)
        if save.CHANGED in refused.reasons:
            st.button(
                "Discard my text and load the current file",
                key=f"{slot}_reload",
                on_click=_forget_slot,
                args=(slot,),
            )
        return
    except Exception:
        log.exception("saving %s failed", article.id)
        st.error("The file could not be written; nothing was changed.", icon=":material/error:")
        return
    st.session_state[f"{slot}_opened"] = opened
    st.session_state[f"{slot}_original"] = text
    message = "Saved. Readers see the new text on their next click."
    if voided:
        message += " The clinician's approval no longer applies: this version needs a new review."
    st.success(message, icon=":material/check_circle:")


def _refused(title: str, reasons: list[str]) -> None:
    st.error(f"{title}:", icon=":material/block:")
    for reason in reasons:
        st.text(f"• {reason}")


def _forget_slot(slot: str) -> None:
    for suffix in ("opened", "text", "original"):
        st.session_state.pop(f"{slot}_{suffix}", None)
