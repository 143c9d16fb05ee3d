"""The library a page at a time, in a real Chromium: Next and Previous keep the reading level
and the filters and show the new page from its start, Back and reload return to the same page, a
search starts again at page 1, an address with a page that does not exist shows page 1, and it
all fits a phone.

The server's CONTENT_DIR holds 23 generated articles: three pages of 10.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.corpus import make_corpus
from tests.browser.conftest import REPO, streamlit_server
from tests.browser.test_journeys import (
    MAIN,
    PHONE,
    SIDEBAR,
    cards,
    expect_no_sideways_scrolling,
    open_page,
    params,
)

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests, or fails them under CI=true
    expect = None

pytestmark = pytest.mark.browser

ARTICLES = 23
PAGE_SIZE = 10  # app.PAGE_SIZE
PAGES = MAIN + " .st-key-library_pages"
NEXT = ".st-key-library_next button"
PREVIOUS = ".st-key-library_previous button"


@pytest.fixture(scope="module")
def many_url(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("many-articles")
    make_corpus(folder, ARTICLES)
    with streamlit_server(REPO / "app.py", REPO, "pages", env={"CONTENT_DIR": str(folder)}) as base:
        yield base


def expect_query(browser_page, /, **expected: str) -> None:
    """The library's address carries these values (one of them may be named `page`)."""
    expect(browser_page).to_have_url(re.compile(r"^[^?]*/(\?|$)"))
    got = params(browser_page)
    for name, value in expected.items():
        assert got.get(name) == [value], f"{name}={got.get(name)} in {browser_page.url}"


def expect_page(page, number: int, count: int, at_top: bool = False) -> set[str]:
    """The page shows `count` cards and says which page of three it is; returns the cards.
    `at_top`: the reader sees the start of the list (after Next or Previous at the bottom)."""
    first = (number - 1) * PAGE_SIZE + 1
    caption = f"Showing {first}–{first + count - 1} of {ARTICLES} articles, page {number} of 3."
    shown = page.locator(MAIN).get_by_text(caption)
    expect(shown).to_be_in_viewport() if at_top else expect(shown).to_be_visible()
    expect(page.locator(PAGES)).to_contain_text(f"Page {number} of 3")
    shown = cards(page)
    assert len(shown) == count, shown
    return shown


def test_next_previous_back_and_reload_keep_the_page_and_the_level(page, many_url, settle):
    open_page(page, settle, f"{many_url}/?persona=student", PAGES)
    first = expect_page(page, 1, PAGE_SIZE)
    expect(page.locator(PREVIOUS)).to_have_count(0)

    page.locator(NEXT).click()
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    settle(page, PAGES)
    expect_query(page, persona="student", page="2")
    second = expect_page(page, 2, PAGE_SIZE, at_top=True)
    assert not first & second, "page 2 repeats cards of page 1"

    page.locator(NEXT).click()
    expect(page).to_have_url(re.compile(r"[?&]page=3(&|$)"))
    settle(page, PAGES)
    expect_query(page, persona="student", page="3")
    third = expect_page(page, 3, ARTICLES - 2 * PAGE_SIZE, at_top=True)
    expect(page.locator(NEXT)).to_have_count(0)
    assert len(first | second | third) == ARTICLES

    page.reload()  # the same page after a reload
    settle(page, PAGES)
    assert expect_page(page, 3, ARTICLES - 2 * PAGE_SIZE) == third

    page.go_back()  # and Back returns to the page before, with its cards
    settle(page, PAGES)
    expect_query(page, persona="student", page="2")
    assert expect_page(page, 2, PAGE_SIZE) == second

    page.locator(PREVIOUS).click()
    expect(page).not_to_have_url(re.compile(r"[?&]page="))  # page 1 needs no parameter
    settle(page, PAGES)
    expect_query(page, persona="student")
    assert expect_page(page, 1, PAGE_SIZE, at_top=True) == first


def test_a_search_starts_again_at_page_one_and_pages_keep_it(page, many_url, settle):
    open_page(page, settle, f"{many_url}/?persona=clinician&page=3", PAGES)
    search = page.locator(MAIN).get_by_label("Search articles")
    search.fill("copy")  # every generated title says "(copy N)"
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=copy(&|$)"))
    settle(page, PAGES)
    assert "page" not in params(page)
    caption = f"Showing 1–{PAGE_SIZE} of {ARTICLES} articles, page 1 of 3."
    expect(page.locator(MAIN).get_by_text(caption)).to_be_visible()
    page.locator(NEXT).click()
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    settle(page, PAGES)
    expect_query(page, persona="clinician", q="copy", page="2")
    page.go_back()  # one step back: the first page of the search
    settle(page, PAGES)
    expect_query(page, persona="clinician", q="copy")
    assert "page" not in params(page)
    page.go_back()  # one more: page 3 before the search, in one step, not a halfway address
    expect(page).not_to_have_url(re.compile(r"[?&]q="))
    settle(page, PAGES)
    expect_query(page, persona="clinician", page="3")
    expect(search).to_have_value("")


@pytest.mark.parametrize("value", ["99", "0", "two", "-1"])
def test_a_page_that_does_not_exist_shows_page_one(page, many_url, settle, value):
    open_page(page, settle, f"{many_url}/?persona=patient&page={value}", PAGES)
    expect_page(page, 1, PAGE_SIZE)


def test_page_links_fit_a_phone(browser, many_url, settle):
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    try:
        phone = context.new_page()
        open_page(phone, settle, f"{many_url}/?persona=patient&page=2", PAGES)
        links = phone.locator(PAGES)
        links.scroll_into_view_if_needed()
        expect(phone.locator(PREVIOUS)).to_be_in_viewport()
        expect(phone.locator(NEXT)).to_be_in_viewport()
        expect_no_sideways_scrolling(phone)
    finally:
        context.close()


def test_all_articles_in_the_sidebar_clears_the_search_filters_and_page(page, many_url, settle):
    """On the library itself: the address and the list both go back to the whole library."""
    open_page(page, settle, f"{many_url}/?persona=clinician&q=copy&page=2", PAGES)
    page.locator(SIDEBAR).get_by_role("button", name="Library: all articles").click()
    expect(page).not_to_have_url(re.compile(r"[?&](q|page)="))
    settle(page, PAGES)
    assert params(page) == {"persona": ["clinician"]}
    expect(page.locator(MAIN).get_by_label("Search articles")).to_have_value("")
    expect_page(page, 1, PAGE_SIZE)
    page.go_back()  # Back brings the search and the page back
    expect(page).to_have_url(re.compile(r"[?&]q=copy(&|$)"))
    settle(page, PAGES)
    expect(page.locator(MAIN).get_by_label("Search articles")).to_have_value("copy")
    expect_page(page, 2, PAGE_SIZE)
