"""The persistent result cache: computed results on disk, shared by every process.

Six kinds of result live here today: `loaded` (a parsed and validated article file, from
`content.loader`), `scores` (a tier's readability scores, `readability.assess`), `findings`
(one article's editorial findings, `readability.checks`), `report-file` and `check-file` (a
whole file's rows for the CLI's `report` and `check`, `readability.batch`) and `imports` (the
project imports of a module's source, used by `source_fingerprint` itself).

Use it through one call, much as `readability.checks.engine` does for findings (`checks_version()`
is a `source_fingerprint` of the check code and the YAML it reads)::

    from cache.results import cached, source_fingerprint

    def check_article(article: Article) -> list[Finding]:
        return cached(
            "findings",                                  # a namespace per kind of result
            [checks_version(), article.model_dump_json()],  # everything the result depends on
            lambda: find_all(article),                   # runs only on a miss
            encode=lambda found: [asdict(f) for f in found],      # result -> JSON-able value
            decode=lambda rows: [Finding(**row) for row in rows],  # stored value -> result
        )

The key is a hash of `key_parts`: put in it every input the result depends on, including the
version of the code that computes it. `source_fingerprint(module)` hashes a module's source and
the project modules it imports, so editing the code invalidates its results automatically and a
result is never stale. Values are stored as JSON; without `encode`/`decode` the computed value
must be JSON-able, and a hit returns it as JSON gives it back (lists, not tuples).

This package sits at the bottom of the import graph: it imports no project package, so
`content` and `readability` both import it normally.

Storage: one SQLite file, `results.sqlite3`, in `cache_folder()` (`READER_CACHE_DIR`, else
`~/.cache/tiered-reader/`). SQLite makes every write atomic and lets concurrent Streamlit
sessions and parallel CLI runs share the file. It is safe to delete at any time; a missing,
locked, unreadable or corrupt file, or a value that no longer decodes, means the result is
computed again, never an error. Writes are buffered and committed in batches (within half a
second, every 256 results, and at exit): a crash loses cached work, not correctness.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from cache.data_files import reads_data_files
from cache.folder import cache_folder

T = TypeVar("T")
CACHE_FILE = "results.sqlite3"
_PROJECT_PACKAGES = frozenset({"readability", "content", "cache"})
_FLUSH_EVERY = 256
# How long one statement waits for another connection's write to finish.
_BUSY_TIMEOUT_SECONDS = 2.0
# Pauses before trying a busy file again (each try also waits up to the connection's timeout).
_BUSY_RETRY_SECONDS = (0.05, 0.2, 0.5)
_FLUSH_AFTER_SECONDS = 0.5
_MISSING = object()
MISSING = _MISSING  # what `ResultCache.get` returns for a key it does not hold
# Bump when `_imported_modules` changes what it reports for the same source.
_IMPORTS_VERSION = 1


def cache_key(key_parts: Iterable[Any]) -> bytes:
    """A 16-byte digest of the parts; each part is length-prefixed so parts cannot run together."""
    digest = hashlib.blake2b(digest_size=16)
    for part in key_parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.digest()


class ResultCache:
    """Results by (kind, key) in one SQLite file; every failure degrades to a miss."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._pid = -1
        self._broken = False
        self._pending: dict[tuple[str, bytes], str] = {}

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None and self._pid == os.getpid():
            return self._db
        if self._broken:
            return None
        for attempt in range(2):
            db: sqlite3.Connection | None = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(
                    self.path, timeout=_BUSY_TIMEOUT_SECONDS, check_same_thread=False
                )
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS results (kind TEXT NOT NULL, key BLOB NOT NULL,"
                    " value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID"
                )
                db.commit()
            except (sqlite3.OperationalError, OSError):
                # Locked by another process's write, or unwritable, right now: try again on
                # the next call. (An OperationalError is a DatabaseError too: it must never
                # be taken for a corrupt file below, which would delete another's results.)
                _close_quietly(db)
                return None
            except sqlite3.DatabaseError:
                # Not a database (a torn copy, another program's file): start a fresh one.
                _close_quietly(db)
                if attempt == 0:
                    self._remove_files()
                    continue
                self._broken = True
                return None
            except sqlite3.Error:
                _close_quietly(db)
                return None
            self._db, self._pid = db, os.getpid()
            return db
        return None

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.remove(f"{self.path}{suffix}")

    def get(self, kind: str, key: bytes) -> Any:
        """The stored JSON value, or `MISSING`."""
        with self._lock:
            text = self._pending.get((kind, key))
            if text is None:
                db = self._connect()
                if db is None:
                    return _MISSING
                try:
                    row = db.execute(
                        "SELECT value FROM results WHERE kind = ? AND key = ?", (kind, key)
                    ).fetchone()
                except sqlite3.Error:
                    return _MISSING
                if row is None:
                    return _MISSING
                text = row[0]
        try:
            return json.loads(text)
        except ValueError:
            return _MISSING

    def put(self, kind: str, key: bytes, value: Any) -> None:
        """Remember a JSON-able value; written with the next batch."""
        text = json.dumps(value, separators=(",", ":"), allow_nan=True)
        with self._lock:
            if not self._pending:
                # A long-lived process (the app) may not write again for hours: commit soon.
                timer = threading.Timer(_FLUSH_AFTER_SECONDS, self.flush)
                timer.daemon = True
                timer.start()
            self._pending[(kind, key)] = text
            if len(self._pending) >= _FLUSH_EVERY:
                self.flush()

    def flush(self) -> None:
        """Commit buffered results in one transaction. Another process writing the same file
        (a worker, the app) can hold it for a moment: a busy file is tried again a few times;
        after that, or on any other failure, the results are dropped (this is a cache)."""
        with self._lock:
            if not self._pending:
                return
            rows = [(kind, key, text) for (kind, key), text in self._pending.items()]
            self._pending.clear()
            for wait in (*_BUSY_RETRY_SECONDS, None):
                db = self._connect()
                try:
                    if db is not None:
                        with db:
                            db.executemany(
                                "INSERT OR REPLACE INTO results (kind, key, value) "
                                "VALUES (?, ?, ?)",
                                rows,
                            )
                        return
                except sqlite3.OperationalError:
                    pass  # locked or busy beyond the timeout: wait and try again
                except sqlite3.Error:
                    return
                if wait is None or self._broken:
                    return
                time.sleep(wait)

    def close(self) -> None:
        with self._lock:
            self.flush()
            if self._db is not None and self._pid == os.getpid():
                self._db.close()
            self._db = None

    def forget_after_fork(self) -> None:
        """In a forked child: fresh lock, no buffered rows (the parent writes its own) and no
        connection. The parent's connection is kept, never used or closed: SQLite connections
        must not cross a fork."""
        self._lock = threading.RLock()
        self._pending = {}
        if self._db is not None:
            _inherited_connections.append(self._db)
        self._db = None


