"""Feedback storage on SQLite and a real PostgreSQL: the same tests, parametrized over both."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text, update

import feedback
from content import Library, load_library
from feedback import db
from feedback.cli import main as cli_main
from feedback.schema import answers, writes
from feedback.store import InvalidAnswer, RateLimited, Store, Unavailable, utc_now

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "gut-brain-axis"
SECTION = "probiotics-for-mood"
TABLES = {"feedback_answers", "feedback_writes", db.VERSION_TABLE}


@pytest.fixture(scope="module")
def library() -> Library:
    """The shipped articles, the library answers are validated against."""
    return load_library(ROOT / "content" / "articles")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty database of each kind, also set as DATABASE_URL; engines closed afterwards.

    On PostgreSQL each test gets its own schema in the session's cluster.
    """
    cluster = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'feedback.db'}"
    else:
        cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.new_schema()
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    db.dispose_all()
    if cluster is not None:
        cluster.drop_schema(url)


@pytest.fixture
def store(db_url: str) -> Store:
    return Store.open(db_url)


def token(n: int = 0) -> str:
    return f"{n:032x}"


# --- Writing and reading ------------------------------------------------------------------------


def test_one_answer_per_session_article_and_tier_and_answering_again_changes_it(
    store: Store, library: Library
) -> None:
    store.record(library, token(1), ARTICLE, "patient", "too_hard", SECTION)
    store.record(library, token(1), ARTICLE, "patient", "about_right")
    store.record(library, token(1), ARTICLE, "student", "too_simple")
    store.record(library, token(2), ARTICLE, "patient", "too_hard", SECTION)
    assert store.count() == 3
    assert store.answer_for(token(1), ARTICLE, "patient") == "about_right"
    assert [r.to_dict() for r in store.summary()] == [
        {"article": ARTICLE, "tier": "patient", "too_hard": 1, "about_right": 1,
         "too_simple": 0, "total": 2},
        {"article": ARTICLE, "tier": "student", "too_hard": 0, "about_right": 0,
         "too_simple": 1, "total": 1},
    ]  # fmt: skip
    assert store.hardest_sections() == {(ARTICLE, "patient"): [(SECTION, 1)]}


def test_stored_row_holds_only_the_documented_fields(store: Store, library: Library) -> None:
    store.record(library, token(3), ARTICLE, "clinician", "too_simple", SECTION)
    columns = {c["name"] for c in inspect(store.engine).get_columns("feedback_answers")}
    assert columns == {
        "id", "session_token", "article_id", "tier", "answer", "section_id", "answered_at"
    }  # fmt: skip
    with store.engine.connect() as conn:
        row = conn.execute(answers.select()).one()._mapping
    assert (row["article_id"], row["tier"], row["answer"]) == (ARTICLE, "clinician", "too_simple")
    assert abs(row["answered_at"] - utc_now()) < timedelta(minutes=1)


# --- Bad input ----------------------------------------------------------------------------------

HOSTILE = [
    "../../etc/passwd",
    "'; DROP TABLE feedback_answers; --",
    "<script>alert(1)</script>",
    "x" * 10_000,
    "gut-brain-axis\x00",
    "GUT-BRAIN-AXIS",
    "",
    None,
    42,
]
BAD_INPUT = {
    **{f"article-{i}": {"article_id": v} for i, v in enumerate(HOSTILE)},
    **{f"tier-{i}": {"tier": v} for i, v in enumerate(HOSTILE)},
    **{f"answer-{i}": {"answer": v} for i, v in enumerate(HOSTILE)},
    **{f"section-{i}": {"section_id": v} for i, v in enumerate(HOSTILE) if v is not None},
    **{f"token-{i}": {"session_token": v} for i, v in enumerate(HOSTILE)},
    "unknown-tier": {"tier": "expert"},
    "answer-label-not-value": {"answer": "Too hard"},
    "reference-id-as-section": {"section_id": "1"},
    "token-uppercase-hex": {"session_token": "A" * 32},
}


