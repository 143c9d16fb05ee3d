"""The report over many files: each file's outcome cached by its bytes, misses scored in parallel.

A file's outcome (its article id, its loading problems and its rows as `report_json` writes
them) depends only on the file's bytes, its name and the loading and report code. Kept in the
result cache under exactly those, a warm report reads each file, looks its outcome up and
rebuilds no article at all. On a cold run the files not seen before are loaded and scored in
worker processes, one per CPU: forked after the word lists are read, so the workers share them.
Each worker also fills the loading and score caches the app reads.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import util
from pathlib import Path
from typing import Any

from content.loader import (
    LoadResult,
    display_path,
    duplicate_id,
    load_article_bytes,
    loading_version,
    read_article_file,
)
from content.problems import Problem
from readability.report import article_json, report_version
from readability.score_cache import MISSING, cache_key, result_cache
from readability.scores import load_word_lists

# Fewer files than this are scored in this process: starting workers would cost more.
MIN_FILES_FOR_WORKERS = 24
MAX_WORKERS = 8
_CHUNK = 8  # files per task sent to a worker: fewer round trips, still an even spread


@dataclass(frozen=True)
class FileOutcome:
    """What the report needs from one file."""

    path: Path
    article_id: str | None  # None when the file did not load
    problems: list[Problem]
    rows_json: str  # the article's rows as they appear inside `report_json`'s list

    @property
    def loaded(self) -> bool:
        return self.article_id is not None


def default_workers() -> int:
    """The CPUs this process may run on, at most `MAX_WORKERS`."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(usable, MAX_WORKERS))


def _outcome_key(path: Path, raw: bytes) -> bytes:
    return cache_key([report_version(), loading_version(), display_path(path), path.stem, raw])


def _encode(outcome: FileOutcome) -> list[Any]:
    problems = [[p.severity, p.where, p.message, p.blocking] for p in outcome.problems]
    return [outcome.article_id, problems, outcome.rows_json]


def _decode(path: Path, stored: Any) -> FileOutcome | None:
    try:
        article_id, problems, rows_json = stored
        return FileOutcome(
            path,
            None if article_id is None else str(article_id),
            [Problem(s, w, m, bool(b)) for s, w, m, b in problems],
            str(rows_json),
        )
    except (TypeError, ValueError):
        return None  # an older layout: computed again


def _compute(path: Path, raw: bytes, key: bytes) -> FileOutcome:
    """Load the bytes and score the article (through the loading and score caches), and keep
    the outcome under `key`: in a worker, so the workers share the writing."""
    result = load_article_bytes(path, raw)
    if result.article is None:
        outcome = FileOutcome(path, None, result.problems, "")
    else:
        rows_json = article_json(result.article)
        outcome = FileOutcome(path, result.article.id, result.problems, rows_json)
    result_cache().put("report-file", key, _encode(outcome))
    return outcome


def _compute_many(batch: list[tuple[Path, bytes, bytes]]) -> list[FileOutcome]:
    return [_compute(*work) for work in batch]


def _start_worker() -> None:
    # Pool workers leave without running `atexit`; multiprocessing's own finalizers do run
    # when the pool is closed and joined, so buffered cache rows are written.
    util.Finalize(None, result_cache().flush, exitpriority=10)


def file_outcomes(
    files: Sequence[Path],
    *,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[FileOutcome]:
    """Each file's outcome, in the files' order; `progress(done)` after each file."""
    cache = result_cache()
    outcomes: list[FileOutcome | None] = []
    misses: list[tuple[int, Path, bytes, bytes]] = []
    done = 0
    for index, path in enumerate(files):
        raw = read_article_file(path)
        if isinstance(raw, LoadResult):  # too big or unreadable: nothing to cache
            outcomes.append(FileOutcome(path, None, raw.problems, ""))
        else:
            key = _outcome_key(path, raw)
            stored = cache.get("report-file", key)
            outcome = None if stored is MISSING else _decode(path, stored)
            outcomes.append(outcome)
            if outcome is None:
                misses.append((index, path, raw, key))
                continue
        done += 1
        if progress:
            progress(done)

    for (index, *_), outcome in zip(misses, _compute_misses(misses, workers), strict=True):
        outcomes[index] = outcome
        done += 1
        if progress:
            progress(done)
    return [o for o in outcomes if o is not None]


def _compute_misses(
    misses: list[tuple[int, Path, bytes, bytes]], workers: int
) -> Iterator[FileOutcome]:
    """Outcomes of the files not in the cache, in order, from worker processes when it pays."""
    work = [(path, raw, key) for _, path, raw, key in misses]
    workers = min(workers, len(work) // _CHUNK)
    if (
        workers < 2
        or len(work) < MIN_FILES_FOR_WORKERS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for path, raw, key in work:
            yield _compute(path, raw, key)
        return
    load_word_lists()  # read once here; the forked workers share them
    result_cache().flush()
    chunks = [work[i : i + _CHUNK] for i in range(0, len(work), _CHUNK)]
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    try:
        for outcomes in pool.imap(_compute_many, chunks):
            yield from outcomes
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def report_parts(outcomes: Sequence[FileOutcome]) -> tuple[list[str], list[LoadResult]]:
    """The rows of each article in order, and the files that failed to load (a later file
    with an id already seen fails, as `load_library` decides)."""
    parts: list[str] = []
    failed: list[LoadResult] = []
    seen: set[str] = set()
    for outcome in outcomes:
        problems = outcome.problems
        if outcome.article_id is not None and outcome.article_id in seen:
            problems = [*problems, duplicate_id(outcome.path, outcome.article_id)]
        elif outcome.article_id is not None:
            seen.add(outcome.article_id)
            if outcome.rows_json:
                parts.append(outcome.rows_json)
            continue
        failed.append(LoadResult(outcome.path, None, problems))
    return parts, failed
