"""The load generator's protocol client against one real replica (issue 22, "Tests").

One `streamlit run app.py` on a free loopback port with a throwaway SQLite database and cache
folder, driven over `/_stcore/stream` the way the browser does: if the client misreads the
protocol, the load figures measure nothing, so these check what a reader would see.
"""

from __future__ import annotations

import sqlite3
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
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT article_id, tier, answer FROM feedback_answers WHERE article_id = ?",
            (ARTICLE,),
        ).fetchall()
    assert (ARTICLE, tier, "about_right") in rows


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
