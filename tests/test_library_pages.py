"""The library page a page of cards at a time: `?page=`, its links, and filters with pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui
from tests.test_pages import APP, _write, has_key, no_exception, tiny_article

COUNT = 25
PAGE_SIZE = 10


def article_id(day: int) -> str:
    return f"art-{day:02d}"


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """25 articles, one a day in January: art-25 is the newest. Odd days carry the topic "odd",
    the first five are drafts."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for day in range(1, COUNT + 1):
        topics = ["odd"] if day % 2 else ["even"]
        _write(
            folder,
            tiny_article(
                id=article_id(day),
                title=f"Question number {day}",
                updated=f"2026-01-{day:02d}",
                topics=topics,
                status="draft" if day <= 5 else "under_review",
            ),
        )
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    return folder


def open_page(**params: str | list[str]) -> AppTest:
    """The library as a fresh browser tab opens it, with these URL parameters."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def newest_first(days: list[int]) -> list[str]:
    return [article_id(d) for d in sorted(days, reverse=True)]


def shown_in_order(at: AppTest) -> list[str]:
    return [n.key.removeprefix("card_") for n in at.main if str(n.key).startswith("card_")]


@pytest.mark.parametrize(
    ("page", "days"),
    [("1", range(16, 26)), ("2", range(6, 16)), ("3", range(1, 6))],
)
def test_each_page_shows_the_next_cards_newest_first(many, page, days):
    at = open_page(persona="patient", page=page)
    no_exception(at)
    assert shown_in_order(at) == newest_first(list(days))
    assert f"Page {page} of 3" in [m.value for m in at.markdown]


@pytest.mark.parametrize("bad", ["0", "4", "-1", "two", "1.5", "", "9" * 40])
def test_an_invalid_page_falls_back_to_page_one(many, bad):
    at = open_page(persona="patient", page=bad)
    no_exception(at)
    assert not at.error
    assert shown_in_order(at) == newest_first(list(range(16, 26)))
    assert "Page 1 of 3" in [m.value for m in at.markdown]


def test_filters_and_page_combine(many):
    at = open_page(persona="patient", topic="odd", page="2")
    no_exception(at)
    odd = [d for d in range(1, COUNT + 1) if d % 2]  # 13 articles: page 2 holds the last 3
    assert shown_in_order(at) == newest_first(odd)[PAGE_SIZE:]
    assert "Page 2 of 2" in [m.value for m in at.markdown]


def test_next_and_previous_keep_the_persona_and_the_filters(many):
    """The buttons write the page into the URL and leave the level and filters there (a link
    to the page one is on would not navigate: tests/browser/test_pagination.py clicks them)."""
    at = open_page(persona="clinician", topic="odd", q="question")
    at.query_params["status"] = ["under_review", "draft"]
    at.run()
    no_exception(at)
    kept = {
        "persona": "clinician",
        "q": "question",
        "topic": "odd",
        "status": ["under_review", "draft"],
    }
    first = shown_in_order(at)
    assert not has_key(at, "library_previous")  # page 1 has no way back
    at.button(key="library_next").click().run()
    no_exception(at)
    assert {k: at.query_params[k] for k in kept} == kept
    assert at.query_params["page"] == "2"
    second = shown_in_order(at)
    assert second and not set(first) & set(second)
    assert not has_key(at, "library_next")  # the last page
    at.button(key="library_previous").click().run()
    assert "page" not in at.query_params  # page 1 needs no parameter
    assert {k: at.query_params[k] for k in kept} == kept
    assert shown_in_order(at) == first


def test_changing_a_filter_goes_back_to_page_one(many):
    at = open_page(persona="patient", page="3")
    assert shown_in_order(at) == newest_first(list(range(1, 6)))
    at.multiselect(key="library_topic").select("even").run()
    no_exception(at)
    assert "page" not in at.query_params
    assert shown_in_order(at) == newest_first([d for d in range(2, 26, 2)])[:PAGE_SIZE]


def test_one_page_of_results_has_no_page_links(many):
    at = open_page(persona="patient", topic="odd", status="draft")
    assert shown_in_order(at) == ["art-05", "art-03", "art-01"]
    assert not has_key(at, "library_pages")


@pytest.mark.parametrize(
    ("value", "pages", "expected"),
    [
        (None, 3, 1),
        ("2", 3, 2),
        ("3", 3, 3),
        ("4", 3, 1),
        ("0", 3, 1),
        ("x", 3, 1),
        ("１", 3, 1),
        ("²", 3, 1),
    ],
)
def test_page_from_url(value, pages, expected):
    assert ui.page_from_url(value, pages) == expected


def test_the_card_table_is_built_once_per_loaded_library(many):
    open_page(persona="patient")
    table = ui.card_table()
    assert ui.card_table_ready()
    assert [c.id for c in table.cards] == newest_first(list(range(1, COUNT + 1)))
    open_page(persona="student", page="2")
    assert ui.card_table() is table


def test_building_the_card_table_reports_progress_once(many):
    heard: list[tuple[int, int]] = []
    ui.card_table(lambda done, total: heard.append((done, total)))
    assert heard == [(n, COUNT) for n in range(1, COUNT + 1)]
    ui.card_table(lambda done, total: heard.append((done, total)))
    assert len(heard) == COUNT  # built once: the second call scores nothing