@pytest.mark.parametrize("change", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_and_nothing_written(
    store: Store, library: Library, change: dict
) -> None:
    fields = {
        "session_token": token(4),
        "article_id": ARTICLE,
        "tier": "patient",
        "answer": "too_hard",
        "section_id": SECTION,
        **change,
    }
    with pytest.raises(InvalidAnswer, match=r"^(session_token|article|tier|answer|section):"):
        store.record(library, **fields)
    assert store.count() == 0
    with store.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM feedback_writes")) == 0


def test_over_limit_burst_is_refused_and_the_last_answer_kept(
    store: Store, library: Library
) -> None:
    limit = store.writes_per_minute
    for i in range(limit):
        store.record(library, token(5), ARTICLE, "patient", ("too_hard", "about_right")[i % 2])
    kept = store.answer_for(token(5), ARTICLE, "patient")
    for tier in ("patient", "student"):
        with pytest.raises(RateLimited):
            store.record(library, token(5), ARTICLE, tier, "too_simple")
    assert store.answer_for(token(5), ARTICLE, "patient") == kept
    assert store.count() == 1
    store.record(library, token(6), ARTICLE, "patient", "too_simple")  # others are not limited
    # A minute later the session may write again.
    with store.engine.begin() as conn:
        conn.execute(update(writes).values(written_at=utc_now() - timedelta(minutes=2)))
    store.record(library, token(5), ARTICLE, "student", "too_simple")
    assert store.count() == 3


# --- Concurrency and durability ------------------------------------------------------------------

THREADS, PER_THREAD = 8, 250


def test_concurrent_writers_lose_nothing(store: Store, library: Library) -> None:
    tiers = ("patient", "student", "clinician")

    def write(thread: int) -> None:
        for i in range(PER_THREAD):
            store.record(library, token(thread * 10_000 + i), ARTICLE, tiers[i % 3], "too_hard")

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(write, range(THREADS)))  # re-raises the first error of any thread
    assert store.count() == THREADS * PER_THREAD == 2000
    assert sum(r.total for r in store.summary()) == 2000


def test_answers_survive_a_restart(
    db_url: str, store: Store, library: Library, request: pytest.FixtureRequest
) -> None:
    for i in range(20):
        store.record(library, token(i), ARTICLE, "patient", "about_right")
    db.dispose_all()
    if db_url.startswith("postgresql"):
        cluster = request.getfixturevalue("postgres_cluster")
        cluster.stop()
        with pytest.raises(Unavailable):
            Store.open(db_url)
        cluster.start()
    assert Store.open(db_url).count() == 20


WRITER = """
import sys
from pathlib import Path
from content import load_library
from feedback import Store
library = load_library(Path(sys.argv[1]))
store = Store.open()
for i in range(1_000_000):
    store.record(library, f"{i:032x}", "gut-brain-axis", "patient", "too_hard")
"""


def test_a_killed_writer_leaves_the_database_readable(
    db_url: str, store: Store, library: Library
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(ROOT / "content" / "articles")],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": db_url},
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while store.count() < 50:
        assert writer.poll() is None, writer.stderr.read().decode()
        assert time.monotonic() < deadline, "the writer wrote fewer than 50 answers in 60 s"
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stderr.close()
    db.dispose_all()
    reopened = Store.open(db_url)
    before = reopened.count()
    assert before >= 50
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reopened.record(library, token(99), ARTICLE, "student", "about_right")
    assert reopened.count() == before + 1


