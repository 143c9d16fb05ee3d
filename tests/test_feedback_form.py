"""The reader's question on the article page (AppTest) and the editor's feedback view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ui
from content import TIERS, load_library
from feedback import ANSWER_WORDS, ANSWERS, Store, SummaryRow, db, disagreement, shares
from feedback.cli import main as cli_main
from readability import assess_article
from ui import feedback_form
from ui.feedback_view import feedback_table

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
ARTICLE_PAGE = "pages/article.py"
ARTICLE = "gut-brain-axis"
SECTION = "probiotics-for-mood"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A throwaway SQLite file as DATABASE_URL for the app under test."""
    url = f"sqlite:///{tmp_path / 'feedback.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    db.dispose_all()


def open_article(persona: str = "patient") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    params = {"id": ARTICLE, "persona": persona}
    at.query_params.update(params)
    at.run()
    at.switch_page(ARTICLE_PAGE)
    at.query_params.update(params)
    at.run()
    at.query_params.update(params)  # the bound persona drops its parameter after a switch
    return at.run()


def key(persona: str) -> str:
    return f"feedback_{ARTICLE}_{persona}"


def answer(at: AppTest, persona: str, choice: str | None, section: str | None = None) -> AppTest:
    if choice is not None:
        at.radio(key=f"{key(persona)}_answer").set_value(choice)
    if section is not None:
        at.selectbox(key=f"{key(persona)}_section").set_value(section)
    return at.button(key=f"{key(persona)}_send").click().run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("persona", TIERS)
def test_question_is_the_last_thing_on_the_article_and_touches_no_database(
    database: str, tmp_path: Path, persona: str
) -> None:
    at = open_article(persona)
    no_exception(at)
    keys = [getattr(child, "key", None) for child in at.main.children.values()]
    # After the article: the feedback question, then the optional teach-back questions.
    assert key(persona) in keys
    assert keys.index(key(persona)) >= len(keys) - 2
    radio = at.radio(key=f"{key(persona)}_answer")
    assert radio.label == feedback_form.QUESTION
    assert radio.options == [ANSWER_WORDS[a] for a in ANSWERS]
    assert radio.value is None
    article = load_library(ROOT / "content" / "articles").articles[ARTICLE]
    sections = at.selectbox(key=f"{key(persona)}_section")
    assert sections.options == [s.heading_for(persona) for s in article.sections]
    assert not at.text_input and not at.text_area  # no free text anywhere on the page
    assert not (tmp_path / "feedback.db").exists()  # a reader who does not answer costs nothing


def test_an_answer_is_stored_and_a_second_answer_changes_it(database: str) -> None:
    at = open_article("patient")
    answer(at, "patient", "too_hard", SECTION)
    no_exception(at)
    assert [s.value for s in at.success] == [feedback_form.THANKS]
    store = Store.open(database)
    assert [r.to_dict() for r in store.summary()] == [
        {"article": ARTICLE, "tier": "patient", "too_hard": 1, "about_right": 0,
         "too_simple": 0, "total": 1}
    ]  # fmt: skip
    assert store.hardest_sections() == {(ARTICLE, "patient"): [(SECTION, 1)]}

    at.run()  # a later rerun reads the answer back from the database
    assert any("Your answer: too hard." in c.value for c in at.main.caption)

    answer(at, "patient", "about_right")
    assert [s.value for s in at.success] == [feedback_form.THANKS]
    assert store.count() == 1
    token = at.session_state[feedback_form.TOKEN_KEY]
    assert store.answer_for(token, ARTICLE, "patient") == "about_right"


