"""The load generator's protocol client against one real replica (issue 22, "Tests").

One `streamlit run app.py` on a free loopback port with a throwaway SQLite database and cache
folder, driven over `/_stcore/stream` the way the browser does: if the client misreads the
protocol, the load figures measure nothing, so these check what a reader would see.
"""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from benchmarks.load.protocol import ProtocolError, Session
from benchmarks.load.replica import Replica, replica
from content.tiers import plain_tier, reference_tier, tier_label
from ui.feedback_form import QUESTION, THANKS

pytestmark = pytest.mark.timeout(180)
ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "gut-brain-axis"


def _title(article_id: str) -> str:
    data = yaml.safe_load((ROOT / "content" / "articles" / f"{article_id}.yaml").read_text())
    return data["title"]


def _answers(database: Path) -> list[tuple[str, str, str]]:
    """(article, tier, answer) of every saved row; none before the first answer creates them."""
    if not database.exists():
        return []
    with sqlite3.connect(database) as conn:
        try:
            return conn.execute("SELECT article_id, tier, answer FROM feedback_answers").fetchall()
        except sqlite3.OperationalError:  # the tables come with the first write
            return []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Replica, Path]]:
    folder = tmp_path_factory.mktemp("load-replica")
    database = folder / "feedback.db"
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "XDG_DATA_HOME": str(folder / "data"),
        "READER_CACHE_DIR": str(folder / "cache"),
    }
    with replica(env, log_dir=folder) as running:
        yield running, database


def test_library_then_article_shows_the_articles_title(server: tuple[Replica, Path]) -> None:
    with Session(server[0].url) as reader:
        library = reader.open()
        assert library.title == "Health articles"
        assert library.page == "app"
        assert reader.session_id
        assert f"**{_title(ARTICLE)}**" in [link.label for link in library.links]
        article = reader.follow(_title(ARTICLE))
        assert article.page == "article"
        assert article.query == f"id={ARTICLE}&persona={plain_tier()}"
        assert article.title == _title(ARTICLE)
        assert article.page_title.startswith(_title(ARTICLE))
        assert article.elapsed > 0


def test_switching_the_tier_reruns_with_other_text(server: tuple[Replica, Path]) -> None:
    with Session(server[0].url) as reader:
        plain = reader.open("article", f"id={ARTICLE}")
        level = plain.widget("Reading level")
        assert level.kind == "button_group"
        assert tier_label(reference_tier()) in level.options
        switched = reader.set_widget("Reading level", tier_label(reference_tier()))
        assert switched is not None
        assert f"persona={reference_tier()}" in switched.query  # the page wrote the address
        assert switched.title == _title(ARTICLE)
        assert set(switched.texts) != set(plain.texts)
        assert [h for h in switched.headings if h not in plain.headings]


def test_answering_the_question_is_acknowledged_and_saved(server: tuple[Replica, Path]) -> None:
    running, database = server
    tier = reference_tier()
    with Session(running.url) as reader:
        page = reader.open("article", f"id={ARTICLE}&persona={tier}")
        answer = page.widget(QUESTION)
        assert answer.kind == "radio" and answer.form_id
        assert reader.set_widget(QUESTION, "About right") is None  # staged in the form
        assert not page.has_text(THANKS)
        sent = reader.set_widget("Send answer")
        assert sent is not None and sent.has_text(THANKS)
    assert (ARTICLE, tier, "about_right") in _answers(database)


def test_sending_without_an_answer_asks_for_one(server: tuple[Replica, Path]) -> None:
    with Session(server[0].url) as reader:
        reader.open("article", f"id={ARTICLE}")
        sent = reader.set_widget("Send answer")
        assert sent is not None
        assert not sent.has_text(THANKS)
        assert sent.has_text("Please choose one of the three answers first.")


def test_unknown_option_and_widget_are_refused(server: tuple[Replica, Path]) -> None:
    with Session(server[0].url) as reader:
        reader.open("article", f"id={ARTICLE}")
        with pytest.raises(ValueError, match="not among"):
            reader.set_widget("Reading level", "Astronaut")
        with pytest.raises(KeyError):
            reader.set_widget("No such control")