def _close_quietly(db: sqlite3.Connection | None) -> None:
    if db is not None:
        with contextlib.suppress(sqlite3.Error):
            db.close()


_caches: dict[Path, ResultCache] = {}
_caches_lock = threading.Lock()
_inherited_connections: list[sqlite3.Connection] = []


def _after_fork_in_child() -> None:
    """A lock another thread held at the fork would never be released in the child."""
    global _caches_lock
    _caches_lock = threading.Lock()
    for cache in _caches.values():
        cache.forget_after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)


_by_environment: dict[tuple[str | None, ...], ResultCache] = {}
_FOLDER_VARIABLES = ("READER_CACHE_DIR", "XDG_CACHE_HOME", "HOME")


def result_cache() -> ResultCache:
    """The cache for the current `cache_folder()` (one per folder per process)."""
    environment = tuple(os.environ.get(name) for name in _FOLDER_VARIABLES)
    cache = _by_environment.get(environment)
    if cache is not None:
        return cache
    path = cache_folder() / CACHE_FILE
    with _caches_lock:
        cache = _caches.get(path)
        if cache is None:
            cache = _caches[path] = ResultCache(path)
        _by_environment[environment] = cache
        return cache


@atexit.register
def _flush_all() -> None:
    for cache in list(_caches.values()):
        cache.close()


def cached(
    kind: str,
    key_parts: Iterable[Any],
    compute: Callable[[], T],
    *,
    encode: Callable[[T], Any] | None = None,
    decode: Callable[[Any], T] | None = None,
) -> T:
    """`compute()`'s result, from the cache when the same `key_parts` were seen before.

    `kind` separates kinds of results ("scores", "findings"); `key_parts` must name every input
    and the code's version (see `source_fingerprint`). A stored value that `decode` rejects
    (any exception) is recomputed and replaced.
    """
    cache = result_cache()
    key = cache_key(key_parts)
    stored = cache.get(kind, key)
    if stored is not _MISSING:
        try:
            return decode(stored) if decode else stored
        except Exception:  # noqa: BLE001 - a value from an older layout is just a miss
            pass
    value = compute()
    cache.put(kind, key, encode(value) if encode else value)
    return value


def _imported_modules(source: bytes) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] in _PROJECT_PACKAGES}


def _project_imports(source: bytes, source_hash: bytes) -> list[str]:
    """`_imported_modules(source)`, kept in the result cache under the source's hash: parsing
    every project module on each start was a fifth of a warm report."""
    return cached(
        "imports",
        [_IMPORTS_VERSION, source_hash],
        lambda: sorted(_imported_modules(source)),
        decode=lambda names: [str(name) for name in names],
    )


def project_sources(*modules: str) -> Iterator[tuple[str, bytes]]:
    """Each module and every project module it imports, transitively, once, in a fixed order:
    (name, hash of its source). Names that are not modules (`from module import name`) and
    modules without Python source are passed over."""
    seen: set[str] = set()
    todo = sorted(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None  # `from module import name` where name is not a module
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            continue
        source = Path(spec.origin).read_bytes()
        source_hash = hashlib.blake2b(source).digest()
        yield name, source_hash
        todo += sorted(set(_project_imports(source, source_hash)) - seen)


@reads_data_files
@lru_cache(maxsize=64)
def source_fingerprint(
    *modules: str, distributions: tuple[str, ...] = (), data_files: tuple[Path | str, ...] = ()
) -> str:
    """A hash of the modules' source, the project modules they import (transitively), the
    installed versions of `distributions` and the bytes of `data_files` (a missing file counts
    as empty): a version that changes whenever the code or its data does. Cached per process
    until `forget_data()` (the app calls it when a data file changes)."""
    digest = hashlib.blake2b(digest_size=16)
    for name, source_hash in project_sources(*modules):
        digest.update(name.encode() + b"\0" + source_hash)
    for data_file in data_files:
        try:
            data = Path(data_file).read_bytes()
        except OSError:
            data = b""
        digest.update(str(data_file).encode() + b"\0" + hashlib.blake2b(data).digest())
    for dist in distributions:
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{dist}=={version}\0".encode())
    return digest.hexdigest()