def test_sending_without_choosing_asks_for_a_choice_and_writes_nothing(database: str) -> None:
    at = answer(open_article("student"), "student", None, SECTION)
    no_exception(at)
    assert [i.value for i in at.info][-1] == feedback_form.CHOOSE_FIRST
    assert Store.open(database).count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://nobody@/nowhere?host=/nonexistent-socket-dir",
        "sqlite:////proc/no-such-folder/feedback.db",
        "not a url at all",
    ],
)
def test_broken_database_shows_a_sentence_and_the_page_still_renders(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    at = answer(open_article("patient"), "patient", "too_hard")
    no_exception(at)
    assert [w.value for w in at.warning][-1] == feedback_form.NOT_SAVED
    assert feedback_form.NOT_SAVED.startswith("We could not save your answer")
    assert ui.DISCLAIMERS["patient"] in [i.value for i in at.info]  # the page's end is there
    assert at.get_by_key("article_body")
    assert not at.success
    at.run()  # the reminder cannot be read either; still no traceback
    no_exception(at)
    db.dispose_all()


# --- The editor's view ----------------------------------------------------------------------------


def row(too_hard: int, about_right: int, too_simple: int) -> SummaryRow:
    return SummaryRow(ARTICLE, "patient", too_hard, about_right, too_simple)


@pytest.mark.parametrize(
    "verdict,counts,flagged",
    [
        ("pass", (6, 2, 0), "most readers say it is too hard"),
        ("warn", (4, 1, 0), "most readers say it is too hard"),
        ("pass", (3, 3, 0), None),  # half is not most
        ("pass", (4, 0, 0), None),  # too few answers to call it
        ("miss", (1, 5, 0), "misses the target, but most readers say it is about right"),
        ("miss", (5, 1, 0), None),  # readers agree with the formula
        ("pass", (0, 1, 5), "too simple"),
        ("pass", (0, 5, 1), None),
    ],
)
def test_disagreement_flag(verdict: str, counts: tuple[int, int, int], flagged: str | None) -> None:
    flag = disagreement(verdict, row(*counts))
    assert (flag is None) if flagged is None else (flagged in flag)


def test_shares_are_exact_and_zero_without_answers() -> None:
    assert shares(row(1, 2, 1)) == {"too_hard": 0.25, "about_right": 0.5, "too_simple": 0.25}
    assert shares(row(0, 0, 0)) == {"too_hard": 0.0, "about_right": 0.0, "too_simple": 0.0}


def test_feedback_table_puts_readers_beside_the_formula() -> None:
    library = load_library(ROOT / "content" / "articles")
    assessed = assess_article(library.articles[ARTICLE])
    rows = [row(6, 1, 0), SummaryRow("retired-article", "student", 0, 1, 0)]
    table = feedback_table(
        rows, {(ARTICLE, "patient"): [(SECTION, 4)]}, library, lambda _: assessed
    )
    first, second = table.to_dict("records")
    patient = assessed["patient"]
    assert first["Article"] == library.articles[ARTICLE].title
    assert first["Too hard"] == "6 (86%)"
    assert first["Answers"] == 7
    assert first["Grade"] == ui.grade_words(patient.whole.consensus_grade)
    assert first["Target"] == patient.target.describe()
    assert first["Hardest sections"] == "Probiotics for low mood and worry (4)"
    assert first["Readers vs formula"] == (disagreement(patient.verdict, rows[0]) or "")
    assert second["Article"] == "retired-article (not in the library)"
    assert second["Grade"] == "" and second["Readers vs formula"] == ""


def _editor_script() -> None:
    import ui
    from ui.feedback_view import feedback_view

    feedback_view(ui.library())


def test_feedback_view_draws_flags_table_and_download(database: str) -> None:
    library = load_library(ROOT / "content" / "articles")
    store = Store.open(database)
    for i in range(6):
        store.record(library, f"{i:032x}", ARTICLE, "patient", "too_hard", SECTION)
    at = AppTest.from_function(_editor_script, default_timeout=30).run()
    no_exception(at)
    (table,) = at.dataframe
    assert table.value.loc[0, "Too hard"] == "6 (100%)"
    assert at.get("download_button")
    patient = assess_article(library.articles[ARTICLE])["patient"]
    flag = disagreement(patient.verdict, store.summary()[0])
    assert [w.value for w in at.warning] == ([f"Patient: {flag}"] if flag else [])
    assert f"**{library.articles[ARTICLE].title}**" in [m.value for m in at.markdown]


def test_feedback_view_without_answers_or_database(
    monkeypatch: pytest.MonkeyPatch, database: str
) -> None:
    at = AppTest.from_function(_editor_script, default_timeout=30).run()
    assert [i.value for i in at.info] == ["No reader has answered the question yet."]
    monkeypatch.setenv("DATABASE_URL", "sqlite:////proc/none/feedback.db")
    at = AppTest.from_function(_editor_script, default_timeout=30).run()
    no_exception(at)
    assert [w.value for w in at.warning] == ["The feedback database cannot be reached right now."]


def test_csv_download_equals_the_summary_command(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    library = load_library(ROOT / "content" / "articles")
    store = Store.open(database)
    for i, choice in enumerate(["too_hard", "about_right", "too_simple", "too_hard"]):
        store.record(library, f"{i:032x}", ARTICLE, TIERS[i % len(TIERS)], choice)
    offered: list[dict] = []
    real = st.download_button
    monkeypatch.setattr(
        st, "download_button", lambda *a, **kw: offered.append(kw) or real(*a, **kw)
    )
    AppTest.from_function(_editor_script, default_timeout=30).run()
    assert cli_main(["summary", "--format", "csv"]) == 0
    (download,) = offered
    assert download["data"] == capsys.readouterr().out
    assert download["file_name"].endswith(".csv")


def test_editor_page_feedback_view_shows_stored_answers(database: str) -> None:
    library = load_library(ROOT / "content" / "articles")
    store = Store.open(database)
    store.record(library, f"{1:032x}", ARTICLE, "patient", "too_hard", SECTION)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["view"] = "feedback"
    at.switch_page("pages/editor.py").run()
    no_exception(at)
    view = at.get_by_key("editor_feedback")
    (table,) = view.dataframe
    patient = table.value.set_index("Tier").loc["patient"]
    assert (patient["Too hard"], patient["Answers"]) == ("1 (100%)", 1)
    assert patient["Hardest sections"] == "Probiotics for low mood and worry (1)"
    assert "Patient: 1 answer, too hard 1 (100%)" in [c.value for c in view.caption]
