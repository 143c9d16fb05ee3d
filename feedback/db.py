"""Which database holds the feedback, one engine per URL per process, and migrating it safely.

SQLite (the default, a file under the user's data folder) runs in WAL mode and takes its write
lock at the start of a write transaction (`BEGIN IMMEDIATE`), so concurrent writers wait for each
other instead of failing. PostgreSQL is reached through psycopg 3. Migrations run under a lock
that spans processes: replicas starting together upgrade one after another.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url

APP_NAME = "tiered-reader"  # the same folder name as the score cache (readability/dictionary.py)
MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "feedback_alembic_version"
# A fixed key for pg_advisory_lock: any 64-bit number other apps on the database do not use.
MIGRATION_LOCK_KEY = 0x7469657265640001
# How long a reader's click may wait for a locked or unreachable database before giving up.
TIMEOUT_S = 5.0
# A write transaction on SQLite starts with the write lock (see module docstring).
WRITE = {"feedback_write": True}

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
_sqlite_writers: dict[int, threading.Lock] = {}


def default_sqlite_path() -> Path:
    """`$XDG_DATA_HOME/tiered-reader/feedback.db`, XDG_DATA_HOME defaulting to ~/.local/share."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME / "feedback.db"


def database_url() -> str:
    """`DATABASE_URL` when set, else the default SQLite file."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite_path()}"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _new_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": TIMEOUT_S, "check_same_thread": False})
        _sqlite_transactions(engine)
        return engine
    postgres = parsed.get_backend_name() == "postgresql"
    connect_args = {"connect_timeout": int(TIMEOUT_S)} if postgres else {}
    # pre_ping: a pooled connection that died with a server restart is replaced, not handed out.
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_transactions(engine: Engine) -> None:
    """WAL mode, and transactions begun by us: BEGIN IMMEDIATE for writes, BEGIN for reads."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # noqa: ANN001 (DBAPI objects)
        dbapi_connection.isolation_level = None  # the driver stops issuing its own BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a commit is on disk before we say "saved"
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # noqa: ANN001
        write = connection.get_execution_options().get("feedback_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextlib.contextmanager
def write_turn(engine: Engine) -> Iterator[None]:
    """On SQLite, this process's writers take turns before asking for the file's write lock.

    SQLite's busy handler retries at random and is not fair: under load one thread can lose for
    longer than the timeout while others keep winning. Queueing in the process first leaves the
    busy timeout to other processes only. PostgreSQL needs no such thing.
    """
    if engine.dialect.name != "sqlite":
        yield
        return
    with _lock:
        turn = _sqlite_writers.setdefault(id(engine), threading.Lock())
    if not turn.acquire(timeout=TIMEOUT_S):
        raise TimeoutError(f"no turn to write within {TIMEOUT_S:g} s")
    try:
        yield
    finally:
        turn.release()


def engine_for(url: str | None = None, *, migrate_now: bool = True) -> Engine:
    """The process's engine for `url` (default `database_url()`), migrated on first use."""
    url = url or database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _new_engine(url)
    if migrate_now and url not in _migrated:
        migrate(engine)
        _migrated.add(url)
    return engine


def dispose_all() -> None:
    """Close every pooled connection (tests, and before a fork)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _sqlite_writers.clear()
        _migrated.clear()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[object]:
    """A lock every process on this database shares; yields the connection to migrate with."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_lock(MIGRATION_LOCK_KEY)))
            connection.commit()
            try:
                yield connection
            finally:
                connection.rollback()
                connection.execute(select(func.pg_advisory_unlock(MIGRATION_LOCK_KEY)))
                connection.commit()
            return
        path = _sqlite_file(str(engine.url))
        if path is None:  # in-memory SQLite: one process only, nothing to share a lock with
            yield connection
            return
        with open(path.with_name(path.name + ".migrate-lock"), "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield connection
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)


def migrate(engine: Engine, revision: str = "head", *, downgrade: bool = False) -> None:
    """Upgrade (or downgrade) the schema to `revision` while holding the migration lock."""
    config = alembic_config()
    with _migration_lock(engine) as connection:
        config.attributes["connection"] = connection
        if downgrade:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)
        connection.commit()
    if downgrade:  # the next engine_for() upgrades it again
        with _lock:
            _migrated.difference_update(u for u, e in _engines.items() if e is engine)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None when empty)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()