def test_a_closed_server_is_a_protocol_error() -> None:
    with Session("http://127.0.0.1:9", timeout=3) as reader, pytest.raises(ProtocolError):
        reader.open()


# --- The simulated reader and the command ------------------------------------------------------


def test_the_readers_words_are_the_pages_own() -> None:
    """The journey looks for these words on the page: a rename must fail here, not in a run."""
    from benchmarks.load import journey
    from feedback import ANSWER_WORDS
    from ui import feedback_form

    assert journey.QUESTION == feedback_form.QUESTION
    assert journey.THANKS == feedback_form.THANKS
    assert journey.ANSWER_WORDS == ANSWER_WORDS
    assert 'st.title("Health articles")' in (ROOT / "app.py").read_text()
    assert journey.LIBRARY_TITLE == "Health articles"


def test_one_visit_records_every_step_and_its_acknowledgement(
    server: tuple[Replica, Path],
) -> None:
    from benchmarks.load.journey import STEPS, visit
    from content.tiers import TIER_NAMES

    running, database = server
    seen: list[tuple[str, float, BaseException | None]] = []
    ack = visit(
        running.url,
        {name: tier_label(name) for name in TIER_NAMES},
        lambda step, seconds, size, error: seen.append((step, seconds, error)),
        rng=random.Random(7),
    )
    assert [step for step, _, _ in seen] == list(STEPS)
    assert all(error is None and seconds > 0 for _, seconds, error in seen)
    assert ack is not None and ack.session
    assert (ack.article, ack.tier, ack.answer) in _answers(database)


def test_a_visit_to_a_dead_address_is_one_error_at_the_first_step() -> None:
    from benchmarks.load.journey import visit

    seen: list[tuple[str, BaseException | None]] = []
    ack = visit(
        "http://127.0.0.1:9",
        {plain_tier(): "x", reference_tier(): "y"},
        lambda step, seconds, size, error: seen.append((step, error)),
        timeout=3,
    )
    assert ack is None
    assert len(seen) == 1 and seen[0][0] == "library"
    assert isinstance(seen[0][1], ProtocolError)


def test_the_command_runs_locust_and_every_acknowledgement_is_a_row(
    server: tuple[Replica, Path], tmp_path: Path
) -> None:
    """A few seconds of `python -m benchmarks.load` against the replica: Locust in its own
    process, steps timed, and each acknowledged answer is a row in the replica's database."""
    running, database = server
    acks, summary = tmp_path / "acks.json", tmp_path / "summary.json"
    rows_before = len(_answers(database))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.load",
            "--url",
            running.url,
            "--pids",
            str(running.pid),
            "--users",
            "3",
            "--spawn-rate",
            "3",
            "--seconds",
            "6",
            "--think",
            "0",
            "0.2",
            "--acks",
            str(acks),
            "--json",
            str(summary),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=150,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    figures = json.loads(summary.read_text())
    assert figures["errors"] == 0
    assert figures["steps"]["article"]["tries"] >= 1
    assert figures["steps"]["article"]["p95_s"] > 0
    assert figures["servers"][0]["rss_peak_mb"] > 0
    assert "p95" in done.stdout and "load generator" in done.stdout
    answered = json.loads(acks.read_text())
    assert answered and len(answered) == figures["acknowledged"]
    rows = _answers(database)
    rows_after = len(rows)
    assert {(a["article"], a["tier"], a["answer"]) for a in answered} <= set(rows)
    # One row per session, article and tier; every visit (the warm-up's too) ends before the
    # command does, so each new row is an acknowledged answer and each acknowledgement a row.
    assert rows_after - rows_before == figures["distinct_ack_keys"] == len(answered)


def test_the_command_refuses_an_address_off_this_machine() -> None:
    from benchmarks.load.__main__ import main

    with pytest.raises(SystemExit, match="loopback"):
        main(["--url", "http://192.0.2.1:8501", "--users", "1", "--seconds", "1"])


