"""Teach-back questions (issue 21): validation, the question-grade check, and the answer store on
SQLite and a real PostgreSQL (the `db_url` fixture of the feedback tests)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select, update

from content import Library, load_library
from content.validation import parse_article
from feedback.cli import main as cli_main
from feedback.comprehension import (
    check_answer,
    comprehension_csv,
    question_rows,
    record_answer,
    tier_shares,
)
from feedback.schema import comprehension
from feedback.store import InvalidAnswer, Store, utc_now
from readability.checks import check_article
from tests.samples import valid_article
from tests.test_feedback import db_url, store  # noqa: F401 (fixtures, SQLite and PostgreSQL)

ARTICLE = "sample-article"


def _question(qid: str, **changes: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "section": "first-section",
        "ask": "Where do these chemicals come from?",
        "options": ["Bacteria in your gut make them", "They come from the moon", "Nobody knows"],
        "answer": 0,
        "why": "The first section says gut bacteria make them.",
        **changes,
    }


def questions(**per_tier: list[dict[str, Any]]) -> dict[str, Any]:
    default = {
        "patient": [_question("where-from"), _question("what-to-do", answer=1, same_as=None)],
        "student": [_question("where-from-s", same_as="where-from"), _question("s2", answer=2)],
        "clinician": [_question("where-from-c", same_as="where-from"), _question("c2")],
    }
    return {**default, **per_tier}


def problems(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    _, found = parse_article(data, "a.yaml")
    return [(p.severity, p.where, p.message) for p in found]


def test_good_questions_validate() -> None:
    assert not [p for p in problems(valid_article(questions=questions())) if p[0] == "error"]


@pytest.mark.parametrize(
    ("change", "where", "needle"),
    [
        ({"patient": [_question("a")]}, "questions.patient", "give 2 to 4"),
        ({"patient": [_question("a"), _question("a")]}, "questions.patient[1].id", "twice"),
        (
            {"patient": [_question("a", section="nope"), _question("b")]},
            "questions.patient[0].section",
            "no section",
        ),
        (
            {"patient": [_question("a", same_as="ghost"), _question("b")]},
            "questions.patient[0].same_as",
            "names no question",
        ),
        ({"patient": [_question("a", answer=5), _question("b")]}, "questions.patient[0]", "answer"),
        (
            {"patient": [_question("a", options=["x", "y"]), _question("b")]},
            "questions.patient[0].options",
            "at least 3",
        ),
    ],
    ids=["too-few", "duplicate-id", "unknown-section", "dangling-same-as", "answer-out", "options"],
)
def test_bad_questions_name_the_file_and_field(
    change: dict[str, Any], where: str, needle: str
) -> None:
    found = problems(valid_article(questions=questions(**change)))
    assert any(
        sev == "error" and place.startswith(f"a.yaml:{where}") and needle in msg
        for sev, place, msg in found
    ), found


def test_question_grade_warns_when_questions_are_harder_than_the_tier() -> None:
    hard = _question(
        "hard",
        ask="Which neuroendocrine pathway predominantly mediates microbiota-dependent "
        "hypothalamic-pituitary-adrenal hyperresponsiveness in gnotobiotic rodent models?",
        options=[
            "Corticotropin-releasing hormone upregulation",
            "Glucocorticoid receptor desensitisation",
            "Vagal afferent deafferentation",
        ],
    )
    article, _ = parse_article(
        valid_article(questions=questions(patient=[hard, _question("where-from")])), "a.yaml"
    )
    found = [f for f in check_article(article) if f.rule == "question-grade"]
    assert [(f.tier, f.severity) for f in found] == [("patient", "warning")]
    calm, _ = parse_article(valid_article(questions=questions()), "a.yaml")
    assert not [f for f in check_article(calm) if f.rule == "question-grade"]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    folder = tmp_path / "articles"
    folder.mkdir()
    data = valid_article(questions=questions())
    (folder / f"{ARTICLE}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return load_library(folder)


def token(n: int) -> str:
    return f"{n:032x}"


def test_answers_are_checked_against_the_library(library: Library) -> None:
    assert check_answer(library, token(1), ARTICLE, "patient", "where-from", 0) is True
    assert check_answer(library, token(1), ARTICLE, "patient", "where-from", 1) is False
    for bad in [
        ("not-a-token", ARTICLE, "patient", "where-from", 0),
        (token(1), "nope", "patient", "where-from", 0),
        (token(1), ARTICLE, "martian", "where-from", 0),
        (token(1), ARTICLE, "patient", "ghost", 0),
        (token(1), ARTICLE, "patient", "where-from", 9),
        (token(1), ARTICLE, "patient", "where-from", True),
    ]:
        with pytest.raises(InvalidAnswer):
            check_answer(library, *bad)


def test_the_first_answer_per_question_counts(store: Store, library: Library) -> None:  # noqa: F811
    assert record_answer(store, library, token(1), ARTICLE, "patient", "where-from", 1) is False
    assert record_answer(store, library, token(1), ARTICLE, "patient", "where-from", 0) is True
    record_answer(store, library, token(2), ARTICLE, "patient", "where-from", 0)
    (row,) = question_rows(store)
    assert (row.answers, row.correct, row.share_correct) == (2, 1, 0.5)
    assert tier_shares([row]) == {(ARTICLE, "patient"): (2, 0.5)}
    assert comprehension_csv([row]).splitlines() == [
        "article,tier,question,answers,correct,share_correct",
        f"{ARTICLE},patient,where-from,2,1,0.5",
    ]


def test_concurrent_answers_are_all_kept(store: Store, library: Library) -> None:  # noqa: F811
    store.writes_per_minute = 10_000

    def answer(n: int) -> None:
        for i in range(250):
            record_answer(store, library, token(n * 1000 + i), ARTICLE, "patient", "where-from", 0)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(answer, range(8)))
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(comprehension)) == 8 * 250


def test_purge_follows_feedback_retention(store: Store, library: Library) -> None:  # noqa: F811
    record_answer(store, library, token(1), ARTICLE, "patient", "where-from", 0)
    with store.engine.begin() as conn:
        conn.execute(update(comprehension).values(answered_at=utc_now() - timedelta(days=400)))
    assert store.purge(365) == 1
    assert question_rows(store) == []


def test_cli_prints_the_contract(
    store: Store,  # noqa: F811
    library: Library,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_answer(store, library, token(1), ARTICLE, "student", "s2", 2)
    assert cli_main(["comprehension", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row == {
        "article": ARTICLE,
        "tier": "student",
        "question": "s2",
        "answers": 1,
        "correct": 1,
        "share_correct": 1.0,
    }


def test_every_shipped_article_asks_questions_in_every_tier() -> None:
    from content.model import TIERS

    library = load_library()
    assert library.articles
    for article in library.articles.values():
        for tier in TIERS:
            asked = article.questions.get(tier)
            assert 2 <= len(asked) <= 4, (article.id, tier)
            assert all(article.section(q.section) for q in asked), (article.id, tier)
        plain = {q.id for q in article.questions.get(TIERS[0])}
        for tier in TIERS[1:]:  # the same facts, asked for each reader
            assert {q.same_as for q in article.questions.get(tier)} <= plain, (article.id, tier)


# --- The editor's view: table, flag, chart ---------------------------------------------------


def _rows() -> list:
    from feedback.comprehension import QuestionRow

    return [
        QuestionRow(ARTICLE, "patient", "where-from", 25, 10),  # 40 % of 25: missed
        QuestionRow(ARTICLE, "patient", "what-to-do", 25, 24),
        QuestionRow(ARTICLE, "student", "s2", 5, 1),  # too few answers for the chart
    ]


def test_readers_miss_this_needs_twenty_answers_and_under_sixty_percent(library: Library) -> None:
    from ui.comprehension_view import MISSED, question_table

    table = question_table(_rows(), library)
    assert list(table["Flag"]) == [MISSED, "", ""]
    assert table["Section"][0] == f"?view=sections&article={ARTICLE}&section=first-section"


def test_the_chart_draws_only_tiers_with_twenty_answers(library: Library) -> None:
    from ui.comprehension_view import understanding_chart, understanding_frame

    class _Whole:
        consensus_grade = 5.5

    class _Tier:
        whole = _Whole()

    frame = understanding_frame(
        _rows(), library, lambda a: {"patient": _Tier(), "student": _Tier()}
    )
    assert list(frame["tier"]) == ["Patient"]
    assert frame["share_correct"][0] == pytest.approx(34 / 50)
    spec = understanding_chart(frame).to_dict()
    assert spec["mark"]["type"] == "circle"
    assert spec["encoding"]["x"]["field"] == "grade"
    assert spec["encoding"]["y"]["field"] == "share_correct"
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert spec["encoding"]["color"]["field"] == "tier"
    assert "20+ answers" in spec["title"]


# --- The reader's questions through AppTest ----------------------------------------------------


def test_a_reader_answers_right_then_wrong_and_sees_why(db_url: str) -> None:  # noqa: F811
    from tests.test_pages import ARTICLE_PAGE, no_exception, open_page

    shipped = load_library().articles["vitamin-d-falls-fractures"]
    first, second = shipped.questions.get("patient")
    at = open_page(ARTICLE_PAGE, id=shipped.id, persona="patient")
    no_exception(at)
    key = f"understood_{shipped.id}_patient"
    box = at.get_by_key(key)
    assert any(
        "Check what you understood (2 questions, optional)" in s.value for s in box.subheader
    )
    at.get_by_key(f"{key}_{first.id}_choice").set_value(first.answer).run()
    at.get_by_key(f"{key}_{first.id}_check").click().run()
    no_exception(at)
    assert any(s.value.startswith("Right.") for s in at.success)
    at.get_by_key(f"{key}_{first.id}_next").click().run()
    wrong = (second.answer + 1) % len(second.options)
    at.get_by_key(f"{key}_{second.id}_choice").set_value(wrong).run()
    at.get_by_key(f"{key}_{second.id}_check").click().run()
    assert any(w.value.startswith("Not quite") for w in at.warning)
    rows = {r.question: r for r in question_rows(Store.open())}
    assert (rows[first.id].correct, rows[second.id].correct) == (1, 0)


def test_a_database_that_is_down_costs_the_reader_one_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.test_pages import ARTICLE_PAGE, no_exception, open_page
    from ui import comprehension_form

    monkeypatch.setenv("DATABASE_URL", "sqlite:////proc/none/answers.db")
    shipped = load_library().articles["vitamin-d-falls-fractures"]
    first = shipped.questions.get("patient")[0]
    at = open_page(ARTICLE_PAGE, id=shipped.id, persona="patient")
    key = f"understood_{shipped.id}_patient"
    at.get_by_key(f"{key}_{first.id}_choice").set_value(first.answer).run()
    at.get_by_key(f"{key}_{first.id}_check").click().run()
    no_exception(at)
    assert any(s.value.startswith("Right.") for s in at.success)  # the reader still learns
    assert comprehension_form.NOT_SAVED in [c.value for c in at.caption]
