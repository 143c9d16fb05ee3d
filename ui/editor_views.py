"""The editor page's panels: the overview, problems, one tier's figures, side by side, hardest
sentences and findings, drawn from `ui.editor_data`.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import content
from content import TIERS, Article
from content.tiers import tier_label
from readability import VERDICT_WORDS, TierAssessment, clean_markdown
from readability.checks import RULES, Finding
from readability.clean import clean_blocks
from readability.sentences import Sentence
from ui import editor_charts
from ui.editor_data import (
    FINDING_RULES,
    Snapshot,
    filter_overview,
    overview_frame,
    part_text,
    problem_rows,
    report_csv_bytes,
    section_frame,
    side_by_side,
)
from ui.page_frame import kept_in_url
from ui.words import (
    STATUS_WORDS,
    count_words,
    grade_words,
    reader_status,
    status_badge,
    verdict_badge,
)

CONTEXT_CHARS = 160
FEW_FINDINGS = 10  # up to this many open findings in a tier, every rule's list starts open
STATUS_OPTIONS = tuple(content.STATUSES)


# --- Text in context ---------------------------------------------------------------------------


def highlight_html(text: str, excerpt: str, context: int = CONTEXT_CHARS) -> str:
    """HTML of `excerpt` marked inside a window of `text`; everything escaped, no article HTML.

    When the excerpt is not found (it may come from cleaned text), the excerpt alone is marked.
    """
    start = text.find(excerpt) if excerpt else -1
    if start < 0 and excerpt:
        start = text.lower().find(excerpt.lower())
    if start < 0:
        return f"<mark>{escape(excerpt)}</mark>" if excerpt else escape(text[: 2 * context])
    end = start + len(excerpt)
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    return (
        ("…" if start > context else "")
        + escape(before)
        + f"<mark>{escape(text[start:end])}</mark>"
        + escape(after)
        + ("…" if end + context < len(text) else "")
    )


def context_html(source: str, excerpt: str, context: int = CONTEXT_CHARS) -> str:
    """The excerpt marked in its source text, or in the cleaned prose it was scored from.

    Excerpts and sentences come from cleaned text (no markup or citation markers), so they are
    looked for in the Markdown first, then in its clean prose; if neither has them, the excerpt is
    shown marked with the start of the prose after it.
    """
    for text in (source, clean_markdown(source)):
        if excerpt and excerpt.lower() in text.lower():
            return highlight_html(text, excerpt, context)
    prose = clean_markdown(source)
    if not prose:
        return highlight_html("", excerpt, context)
    more = "…" if len(prose) > 2 * context else ""
    return f"{highlight_html('', excerpt, context)} in: {escape(prose[: 2 * context])}{more}"


def block_context_html(source: str, excerpt: str) -> str:
    """The excerpt marked inside the paragraph or list item of `source` that holds it."""
    wanted = excerpt.lower()
    for block in clean_blocks(source):
        if wanted and (wanted in block.text.lower() or wanted in block.markdown.lower()):
            return context_html(block.markdown, excerpt)
    return context_html(source, excerpt)


# --- Choices held in the URL --------------------------------------------------------------------


def url_choice(
    widget: Any,
    label: str,
    options: list[str],
    *,
    param: str,
    key: str,
    format_func: Any = str,
    **kwargs: Any,
) -> str:
    """A choice widget whose value lives in the URL as `?param=`, validated against `options`.

    The URL decides the value on every run, so browser Back follows the address; an unknown or
    missing value falls back to the first option (the URL is not rewritten on arrival, which would
    add a history entry); a change by the editor is written to the URL (`ui.kept_in_url`).
    Read by hand rather than `bind="query-params"`, which puts the *label* in the URL.
    """
    wanted = st.query_params.get(param)
    value = wanted if wanted in options else options[0]
    return widget(
        label, options, format_func=format_func, **kept_in_url(key, param, value), **kwargs
    )


def article_choice(widget: Any, articles: dict[str, Article], *, key: str) -> str:
    """An article picker kept in `?article=`, each shown as "Title (id)"."""
    return url_choice(
        widget,
        "Article",
        list(articles),
        param="article",
        key=key,
        format_func=lambda a: f"{articles[a].title} ({a})",
    )


def tier_choice(widget: Any, *, key: str) -> str:
    """A tier picker kept in `?tier=`, each tier by its label."""
    return url_choice(
        widget, "Tier", list(TIERS), param="tier", key=key, format_func=TIER_LABELS.get
    )


# --- Drawing -------------------------------------------------------------------------------------

TIER_LABELS = {tier: tier_label(tier) for tier in TIERS}


def draw_overview(snap: Snapshot) -> None:
    """The heatmap, a filterable table of articles × tiers and the CSV download."""
    frame = overview_frame(snap)
    if frame.empty:
        st.info("No article loaded. See **Problems** for files that failed.")
        return
    st.download_button(
        "Download the readability report (CSV)",
        data=report_csv_bytes(snap),
        file_name="readability-report.csv",
        mime="text/csv",
        icon=":material/download:",
        key="editor_report_csv",
        help="The same file as the command python -m readability report --format csv.",
    )
    with st.expander("Filter the table", icon=":material/filter_list:", key="editor_filters"):
        query = st.text_input("Find an article", placeholder="Id or title", key="editor_query")
        status_col, topic_col = st.columns(2)
        statuses = status_col.multiselect(
            "Status",
            STATUS_OPTIONS,
            format_func=STATUS_WORDS.get,
            placeholder="Any status",
            key="editor_statuses",
        )
        topics = topic_col.multiselect(
            "Topic",
            sorted({t for value in frame["topics"] for t in value.split(", ") if t}),
            placeholder="Any topic",
            key="editor_topics",
        )
        verdict_col, tier_col = st.columns(2)
        verdicts = verdict_col.multiselect(
            "Verdict",
            list(VERDICT_WORDS),
            format_func=VERDICT_WORDS.get,
            placeholder="Any verdict",
            key="editor_verdicts",
        )
        tiers = tier_col.multiselect(
            "Tier",
            list(TIERS),
            format_func=TIER_LABELS.get,
            placeholder="Every tier",
            key="editor_tiers",
        )
        rules = st.multiselect(
            "With findings of",
            list(FINDING_RULES),
            placeholder="Any rule, or none",
            key="editor_rules",
            help="Keep the article tiers with at least one open finding of these rules.",
        )
    shown = filter_overview(
        frame,
        statuses=statuses,
        topics=topics,
        verdicts=verdicts,
        tiers=tiers,
        rules=rules,
        query=query,
    )
    articles = shown["article"].nunique()
    st.caption(
        f"{articles} of {count_words(frame['article'].nunique(), 'article')}, "
        f"{count_words(len(shown), 'article tier')}."
    )
    if shown.empty:
        st.info("Nothing matches these filters.")
        return
    counts = shown["verdict"].value_counts()
    st.markdown(
        " · ".join(f"**{counts.get(v, 0)}** {VERDICT_WORDS[v].lower()}" for v in VERDICT_WORDS)
    )
    worst = editor_charts.worst_first(shown)
    if worst["article"].nunique() < articles:
        st.caption(
            f"The heatmap shows the {worst['article'].nunique()} articles furthest from target; "
            "the table lists them all."
        )
    st.altair_chart(editor_charts.verdict_heatmap(worst, list(TIERS)), width="stretch")
    with st.container(key="editor_overview_table"):
        st.dataframe(
            overview_table(shown),
            hide_index=True,
            width="stretch",
            column_config={"Grade": st.column_config.NumberColumn(format="%.1f")},
        )


def overview_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The overview rows with editor-facing column names, verdicts and targets in words."""
    return pd.DataFrame(
        {
            "Article": frame["article"],
            "Tier": frame["tier_label"],
            "Grade": frame["grade"],
            "Goal": frame["goal"].map(_target_words),
            "Limit": frame["limit"].map(_target_words),
            "Verdict": frame["verdict"].map(VERDICT_WORDS),
            "Findings": frame["findings"],
            **{rule: frame[rule] for rule in FINDING_RULES},
            "Whole article": frame["article_wide"],
            "Status": frame["status"].map(lambda s: STATUS_WORDS.get(s, s)),
            "Topics": frame["topics"],
            "Words": frame["words"],
            "Title": frame["title"],
        }
    )


