"""The editor page's data and panels: a versioned library load, cached tables, and their drawing.

The library is cached under its *version*: every article file's name, modification time and size.
An edited or added file changes the version, so the next run loads it without a server restart;
scores are cached per file version, so one edit rescores one article, not the library.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import content
from content import TIERS, Article, Library, LoadResult
from content.citations import cited_ids
from content.evidence import article_evidence
from content.loader import display_path
from content.tiers import tier_info
from readability import VERDICT_WORDS, TierAssessment, assess_article, clean_markdown
from readability.checks import RULES, Finding, check_article
from readability.clean import clean_blocks
from readability.report import report_csv, tier_rows
from readability.sentences import Sentence, hardest_sentences
from ui import editor_charts
from ui.words import STATUS_WORDS, grade_words, status_badge, verdict_badge

REPO_ROOT = Path(__file__).resolve().parents[1]
FileVersion = tuple[str, int, int]  # file name, modification time (ns), size in bytes
Version = tuple[FileVersion, ...]
CONTEXT_CHARS = 160
FEW_FINDINGS = 10  # up to this many open findings in a tier, every rule's list starts open
STATUS_OPTIONS = tuple(content.STATUSES)


# --- Loading, versioned by the files' modification times and sizes -------------------------------


def library_version(folder: Path) -> Version:
    """Name, modification time and size of every `*.yaml` in the folder: the cache key."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return ()
    files = []
    for entry in entries:
        if entry.name.endswith(".yaml"):  # the files `load_library` reads (`*.yaml`)
            try:
                stat = entry.stat()
            except OSError:  # e.g. a dangling link: loading it reports the problem
                files.append((entry.name, 0, -1))
                continue
            files.append((entry.name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(files))


@dataclass(frozen=True)
class Snapshot:
    """One version of the library as the editor page sees it."""

    folder: str
    version: Version
    library: Library

    @cached_property
    def _by_name(self) -> dict[str, FileVersion]:
        return {file[0]: file for file in self.version}

    def file_version(self, article_id: str) -> FileVersion | None:
        """The version of the file an article was loaded from (its name is `<id>.yaml`)."""
        return self._by_name.get(f"{article_id}.yaml")


@st.cache_resource(max_entries=4, show_spinner="Loading articles…")
def _load(folder: str, version: Version) -> Library:
    """The library of one folder, each file parsed once per version of that file.

    Equal to `content.load_library(folder)`: within one folder every file name is unique and a
    loaded article's id must equal its file name, so no two files can load the same id (the
    duplicate check of `load_library` is for several folders at once).
    """
    results = [_load_file(str(Path(folder) / name), mtime, size) for name, mtime, size in version]
    articles = {r.article.id: r.article for r in results if r.article is not None}
    return Library(articles, results)


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _load_file(path: str, mtime_ns: int, size: int) -> LoadResult:
    return content.load_article(Path(path))


def snapshot() -> Snapshot:
    """The library as it is on disk now; loaded again only when a file changed."""
    folder = content.content_dir()
    version = library_version(folder)
    return Snapshot(str(folder), version, _load(str(folder), version))


def reload() -> None:
    """Forget every editor cache (the button for a change the file times did not show)."""
    for cached in (_load, _load_file, _assess, _check, _hardest, _overview, _report_csv):
        cached.clear()
    _overview_built.clear()


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _assess(
    folder: str, article_id: str, file: FileVersion | None, _article: Article
) -> dict[str, TierAssessment]:
    return assess_article(_article)


def assessments(snap: Snapshot, article: Article) -> dict[str, TierAssessment]:
    """Every tier of one article, scored once per version of its file."""
    return _assess(snap.folder, article.id, snap.file_version(article.id), article)


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _check(
    folder: str, article_id: str, file: FileVersion | None, _article: Article
) -> list[Finding]:
    return check_article(_article)


def findings(snap: Snapshot, article: Article) -> list[Finding]:
    """Every finding of the check engine for one article, once per version of its file."""
    return _check(snap.folder, article.id, snap.file_version(article.id), article)


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _hardest(
    folder: str, article_id: str, file: FileVersion | None, tier: str, limit: int, _article: Article
) -> list[tuple[Sentence, float]]:
    return hardest_sentences(_article, tier, limit)


def hardest(
    snap: Snapshot, article: Article, tier: str, limit: int = 10
) -> list[tuple[Sentence, float]]:
    """The tier's hardest sentences, highest grade first, once per version of the file."""
    return _hardest(snap.folder, article.id, snap.file_version(article.id), tier, limit, article)


def open_counts(found: Iterable[Finding]) -> dict[str | None, Counter[str]]:
    """Findings no editor accepted, counted by rule for each tier (None: whole article)."""
    counts: dict[str | None, Counter[str]] = {}
    for finding in found:
        if not finding.accepted:
            counts.setdefault(finding.tier, Counter())[finding.rule] += 1
    return counts


# --- Overview: one row per article × tier --------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner="Scoring every article…")
def _overview(folder: str, version: Version) -> pd.DataFrame:
    snap = Snapshot(folder, version, _load(folder, version))
    rows = []
    for article in snap.library.articles.values():
        counts = open_counts(findings(snap, article))
        whole_article = sum(counts.get(None, Counter()).values())
        for tier, assessment in assessments(snap, article).items():
            grade = assessment.whole.consensus_grade
            by_rule = counts.get(tier, Counter())
            rows.append(
                {
                    "article": article.id,
                    "title": article.title,
                    "status": article.status,
                    "topics": ", ".join(article.topics),
                    "tier": tier,
                    "tier_label": tier_info(tier).label,
                    "grade": grade,
                    "goal": assessment.target.goal,
                    "limit": assessment.target.max,
                    "verdict": assessment.verdict,
                    "target": assessment.target.describe(),
                    "words": assessment.whole.words,
                    "low_confidence": assessment.whole.low_confidence,
                    "findings": sum(by_rule.values()),
                    "article_wide": whole_article,
                    **{rule: by_rule[rule] for rule in FINDING_RULES},
                }
            )
    return pd.DataFrame(rows, columns=list(OVERVIEW_COLUMNS))


# Rules a loaded article can break (a `load` finding belongs to a file that did not load).
FINDING_RULES: tuple[str, ...] = tuple(rule for rule in RULES if rule != "load")
OVERVIEW_COLUMNS = (
    "article",
    "title",
    "status",
    "topics",
    "tier",
    "tier_label",
    "grade",
    "goal",
    "limit",
    "verdict",
    "target",
    "words",
    "low_confidence",
    "findings",
    "article_wide",
    *FINDING_RULES,
)


# The library version whose overview is built, per folder: a newer one is scored with a bar.
_overview_built: dict[str, Version] = {}
PROGRESS_FROM = 20  # fewer articles than this score too fast for a progress bar to help


def overview_frame(snap: Snapshot) -> pd.DataFrame:
    """Articles × tiers with the whole-tier grade and verdict; built once per library version.

    The first build of a large library scores every article under a progress bar (each article
    is cached per file version, so the table itself is then built from cached scores).
    """
    if _overview_built.get(snap.folder) != snap.version:
        articles = list(snap.library.articles.values())
        if len(articles) >= PROGRESS_FROM:
            label = f"Scoring {count_words(len(articles), 'article')}…"
            bar = st.progress(0.0, text=label)
            for done, article in enumerate(articles, start=1):
                assessments(snap, article)
                findings(snap, article)
                bar.progress(done / len(articles), text=f"{label} {done} done")
            bar.empty()
    frame = _overview(snap.folder, snap.version)
    _overview_built[snap.folder] = snap.version
    return frame


def filter_overview(
    frame: pd.DataFrame,
    *,
    statuses: Iterable[str] = (),
    topics: Iterable[str] = (),
    verdicts: Iterable[str] = (),
    tiers: Iterable[str] = (),
    rules: Iterable[str] = (),
    query: str = "",
) -> pd.DataFrame:
    """The rows matching every non-empty filter; `query` matches id or title, any case.

    `rules` keeps the rows with an open finding of any of those rules.
    """
    keep = pd.Series(True, index=frame.index)
    if rules := list(rules):
        keep &= (frame[rules] > 0).any(axis=1)
    if statuses := list(statuses):
        keep &= frame["status"].isin(statuses)
    if topics := list(topics):
        wanted = set(topics)
        keep &= frame["topics"].map(lambda t: bool(wanted & set(t.split(", "))))
    if verdicts := list(verdicts):
        keep &= frame["verdict"].isin(verdicts)
    if tiers := list(tiers):
        keep &= frame["tier"].isin(tiers)
    if query := query.strip().lower():
        keep &= frame["article"].str.lower().str.contains(query, regex=False) | frame[
            "title"
        ].str.lower().str.contains(query, regex=False)
    return frame[keep]


# --- The report CSV, exactly as `python -m readability report --format csv` prints it -----------


@st.cache_data(max_entries=4, show_spinner=False)
def _report_csv(folder: str, version: Version) -> str:
    snap = Snapshot(folder, version, _load(folder, version))
    rows: list[dict[str, Any]] = []
    for article in snap.library.articles.values():
        for assessment in assessments(snap, article).values():
            rows += tier_rows(article.id, assessment)
    return report_csv(rows)


def report_csv_bytes(snap: Snapshot) -> bytes:
    """The readability report CSV of this library version, from the cached scores."""
    return _report_csv(snap.folder, snap.version).encode("utf-8")


# --- Problems ------------------------------------------------------------------------------------


def relative_file(path: Path, folder: Path) -> str:
    """A file as the repository names it; outside the repository, from the articles folder."""
    absolute = Path(os.path.abspath(path))  # not resolve(): a link keeps its own name
    for base in (REPO_ROOT, Path(os.path.abspath(folder)).parent):
        try:
            return absolute.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


def _field(where: str, path: Path) -> str:
    """The field part of a `Problem.where` (`file:field`), whatever form the file part took."""
    for prefix in (display_path(path), str(path), str(path.resolve())):
        if where.startswith(prefix):
            return where[len(prefix) :].lstrip(":") or "(whole file)"
    return where.rpartition(":")[2] if ":" in where else "(whole file)"


def problem_rows(results: Iterable[LoadResult], folder: Path) -> list[dict[str, str]]:
    """Every loading and validation problem: file (relative), loaded or not, field, message."""
    rows = []
    for result in results:
        file = relative_file(result.path, folder)
        for problem in result.problems:
            data = problem.to_dict()
            rows.append(
                {
                    "file": file,
                    "severity": data["severity"],
                    "field": _field(data["where"], result.path),
                    "message": data["message"],
                    "served": "yes" if result.article is not None else "no (not loaded)",
                }
            )
    return rows


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


def part_text(article: Article, tier: str, part: str | None) -> str:
    """The source text of one part of a tier: a section, the summary, key points or actions."""
    if part in (None, "summary"):
        return article.summary.get(tier) or ""
    if part == "key_points":
        return "\n\n".join(article.key_points.get(tier))
    if part == "actions":
        return "\n\n".join(article.actions.get(tier))
    section = article.section(part)
    return (section.tiers.get(tier) or "") if section else ""


# --- Per-section figures -------------------------------------------------------------------------


def section_frame(article: Article, assessment: TierAssessment) -> pd.DataFrame:
    """Each section of one tier: grade against the tier target, size, evidence grade."""
    evidence = article_evidence(article)
    rows = []
    for section in article.sections:
        scores = assessment.sections.get(section.id)
        if scores is None:
            continue
        rows.append(
            {
                "heading": section.heading_for(assessment.tier),
                "grade": scores.consensus_grade,
                "verdict": VERDICT_WORDS[assessment.target.verdict(scores.consensus_grade)],
                "words": scores.words,
                "sentences": scores.sentences,
                "low confidence": scores.low_confidence,
                "evidence": evidence[section.id].label,
                "section": section.id,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class TierColumn:
    """One tier of one section, for the side-by-side view."""

    tier: str
    label: str
    heading: str
    text: str
    grade: float | None
    verdict: str | None
    citations: list[tuple[str, str | None]]  # reference id, its title (None: missing)


def side_by_side(
    article: Article, section_id: str, scored: dict[str, TierAssessment]
) -> list[TierColumn]:
    """The section in every tier: its heading, text, grade and verdict, and what it cites."""
    section = article.section(section_id)
    if section is None:
        return []
    columns = []
    for tier in TIERS:
        text = section.tiers.get(tier) or ""
        scores = scored[tier].sections.get(section_id)
        grade = scores.consensus_grade if scores else None
        reference = article.reference
        columns.append(
            TierColumn(
                tier=tier,
                label=tier_info(tier).label,
                heading=section.heading_for(tier),
                text=text,
                grade=grade,
                verdict=scored[tier].target.verdict(grade) if grade is not None else None,
                citations=[
                    (ref_id, ref.title if (ref := reference(ref_id)) else None)
                    for ref_id in cited_ids(text)
                ],
            )
        )
    return columns


# --- Choices held in the URL --------------------------------------------------------------------


def _to_url(param: str, key: str) -> None:
    st.query_params[param] = st.session_state[key]


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
    add a history entry); a change by the editor is written to the URL by `on_change`.
    Read by hand rather than `bind="query-params"`, which puts the *label* in the URL.
    """
    wanted = st.query_params.get(param)
    st.session_state[key] = wanted if wanted in options else options[0]
    return widget(
        label,
        options,
        format_func=format_func,
        key=key,
        on_change=_to_url,
        args=(param, key),
        **kwargs,
    )


# --- Drawing -------------------------------------------------------------------------------------

TIER_LABELS = {tier: tier_info(tier).label for tier in TIERS}


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
    if not rows:
        st.success("Every article file loaded with no problem.", icon=":material/check_circle:")
        return
    with st.container(key="editor_problems_table"):
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
        f"**{article.title}** · {status_badge(article.status)}  \n"
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


def count_words(count: int, noun: str) -> str:
    """`1 article`, `2 articles`: a count with its noun."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