def test_a_reader_whose_replica_restarts_reconnects_to_the_same_address(
    tmp_path: Path,
) -> None:
    """The replica dies between two steps and another takes its port: the step counts one
    error, the reader reconnects (the page reloaded from its address) and goes on."""
    from benchmarks.load.journey import RECONNECT, visit
    from benchmarks.load.replica import free_port
    from content.tiers import TIER_NAMES

    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'feedback.db'}",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "READER_CACHE_DIR": str(tmp_path / "cache"),
    }
    port = free_port()
    steps: list[tuple[str, BaseException | None]] = []
    pauses = 0
    with contextlib.ExitStack() as stack:
        stack.enter_context(replica(env, port=port, log_dir=tmp_path))

        def pause(seconds: float) -> None:
            nonlocal pauses
            pauses += 1
            if pauses == 2:  # after the article opened: the replica dies, a new one starts
                stack.close()
                stack.enter_context(replica(env, port=port, log_dir=tmp_path))

        ack = visit(
            f"http://127.0.0.1:{port}",
            {name: tier_label(name) for name in TIER_NAMES},
            lambda step, seconds, size, error: steps.append((step, error)),
            rng=random.Random(3),
            sleep=pause,
        )
    names = [step for step, _ in steps]
    assert names == ["library", "article", "switch tier", RECONNECT, "switch tier", "answer"]
    assert isinstance(steps[2][1], ProtocolError)
    assert [error for _, error in steps[3:]] == [None, None, None]
    assert ack is not None
    assert (ack.article, ack.tier, ack.answer) in _answers(tmp_path / "feedback.db")


def test_reconnect_reloads_the_page_from_its_address(tmp_path: Path) -> None:
    from benchmarks.load.replica import free_port

    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'feedback.db'}",
        "READER_CACHE_DIR": str(tmp_path / "cache"),
    }
    port = free_port()
    reader = Session(f"http://127.0.0.1:{port}", timeout=10)
    with replica(env, port=port, log_dir=tmp_path):
        first = reader.open("article", f"id={ARTICLE}&persona={reference_tier()}")
        old_session = reader.session_id
    with pytest.raises(ProtocolError):
        reader.reconnect(within=1.0)  # nothing listens: gives up after `within`
    with replica(env, port=port, log_dir=tmp_path):
        again = reader.reconnect()
    reader.close()
    assert again.page == "article" and again.title == first.title == _title(ARTICLE)
    assert f"persona={reference_tier()}" in again.query
    assert reader.session_id != old_session  # a new session on the new server


def test_a_reader_who_reads_keeps_the_stream_open(tmp_path: Path) -> None:
    """The server pings and drops a stream that does not answer: `idle` answers, so the
    reader's next click still works after a pause longer than the ping timeout."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'feedback.db'}",
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "STREAMLIT_SERVER_WEBSOCKET_PING_INTERVAL": "1",  # ping every second, 1 s to answer
    }
    with replica(env, log_dir=tmp_path) as running:
        deaf = Session(running.url)
        deaf.open("article", f"id={ARTICLE}")
        time.sleep(4)  # not listening: the pings go unanswered and the server drops it
        with pytest.raises(ProtocolError):
            deaf.set_widget("Reading level", tier_label(reference_tier()))
        deaf.close()
        with Session(running.url) as reader:
            reader.open("article", f"id={ARTICLE}")
            reader.idle(4)
            run = reader.set_widget("Reading level", tier_label(reference_tier()))
            assert run is not None and f"persona={reference_tier()}" in run.query


def test_a_slow_run_is_a_timeout_not_a_lost_stream(server: tuple[Replica, Path]) -> None:
    """A reader reconnects only when the stream is gone; a run that is merely slow is a
    StepTimeout (reconnecting then would only pile more runs on a busy server)."""
    from benchmarks.load.protocol import Disconnected, StepTimeout

    with Session(server[0].url) as reader:
        reader.open("article", f"id={ARTICLE}")
        reader.timeout = 0.001  # no article page runs that fast
        with pytest.raises(StepTimeout) as slow:
            reader.set_widget("Reading level", tier_label(reference_tier()))
        assert not isinstance(slow.value, Disconnected)
    with pytest.raises(Disconnected):
        Session("http://127.0.0.1:9", timeout=3).open()
