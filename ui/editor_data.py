"""The editor page's data: tables built from the app's library snapshot (`ui.cached`).

The snapshot, its version (every article file's name, modification time and size, and the data
files' hash) and the per-article scores and findings live in `ui.cached`, shared with the reader
pages; the overview and the report CSV are cached here under the same version. Drawing lives in
`ui.editor_views`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from content import TIERS, Article, LoadResult
from content.citations import cited_ids
from content.evidence import article_evidence
from content.loader import display_path
from content.tiers import tier_label
from readability import VERDICT_WORDS, TierAssessment
from readability.checks import RULES, Finding
from readability.report import report_csv, tier_rows
from readability.sentences import Sentence, hardest_sentences
from ui.cached import (
    FileVersion,
    Snapshot,
    Version,
    _on_reload,
    assessments,
    findings,
    library_version,
    reload,
    snapshot,
)
from ui.words import count_words

__all__ = [
    "FileVersion",
    "Snapshot",
    "Version",
    "assessments",
    "findings",
    "hardest",
    "library_version",
    "reload",
    "snapshot",
]

REPO_ROOT = Path(__file__).resolve().parents[1]


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _hardest(
    folder: str,
    article_id: str,
    file: FileVersion | None,
    data: str,
    tier: str,
    limit: int,
    _article: Article,
) -> list[tuple[Sentence, float]]:
    return hardest_sentences(_article, tier, limit)


def hardest(
    snap: Snapshot, article: Article, tier: str, limit: int = 10
) -> list[tuple[Sentence, float]]:
    """The tier's hardest sentences, highest grade first, once per version of the file."""
    return _hardest(*snap.key(article.id), tier, limit, article)


def open_counts(found: Iterable[Finding]) -> dict[str | None, Counter[str]]:
    """Findings no editor accepted, counted by rule for each tier (None: whole article)."""
    counts: dict[str | None, Counter[str]] = {}
    for finding in found:
        if not finding.accepted:
            counts.setdefault(finding.tier, Counter())[finding.rule] += 1
    return counts


# --- Overview: one row per article × tier --------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner="Scoring every article…")
def _overview(folder: str, key: str, _snap: Snapshot) -> pd.DataFrame:
    snap = _snap
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
                    "tier_label": tier_label(tier),
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
_overview_built: dict[str, str] = {}
PROGRESS_FROM = 20  # fewer articles than this score too fast for a progress bar to help


def overview_frame(snap: Snapshot) -> pd.DataFrame:
    """Articles × tiers with the whole-tier grade and verdict; built once per library version.

    The first build of a large library scores every article under a progress bar (each article
    is cached per file version, so the table itself is then built from cached scores).
    """
    if _overview_built.get(snap.folder) != snap.version_key:
        articles = list(snap.library.articles.values())
        if len(articles) >= PROGRESS_FROM:
            label = f"Scoring {count_words(len(articles), 'article')}…"
            bar = st.progress(0.0, text=label)
            for done, article in enumerate(articles, start=1):
                assessments(snap, article)
                findings(snap, article)
                bar.progress(done / len(articles), text=f"{label} {done} done")
            bar.empty()
    frame = _overview(snap.folder, snap.version_key, snap)
    _overview_built[snap.folder] = snap.version_key
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
def _report_csv(folder: str, key: str, _snap: Snapshot) -> str:
    snap = _snap
    rows: list[dict[str, Any]] = []
    for article in snap.library.articles.values():
        for assessment in assessments(snap, article).values():
            rows += tier_rows(article.id, assessment)
    return report_csv(rows)


def report_csv_bytes(snap: Snapshot) -> bytes:
    """The readability report CSV of this library version, from the cached scores."""
    return _report_csv(snap.folder, snap.version_key, snap).encode("utf-8")


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
                label=tier_label(tier),
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


def _forget_tables() -> None:
    for cached in (_hardest, _overview, _report_csv):
        cached.clear()
    _overview_built.clear()


_on_reload.append(_forget_tables)
