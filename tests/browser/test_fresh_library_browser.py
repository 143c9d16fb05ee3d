"""A running server serves what is on disk: with `CONTENT_DIR` on a temporary copy of the
articles, an edited title and patient bullet show on a new page load of the Library and of the
article, a deleted file leaves the Library and an added one appears. No restart, no reload
button. Waits are on elements, never on the clock."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from content.loader import DEFAULT_CONTENT_DIR
from tests.browser.conftest import REPO, streamlit_server
from tests.test_fresh_library import DELETED, EDITED, NEW_BULLET, NEW_TITLE, OLD_BULLET, OLD_TITLE

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests, or fails them under CI=true
    expect = None

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
MAIN = '[data-testid="stMain"]'
ADDED = "coffee-copy"
ADDED_TITLE = "A second look at coffee and a longer life"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server of its own on a copy of the shipped articles: (base URL, articles folder)."""
    root = tmp_path_factory.mktemp("fresh-library")
    folder = root / "articles"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    env = {"CONTENT_DIR": str(folder), "READER_CACHE_DIR": str(root / "cache")}
    with streamlit_server(REPO / "app.py", REPO, "fresh-library", env=env) as url:
        yield url, folder


def card(page, article_id: str):
    return page.locator(f".st-key-card_{article_id}")


def open_library(page, url: str, settle) -> None:
    page.goto(f"{url}/?persona=patient")
    settle(page, f"{MAIN} h1")
    expect(page.locator(EXCEPTION)).to_have_count(0)


def open_article(page, url: str, settle) -> None:
    page.goto(f"{url}/article?id={EDITED}&persona=patient")
    settle(page, ".st-key-key_points")
    expect(page.locator(EXCEPTION)).to_have_count(0)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edits_additions_and_deletions_reach_a_running_server(page, fresh, settle):
    url, folder = fresh
    open_library(page, url, settle)
    expect(card(page, EDITED)).to_contain_text(OLD_TITLE)
    expect(card(page, EDITED)).to_contain_text(OLD_BULLET)
    open_article(page, url, settle)
    expect(page.locator(f"{MAIN} h1").first).to_contain_text(OLD_TITLE)

    replace_in(folder / f"{EDITED}.yaml", OLD_TITLE, NEW_TITLE)
    replace_in(folder / f"{EDITED}.yaml", OLD_BULLET, NEW_BULLET)
    open_library(page, url, settle)
    expect(card(page, EDITED)).to_contain_text(NEW_TITLE)
    expect(card(page, EDITED)).to_contain_text(NEW_BULLET)
    expect(page.locator(MAIN)).not_to_contain_text(OLD_TITLE)
    open_article(page, url, settle)
    expect(page.locator(f"{MAIN} h1").first).to_contain_text(NEW_TITLE)
    expect(page.locator(".st-key-key_points")).to_contain_text(NEW_BULLET)
    expect(page.locator(MAIN)).not_to_contain_text(OLD_BULLET)

    open_library(page, url, settle)
    expect(card(page, DELETED)).to_have_count(1)
    (folder / f"{DELETED}.yaml").unlink()
    copy = (folder / f"{EDITED}.yaml").read_text(encoding="utf-8")
    copy = copy.replace(f"id: {EDITED}", f"id: {ADDED}", 1).replace(NEW_TITLE, ADDED_TITLE, 1)
    (folder / f"{ADDED}.yaml").write_text(copy, encoding="utf-8")
    open_library(page, url, settle)
    expect(card(page, DELETED)).to_have_count(0)
    expect(card(page, ADDED)).to_contain_text(ADDED_TITLE)