def _target_words(value: float | None) -> str:
    return "none" if value is None or pd.isna(value) else f"{value:g}"


def draw_problems(snap: Snapshot) -> None:
    """Every loading and validation problem, by file, with field and message."""
    rows = problem_rows(snap.library.results, Path(snap.folder))
    failed = len(snap.library.failed)
    st.markdown(
        f"{count_words(len(snap.library.results), 'article file')}, {failed} not loaded, "
        f"{count_words(len(rows), 'problem')}."
    )
    with st.container(key="editor_problems_table"):
        if not rows:
            st.success("Every article file loaded with no problem.", icon=":material/check_circle:")
            return
        st.dataframe(
            pd.DataFrame(rows).rename(columns=str.capitalize),
            hide_index=True,
            width="stretch",
        )


def draw_section_scores(article: Article, assessment: TierAssessment) -> None:
    st.subheader("Sections", anchor=False)
    frame = section_frame(article, assessment)
    if frame.empty:
        st.caption("No section is written at this tier.")
        return
    with st.container(key="editor_section_table"):
        st.dataframe(
            frame.rename(columns=str.capitalize),
            hide_index=True,
            width="stretch",
            column_config={"Grade": st.column_config.NumberColumn(format="%.1f")},
        )


def draw_tier_header(article: Article, assessment: TierAssessment) -> None:
    st.markdown(
        f"**{article.title}** · {status_badge(reader_status(article.id, article.status))}  \n"
        f"{TIER_LABELS[assessment.tier]} tier, whole text: grade "
        f"**{grade_words(assessment.whole.consensus_grade)}** "
        f"{verdict_badge(assessment.verdict, assessment.target.describe())}"
    )


