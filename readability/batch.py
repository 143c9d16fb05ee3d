"""Work over many article files: each file's outcome cached by its bytes, misses in parallel.

A file's outcome for a task (its article id, its loading problems, and the task's result: the
report's rows, the editorial findings) depends only on the file's bytes, its name and the code
and data of loading and of the task. Kept in the result cache under exactly those, a warm run
reads each file, looks its outcome up and rebuilds no article at all. On a cold run the files
not seen before are loaded and worked on in processes, one per CPU, forked after the word lists
are read so they share them. Each worker also fills the loading and score caches the app reads.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import util
from pathlib import Path
from typing import Any

from cache.results import MISSING, cache_key, result_cache
from content.loader import (
    LoadResult,
    display_path,
    duplicate_id,
    load_article_bytes,
    loading_version,
    read_article_file,
)
from content.model import Article
from content.problems import Problem
from readability.report import article_json, report_version
from readability.syllables import load_word_lists

# Fewer files than this are worked on in this process: starting workers would cost more.
MIN_FILES_FOR_WORKERS = 24
MAX_WORKERS = 8
_CHUNK = 8  # files per task sent to a worker: fewer round trips, still an even spread


@dataclass(frozen=True)
class FileTask:
    """What to compute for each loaded article, and under which name and version to keep it.

    `compute` returns a JSON-able value and, like `version`, must be a module-level function:
    worker processes receive the task by reference."""

    kind: str
    version: Callable[[], str]
    compute: Callable[[Article], Any]
    # Reads the data `compute` needs, once, before workers are forked: they share it.
    prepare: Callable[[], None] = load_word_lists


REPORT = FileTask("report-file", report_version, article_json)


@dataclass(frozen=True)
class FileOutcome:
    """What a task needs from one file."""

    path: Path
    article_id: str | None  # None when the file did not load
    problems: list[Problem]
    result: Any  # the task's value; None when the file did not load


def default_workers() -> int:
    """The CPUs this process may run on, at most `MAX_WORKERS`."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(usable, MAX_WORKERS))


def _outcome_key(task: FileTask, path: Path, raw: bytes) -> bytes:
    return cache_key([task.version(), loading_version(), display_path(path), path.stem, raw])


def _encode(outcome: FileOutcome) -> list[Any]:
    problems = [[p.severity, p.where, p.message, p.blocking] for p in outcome.problems]
    return [outcome.article_id, problems, outcome.result]


def _decode(path: Path, stored: Any) -> FileOutcome | None:
    try:
        article_id, problems, result = stored
        return FileOutcome(
            path,
            None if article_id is None else str(article_id),
            [Problem(s, w, m, bool(b)) for s, w, m, b in problems],
            result,
        )
    except (TypeError, ValueError):
        return None  # an older layout: computed again


def _compute(task: FileTask, path: Path, raw: bytes, key: bytes) -> FileOutcome:
    """Load the bytes and run the task (through the loading and score caches), and keep the
    outcome under `key`: in a worker, so the workers share the writing."""
    loaded = load_article_bytes(path, raw)
    article, problems = loaded.article, loaded.problems
    if article is None:
        outcome = FileOutcome(path, None, problems, None)
    else:
        outcome = FileOutcome(path, article.id, problems, task.compute(article))
    result_cache().put(task.kind, key, _encode(outcome))
    return outcome


def _compute_many(task: FileTask, batch: list[tuple[Path, bytes, bytes]]) -> list[FileOutcome]:
    return [_compute(task, *work) for work in batch]


def _start_worker() -> None:
    # Workers leave without running `atexit`; multiprocessing's own finalizers do run when the
    # pool shuts down, so buffered cache rows are written.
    util.Finalize(None, result_cache().flush, exitpriority=10)


def file_outcomes(
    files: Sequence[Path],
    task: FileTask = REPORT,
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
            outcomes.append(FileOutcome(path, None, raw.problems, None))
        else:
            key = _outcome_key(task, path, raw)
            stored = cache.get(task.kind, key)
            outcome = None if stored is MISSING else _decode(path, stored)
            outcomes.append(outcome)
            if outcome is None:
                misses.append((index, path, raw, key))
                continue
        done += 1
        if progress:
            progress(done)

    computed = _compute_misses(task, [(path, raw, key) for _, path, raw, key in misses], workers)
    for (index, *_), outcome in zip(misses, computed, strict=True):
        outcomes[index] = outcome
        done += 1
        if progress:
            progress(done)
    return [o for o in outcomes if o is not None]


def _compute_misses(
    task: FileTask, work: list[tuple[Path, bytes, bytes]], workers: int
) -> Iterator[FileOutcome]:
    """Outcomes of the files not in the cache, in order, from worker processes when it pays."""
    workers = min(workers, len(work) // _CHUNK)
    if (
        workers < 2
        or len(work) < MIN_FILES_FOR_WORKERS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for path, raw, key in work:
            yield _compute(task, path, raw, key)
        return
    task.prepare()  # read once here; the forked workers share what it reads
    result_cache().flush()
    chunks = [work[i : i + _CHUNK] for i in range(0, len(work), _CHUNK)]
    gc.freeze()  # what exists now stays out of the workers' collections: no copy-on-write
    try:
        yield from _in_pool(task, chunks, workers)
    finally:
        gc.unfreeze()


def _in_pool(
    task: FileTask, chunks: list[list[tuple[Path, bytes, bytes]]], workers: int
) -> Iterator[FileOutcome]:
    """The chunks' outcomes in order, from forked workers. If a worker dies (killed, out of
    memory), the pool is broken: this process works through what is left instead."""
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
    )
    try:
        futures = [pool.submit(_compute_many, task, chunk) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                outcomes = _compute_many(task, chunk)
            yield from outcomes
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def without_duplicates(outcomes: Sequence[FileOutcome]) -> list[FileOutcome]:
    """The outcomes in order, a later file with an article id already seen turned into a
    failure, as `load_library` decides."""
    settled: list[FileOutcome] = []
    seen: set[str] = set()
    for outcome in outcomes:
        if outcome.article_id is not None and outcome.article_id in seen:
            problems = [*outcome.problems, duplicate_id(outcome.path, outcome.article_id)]
            outcome = FileOutcome(outcome.path, None, problems, None)
        elif outcome.article_id is not None:
            seen.add(outcome.article_id)
        settled.append(outcome)
    return settled


def failures(outcomes: Sequence[FileOutcome]) -> list[LoadResult]:
    """The files that failed to load, as `Library.failed` lists them."""
    return [LoadResult(o.path, None, o.problems) for o in outcomes if o.article_id is None]


def report_parts(outcomes: Sequence[FileOutcome]) -> tuple[list[str], list[LoadResult]]:
    """Each loaded article's rows as `article_json` writes them (empty for an article without
    text: `joined_report_json` leaves it out), and the files that failed."""
    settled = without_duplicates(outcomes)
    parts = [str(o.result) for o in settled if o.article_id is not None]
    return parts, failures(settled)