def test_locked_sqlite_is_reported_not_hung(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    monkeypatch.setattr(db, "TIMEOUT_S", 0.2)
    store = Store.open(url)
    store.record(library, token(1), ARTICLE, "patient", "too_hard")
    holder = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(Unavailable):
            store.record(library, token(2), ARTICLE, "patient", "too_hard")
        assert time.monotonic() - started < 3
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.count() == 1
    db.dispose_all()


# --- Migrations -----------------------------------------------------------------------------------


def test_upgrade_from_empty_and_downgrade_upgrade_round_trip(db_url: str, library: Library) -> None:
    engine = db.engine_for(db_url, migrate_now=False)
    assert db.current_revision(engine) is None
    assert not TABLES & set(inspect(engine).get_table_names())
    db.migrate(engine)
    assert db.current_revision(engine) == _head()
    assert set(inspect(engine).get_table_names()) >= TABLES
    Store(engine).record(library, token(1), ARTICLE, "patient", "too_hard")
    db.migrate(engine, "base", downgrade=True)
    assert db.current_revision(engine) is None
    assert not {"feedback_answers", "feedback_writes"} & set(inspect(engine).get_table_names())
    db.migrate(engine)
    assert db.current_revision(engine) == _head()
    store = Store(engine)
    store.record(library, token(1), ARTICLE, "patient", "about_right")
    assert store.count() == 1


def test_replicas_migrating_together_all_succeed(db_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": db_url}
    replicas = [
        subprocess.Popen(
            [sys.executable, "-m", "feedback", "migrate"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read().decode()) for p in replicas]
    for p in replicas:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in outcomes] == [0] * 3, outcomes
    assert db.current_revision(db.engine_for(db_url, migrate_now=False)) == _head()


# --- Command line, purge and retention -----------------------------------------------------------


def test_summary_cli_formats_agree(
    store: Store, library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    store.record(library, token(1), ARTICLE, "patient", "too_hard")
    store.record(library, token(2), ARTICLE, "patient", "about_right")
    assert cli_main(["summary", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {"article": ARTICLE, "tier": "patient", "too_hard": 1, "about_right": 1,
         "too_simple": 0, "total": 2}
    ]  # fmt: skip
    assert cli_main(["summary", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out == feedback.summary_csv(store.summary())
    assert out.splitlines() == [
        "article,tier,too_hard,about_right,too_simple,total",
        f"{ARTICLE},patient,1,1,0,2",
    ]
    assert cli_main(["summary"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["article", "tier", "too_hard", "about_right", "too_simple", "total"]
    assert table[1].split() == [ARTICLE, "patient", "1", "1", "0", "2"]


def test_purge_deletes_only_older_answers(
    store: Store, library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(3):
        store.record(library, token(i), ARTICLE, "patient", "too_hard")
    with store.engine.begin() as conn:
        conn.execute(
            update(answers)
            .where(answers.c.session_token != token(0))
            .values(answered_at=utc_now() - timedelta(days=40))
        )
    assert cli_main(["purge", "--older-than", "30"]) == 0
    assert capsys.readouterr().out.strip() == "deleted 2 answers older than 30 days"
    assert store.count() == 1
    assert store.answer_for(token(0), ARTICLE, "patient") == "too_hard"


def test_retention_period_is_applied_when_a_process_opens_the_database(
    db_url: str, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_url)
    for i in range(2):
        store.record(library, token(i), ARTICLE, "patient", "too_hard")
    with store.engine.begin() as conn:
        conn.execute(
            update(answers)
            .where(answers.c.session_token == token(1))
            .values(answered_at=utc_now() - timedelta(days=8))
        )
    db.dispose_all()  # a new process: migrations and retention run again on first use
    monkeypatch.setattr(feedback.store, "_retention_applied", set())
    monkeypatch.setenv("FEEDBACK_RETENTION_DAYS", "7")
    assert Store.open(db_url).count() == 1


@pytest.mark.parametrize("value", ["0", "-3", "a week", "1.5"])
def test_bad_retention_setting_is_an_error_naming_it(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEEDBACK_RETENTION_DAYS", value)
    with pytest.raises(ValueError, match="FEEDBACK_RETENTION_DAYS"):
        feedback.retention_days()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://nobody@/nowhere?host=/nonexistent-socket-dir",
        "sqlite:////proc/no-such-folder/feedback.db",
        "notadatabase://x",
    ],
)
def test_unreachable_database_is_unavailable_not_a_crash(url: str) -> None:
    with pytest.raises(Unavailable):
        Store.open(url)
    db.dispose_all()


def test_default_database_is_sqlite_under_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: Library
) -> None:
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    path = tmp_path / "tiered-reader" / "feedback.db"
    assert feedback.database_url() == f"sqlite:///{path}"
    Store.open().record(library, token(1), ARTICLE, "patient", "too_hard")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    monkeypatch.delenv("XDG_DATA_HOME")
    assert feedback.default_sqlite_path() == Path.home() / ".local/share/tiered-reader/feedback.db"
    db.dispose_all()


def test_cli_on_an_unreachable_database_fails_without_showing_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "DATABASE_URL", "postgresql+psycopg://reader:s3cret@/health?host=/nonexistent-socket-dir"
    )
    for command in (["migrate"], ["summary", "--format", "json"], ["purge"]):
        assert cli_main(command) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: ") and "s3cret" not in err and "***" in err
    db.dispose_all()


def test_purge_refuses_a_negative_age(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["purge", "--older-than", "-1"]) == 2
    assert "--older-than" in capsys.readouterr().err


def _head() -> str:
    """The newest revision of the one migration chain (feedback, editorial, comprehension)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(db.alembic_config()).get_current_head()
