"""The app's one cache layer: a versioned snapshot of the library that every page reads.

The snapshot is keyed by each article file's identity (name, modification time in ns, size: one
`stat` per file, no parse) and by a hash of the data files' contents (tier registry, targets,
word lists, vocabularies: `data_version()`). Everything pages show is derived from it and cached
under the same keys: the library cards, an article's assessments and evidence, the editor's
findings and tables (`ui.editor_data`). An added, edited or deleted file therefore shows on the
next page load or rerun on every page, and one edit rescores one article. The version is taken
once per script run, so a page sees one consistent library.

The disk layer underneath (`cache.results`) keeps parsed articles and scores between processes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

import content
import content.tiers
import readability.targets
from cache.data_files import forget_data
from content import TIERS, Article, Library, LoadResult, SectionEvidence, article_evidence
from content.evidence_words import label_counts
from readability import TierAssessment, assess_article
from ui.words import key_points_or_summary, updated_words

if TYPE_CHECKING:
    from readability.checks import Finding

# Above this many articles the first build of the card table shows a progress bar.
PROGRESS_FROM = 20
FileVersion = tuple[str, int, int]  # file name, modification time (ns), size in bytes
Version = tuple[FileVersion, ...]
# Environment variables that may choose the tier registry and targets files (read when set).
DATA_FILE_VARIABLES = ("CONTENT_TIERS_FILE", "READABILITY_TARGETS_FILE")


# --- The snapshot ------------------------------------------------------------------------------


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


def data_files() -> tuple[Path, ...]:
    """The data files loading, scoring and checking read: the YAML beside the `content` and
    `readability` code, the tier registry and targets files in force (the environment may
    choose them elsewhere)."""
    files = {
        *Path(content.__file__).parent.glob("*.yaml"),
        *Path(readability.targets.__file__).parent.glob("*.yaml"),
        Path(getattr(content.tiers, "TIERS_FILE", "")),
        Path(getattr(readability.targets, "TARGETS_FILE", "")),
    }
    files |= {Path(os.environ[name]) for name in DATA_FILE_VARIABLES if os.environ.get(name)}
    return tuple(sorted(f for f in files if f.name))


def data_version() -> str:
    """A hash of the data files' paths and contents (a missing file counts as empty)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in data_files():
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        digest.update(str(path).encode() + b"\0" + hashlib.blake2b(data).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """One version of the library: its folder, its files' identities, the data files' hash."""

    folder: str
    version: Version
    library: Library
    data: str = ""

    @cached_property
    def _by_name(self) -> dict[str, FileVersion]:
        return {file[0]: file for file in self.version}

    def file_version(self, article_id: str) -> FileVersion | None:
        """The version of the file an article was loaded from (its name is `<id>.yaml`)."""
        return self._by_name.get(f"{article_id}.yaml")

    def key(self, article_id: str) -> tuple[str, str, FileVersion | None, str]:
        """What a result derived from one article depends on: folder, id, file, data."""
        return (self.folder, article_id, self.file_version(article_id), self.data)

    @cached_property
    def version_key(self) -> str:
        """A short hash of `version` and `data` for cache keys (hashing the tuple itself through
        Streamlit's hasher costs tens of milliseconds at 1,000 files)."""
        return version_key(self.version, self.data)


def version_key(version: Version, data: str) -> str:
    """A hash of a library version and the data files' hash."""
    text = "\n".join(f"{name}\0{mtime}\0{size}" for name, mtime, size in version)
    return hashlib.blake2b(f"{data}\n{text}".encode(), digest_size=16).hexdigest()


@st.cache_resource(max_entries=4, show_spinner="Loading articles…")
def _load(folder: str, key: str, _version: Version, data: str = "") -> Library:
    """The library of one folder, each file parsed once per version of that file.

    Equal to `content.load_library(folder)`: within one folder every file name is unique and a
    loaded article's id must equal its file name, so no two files can load the same id (the
    duplicate check of `load_library` is for several folders at once).
    """
    results = [
        _load_file(str(Path(folder) / name), mtime, size, data) for name, mtime, size in _version
    ]
    articles = {r.article.id: r.article for r in results if r.article is not None}
    return Library(articles, results)


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _load_file(path: str, mtime_ns: int, size: int, data: str = "") -> LoadResult:
    return content.load_article(Path(path))


_data_seen: list[str] = []
_data_lock = threading.Lock()
# The latest snapshot per folder: an unchanged version (compared as a tuple, cheaper than any
# hash) hands back the same object, so whatever is built from it is found again by identity.
_latest: dict[str, Snapshot] = {}
_RUN_ATTRIBUTE = "_tiered_reader_snapshot"


def _fresh_snapshot() -> Snapshot:
    folder = str(content.content_dir())
    data = data_version()
    with _data_lock:
        if _data_seen != [data]:
            if _data_seen:
                forget_data()  # an edited registry or word list: read the files again
            _data_seen[:] = [data]
    version = library_version(Path(folder))
    kept = _latest.get(folder)
    if kept is not None and kept.data == data and kept.version == version:
        return kept
    snap = Snapshot(folder, version, _load(folder, version_key(version, data), version, data), data)
    _latest[folder] = snap
    return snap


def snapshot() -> Snapshot:
    """The library as it is on disk now; a file is parsed again only when it changed.

    Taken once per script run (every later call in the same run returns the same snapshot);
    outside a Streamlit run, taken on every call.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    run = getattr(ctx, "cursors", None)  # a new dict at the start of every run (`ctx.reset`)
    if ctx is None or run is None:
        return _fresh_snapshot()
    kept = getattr(ctx, _RUN_ATTRIBUTE, None)
    if kept is not None and kept[0] is run:
        return kept[1]
    snap = _fresh_snapshot()
    setattr(ctx, _RUN_ATTRIBUTE, (run, snap))
    return snap


def library() -> Library:
    """Every article of the content folder (`CONTENT_DIR`) as it is on disk now."""
    return snapshot().library


def reload() -> None:
    """Forget every cache of this layer (the editor's button; file identities already catch
    every edit that changes a file's time or size)."""
    for cached in (_load, _load_file, _assess, _assess_with_spinner, _evidence, _check):
        cached.clear()
    forget_data()
    _latest.clear()
    with _tables_lock:
        _tables.clear()
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None and hasattr(ctx, _RUN_ATTRIBUTE):
        delattr(ctx, _RUN_ATTRIBUTE)
    for clear in _on_reload:
        clear()


# Further caches derived from the snapshot (the editor's tables) register their clearing here.
_on_reload: list[Callable[[], None]] = []


# --- Results derived from one article, keyed by its file's identity -------------------------


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _assess(
    folder: str, article_id: str, file: FileVersion | None, data: str, _article: Article
) -> dict[str, TierAssessment]:
    return assess_article(_article)


@st.cache_resource(max_entries=20_000, show_spinner="Scoring how easy the text is to read…")
def _assess_with_spinner(
    folder: str, article_id: str, file: FileVersion | None, data: str, _article: Article
) -> dict[str, TierAssessment]:
    return _assess(folder, article_id, file, data, _article)  # the object the cards hold


def assessments(snap: Snapshot, article: Article) -> dict[str, TierAssessment]:
    """Every tier of one article of this snapshot, scored once per version of its file."""
    return _assess(*snap.key(article.id), article)


def assessment(article_id: str) -> dict[str, TierAssessment]:
    """Readability of every tier of one loaded article (a spinner while it is scored)."""
    snap = snapshot()
    return _assess_with_spinner(*snap.key(article_id), snap.library.articles[article_id])


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _evidence(
    folder: str, article_id: str, file: FileVersion | None, data: str, _article: Article
) -> dict[str, SectionEvidence]:
    return article_evidence(_article)


def article_evidence_of(snap: Snapshot, article: Article) -> dict[str, SectionEvidence]:
    """Each section's evidence grade of one article of this snapshot."""
    return _evidence(*snap.key(article.id), article)


def evidence(article_id: str) -> dict[str, SectionEvidence]:
    """Each section's evidence grade of one loaded article, graded once per version of its file."""
    snap = snapshot()
    return article_evidence_of(snap, snap.library.articles[article_id])


@st.cache_resource(max_entries=20_000, show_spinner=False)
def _check(
    folder: str, article_id: str, file: FileVersion | None, data: str, _article: Article
) -> list[Finding]:
    from readability.checks import check_article  # the reader pages never need the checks

    return check_article(_article)


def findings(snap: Snapshot, article: Article) -> list[Finding]:
    """Every finding of the check engine for one article, once per version of its file."""
    return _check(*snap.key(article.id), article)


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
    """The library page's table, built once per library snapshot (an added, edited or deleted
    file builds a new one, from cached scores for the files that did not change).
    `progress(done, total)` hears after each article while it is built."""
    snap = snapshot()
    with _tables_lock:
        kept = _tables.get(snap.folder)
        if kept is not None and kept[0] is snap.library:
            return kept[1]
        table = _build(snap, progress)
        _tables[snap.folder] = (snap.library, table)
        return table


def card_table_ready() -> bool:
    """Whether the card table of the current snapshot is already built (no scoring to wait for)."""
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
        counts = label_counts(article, article_evidence_of(snap, article))
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
