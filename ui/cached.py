"""The app layer of caching: one versioned snapshot of the library that every page reads.

The snapshot is keyed by each article file's identity (name, modification time in ns, size),
found with one `stat` per file and no parse, plus the tier registry and the targets file. An
added, edited or deleted file changes the version, so the next page load or rerun, on every
page, sees it without a restart. Everything a page shows is derived from the snapshot and cached
under the version of the file it came from: an edit rescores one article, not the library. The
disk layer under it (`cache.results`) keeps each file's loaded article, scores and findings by
content hash across processes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import streamlit as st

import content
from content import TIERS, Article, Library, LoadResult, SectionEvidence, article_evidence
from content.evidence_words import label_counts
from content.tiers import TIERS_FILE
from readability import TierAssessment, assess_article
from readability.checks import Finding, check_article
from readability.targets import TARGETS_FILE
from ui.words import key_points_or_summary, updated_words

# Above this many articles the first build of the card table shows a progress bar.
PROGRESS_FROM = 20
FileVersion = tuple[str, int, int]  # file name, modification time (ns), size in bytes
Version = tuple[FileVersion, ...]


def _identity(path: Path) -> FileVersion:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), 0, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def library_version(folder: Path) -> Version:
    """Name, modification time and size of every `*.yaml` in the folder: one `stat` per file,
    no parse. With `registry_version()`, the snapshot's key."""
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


def registry_version() -> Version:
    """The tier registry's and the targets file's identities: a changed registry never serves
    a snapshot built under the old one."""
    return (_identity(TIERS_FILE), _identity(TARGETS_FILE))


@dataclass(frozen=True)
class Snapshot:
    """One version of the library: what every page of one run reads."""

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
def _load(folder: str, version: Version, registry: Version = ()) -> Library:
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
    """The library as it is on disk now; a file is parsed again only when it changed."""
    folder = content.content_dir()
    version = library_version(folder)
    return Snapshot(str(folder), version, _load(str(folder), version, registry_version()))


def library() -> Library:
    """Every article of the current snapshot (`CONTENT_DIR`), as it is on disk now."""
    return snapshot().library


def _article(snap: Snapshot, article_id: str) -> Article:
    return snap.library.articles[article_id]


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _score(
    folder: str, article_id: str, file: FileVersion | None, _article: Article
) -> dict[str, TierAssessment]:
    return assess_article(_article)


def assessments(snap: Snapshot, article: Article) -> dict[str, TierAssessment]:
    """Every tier of one article, scored once per version of its file."""
    return _score(snap.folder, article.id, snap.file_version(article.id), article)


def assessment(article_id: str) -> dict[str, TierAssessment]:
    """Readability of every tier of one article of the current snapshot."""
    snap = snapshot()
    with st.spinner("Scoring how easy the text is to read…", show_time=False):
        return assessments(snap, _article(snap, article_id))


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _evidence(
    folder: str, article_id: str, file: FileVersion | None, _article: Article
) -> dict[str, SectionEvidence]:
    return article_evidence(_article)


def evidence_of(snap: Snapshot, article: Article) -> dict[str, SectionEvidence]:
    """Each section's evidence grade of one article, graded once per version of its file."""
    return _evidence(snap.folder, article.id, snap.file_version(article.id), article)


def evidence(article_id: str) -> dict[str, SectionEvidence]:
    """Each section's evidence grade of one article of the current snapshot."""
    snap = snapshot()
    return evidence_of(snap, _article(snap, article_id))


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _check(
    folder: str, article_id: str, file: FileVersion | None, _article: Article
) -> list[Finding]:
    return check_article(_article)


def findings(snap: Snapshot, article: Article) -> list[Finding]:
    """Every finding of the check engine for one article, once per version of its file."""
    return _check(snap.folder, article.id, snap.file_version(article.id), article)


def reload() -> None:
    """Forget every app cache. Not needed for correctness (the snapshot sees every change to a
    file's time or size); the editor's button for a change that kept both."""
    for cached in (_load, _load_file, _score, _evidence, _check):
        cached.clear()
    with _tables_lock:
        _tables.clear()


@dataclass(frozen=True)
class TierCard:
    """What a card shows for one reading tier."""

    points: str  # key points or short answer, as safe Markdown
    verdict: str
    grade: float
    target_words: str


@dataclass(frozen=True)
class Card:
    """Everything the library page needs about one article, computed once."""

    id: str
    title: str
    topics: tuple[str, ...]
    status: str
    updated_words: str
    sections: int
    evidence_words: str
    tiers: dict[str, TierCard]


@dataclass(frozen=True)
class CardTable:
    """The library's cards, newest first, and the topics its filters offer."""

    cards: tuple[Card, ...]
    topics: tuple[str, ...]


_tables: dict[str, tuple[Library, CardTable]] = {}
_tables_lock = threading.Lock()


def card_table(progress: Callable[[int, int], None] | None = None) -> CardTable:
    """The library page's table, built once per snapshot version (an edited file rescores only
    itself). `progress(done, total)` hears after each article while it is built."""
    snap = snapshot()
    with _tables_lock:
        kept = _tables.get(snap.folder)
        if kept is not None and kept[0] is snap.library:
            return kept[1]
        table = _build(snap, progress)
        _tables[snap.folder] = (snap.library, table)
        return table


def card_table_ready() -> bool:
    """Whether the card table of the current snapshot is already built (nothing to score)."""
    snap = snapshot()
    kept = _tables.get(snap.folder)
    return kept is not None and kept[0] is snap.library


def _build(snap: Snapshot, progress: Callable[[int, int], None] | None) -> CardTable:
    articles = sorted(
        snap.library.articles.values(), key=lambda a: (-a.updated.toordinal(), a.title)
    )
    cards = []
    for done, article in enumerate(articles, start=1):
        scored = assessments(snap, article)
        counts = label_counts(article, evidence_of(snap, article))
        cards.append(
            Card(
                id=article.id,
                title=article.title,
                topics=tuple(article.topics),
                status=article.status,
                updated_words=updated_words(article.updated),
                sections=len(article.sections),
                evidence_words=", ".join(f"{n} {label.lower()}" for label, n in counts.items()),
                tiers={
                    tier: TierCard(
                        points=key_points_or_summary(article, tier),
                        verdict=scored[tier].verdict,
                        grade=scored[tier].whole.consensus_grade,
                        target_words=scored[tier].target.describe(),
                    )
                    for tier in TIERS
                },
            )
        )
        if progress:
            progress(done, len(articles))
    topics = tuple(sorted({t for a in articles for t in a.topics}))
    return CardTable(cards=tuple(cards), topics=topics)