def draw_side_by_side(
    article: Article,
    section_id: str,
    scored: dict[str, TierAssessment],
    found: list[Finding],
) -> None:
    """One section's tiers next to each other (stacked on a phone), with their findings."""
    tiers = side_by_side(article, section_id, scored)
    if not tiers:
        st.caption("This article has no such section.")
        return
    for column, tier in zip(st.columns(len(tiers)), tiers, strict=True):
        with column, st.container(border=True, key=f"editor_side_{tier.tier}"):
            st.markdown(f"**{tier.label}**: {tier.heading}")
            if tier.grade is None:
                st.caption("Not written at this tier.")
                continue
            target = scored[tier.tier].target.describe()
            st.markdown(f"Grade **{tier.grade:.1f}** {verdict_badge(tier.verdict, target)}")
            st.markdown(tier.text)  # Markdown without raw HTML, as readers see it
            st.markdown("**Cites**")
            if not tier.citations:
                st.caption("No citation.")
            for ref_id, title in tier.citations:
                st.markdown(
                    f"- [{ref_id}] {title}"
                    if title
                    else f"- [{ref_id}] :orange-badge[reference missing]"
                )
            here = [
                f
                for f in found
                if f.tier == tier.tier and f.section == section_id and not f.accepted
            ]
            if here:
                st.markdown(f"**Findings ({len(here)})**")
                for finding in here:
                    _draw_finding(article, finding)


PART_NAMES = {"summary": "Short answer", "key_points": "Key points", "actions": "What you can do"}
SEVERITY_BADGES = {
    "error": ":red-badge[:material/cancel: error]",
    "warning": ":orange-badge[:material/error: warning]",
}
# Marked excerpts: dark text on pale yellow (above 15:1), boxed so the mark shows in any theme.
CONTEXT_STYLE = (
    "<style>.editor-context{margin:0;padding:.4rem .6rem;border-left:3px solid #8a8f98;"
    "background:#f6f7f9;color:#111418;line-height:1.5}"
    ".editor-context mark{background:#ffe58a;color:#111418;padding:0 .15em;border-radius:2px}"
    ".editor-context .why{display:block;margin-top:.3rem}</style>"
)


def part_name(article: Article, tier: str, part: str | None) -> str:
    """What an editor calls a part: the section's heading in that tier, or the part's name."""
    if part is None:
        return "Whole article"
    if part in PART_NAMES:
        return PART_NAMES[part]
    section = article.section(part)
    return section.heading_for(tier) if section else part


def _quote(html: str, extra: str = "") -> None:
    st.html(f'{CONTEXT_STYLE}<p class="editor-context">{html}{extra}</p>')


def draw_hardest(article: Article, sentences: list[tuple[Sentence, float]]) -> None:
    """The hardest sentences first, each with its own grade and the block it comes from."""
    st.subheader("Hardest sentences", anchor=False)
    st.caption(
        "Each sentence scored on its own (one sentence swings the formulas, so read the grade "
        "as a ranking), shown marked in the paragraph or list item it comes from."
    )
    if not sentences:
        st.caption("No sentence at this tier.")
        return
    with st.container(key="editor_hardest"):
        for sentence, grade in sentences:
            where = part_name(article, sentence.tier, sentence.part)
            st.markdown(f"**Grade {grade:.1f}** · {where}")
            _quote(context_html(sentence.markdown, sentence.text))


def draw_findings(article: Article, tier: str, found: list[Finding]) -> None:
    """Every finding for this tier (and the whole article), grouped by rule, excerpts marked."""
    mine = [f for f in found if f.tier in (tier, None)]
    still_open = [f for f in mine if not f.accepted]
    accepted = [f for f in mine if f.accepted]
    st.subheader(f"Findings of the checks ({len(still_open)})", anchor=False)
    st.caption(
        "Exactly what the command *python -m readability check* reports for this tier; "
        "whole-article findings are listed under every tier."
    )
    with st.container(key="editor_findings"):
        if not mine:
            st.success("No finding for this tier.", icon=":material/check_circle:")
        by_rule: dict[str, list[Finding]] = {}
        for finding in still_open:
            by_rule.setdefault(finding.rule, []).append(finding)
        for rule, group in by_rule.items():
            errors = sum(f.severity == "error" for f in group)
            label = f"{rule} ({len(group)}{f', {errors} errors' if errors else ''})"
            with st.expander(label, expanded=bool(errors) or len(still_open) <= FEW_FINDINGS):
                st.caption(RULES.get(rule, ""))
                for finding in group:
                    _draw_finding(article, finding)
        if accepted:
            with st.expander(f"Accepted exceptions ({len(accepted)})"):
                for finding in accepted:
                    _draw_finding(article, finding)


def _draw_finding(article: Article, finding: Finding) -> None:
    where = part_name(article, finding.tier or TIERS[0], finding.section)
    st.markdown(f"{SEVERITY_BADGES.get(finding.severity, finding.severity)} **{where}**")
    source = part_text(article, finding.tier, finding.section) if finding.tier else ""
    excerpt = block_context_html(source, finding.excerpt) if finding.excerpt else ""
    why = (
        f'<span class="why">Accepted: {escape(finding.why or "")}</span>'
        if finding.accepted
        else ""
    )
    _quote(f"{escape(finding.message)}<br>{excerpt}" if excerpt else escape(finding.message), why)
