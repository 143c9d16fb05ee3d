"""One snapshot, every page: with the server running on a copy of the articles, an edited title
and patient bullet, a deleted file and an added one show on the next page load, in a new tab,
with no restart (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.browser.conftest import REPO, streamlit_server

pytestmark = pytest.mark.browser

ARTICLE = "coffee-and-longevity"
BODY = ".st-key-article_body"
NEW_TITLE = "Does coffee help you live longer? (edited while running)"
NEW_BULLET = "A bullet written on disk while the app was running."


@pytest.fixture
def live_copy(tmp_path: Path):
    """The app on a temporary copy of the shipped articles: its URL and the copy's folder."""
    folder = tmp_path / "articles"
    shutil.copytree(REPO / "content" / "articles", folder)
    env = {"CONTENT_DIR": str(folder), "READER_CACHE_DIR": str(tmp_path / "cache")}
    with streamlit_server(REPO / "app.py", REPO, "live-edits", env) as url:
        yield url, folder


def _library(page, url: str) -> str:
    page.goto(f"{url}/?persona=patient")
    card = page.locator(f".st-key-card_{ARTICLE}")
    card.get_by_role("link").first.wait_for()
    return card.text_content() or ""


def test_edits_on_disk_reach_new_page_loads_without_a_restart(browser, live_copy) -> None:
    url, folder = live_copy
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    first = context.new_page()
    before = _library(first, url)
    assert NEW_TITLE not in before

    path = folder / f"{ARTICLE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = NEW_TITLE
    section = data["sections"][0]
    section["tiers"]["patient"] = section["tiers"]["patient"].rstrip() + f"\n- {NEW_BULLET}"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    second = context.new_page()  # a new tab after the edit
    shown = _library(second, url)
    assert NEW_TITLE in shown, shown
    second.goto(f"{url}/article?id={ARTICLE}&persona=patient")
    second.wait_for_selector(BODY)
    second.get_by_text(NEW_BULLET).wait_for()
    assert NEW_TITLE in second.inner_text("h1")
    first.reload()  # and a reload of the first tab
    first.locator(f".st-key-card_{ARTICLE}").get_by_text(NEW_TITLE).wait_for()

    added = dict(data, id="added-while-running", title="An article added while running?")
    (folder / "added-while-running.yaml").write_text(
        yaml.safe_dump(added, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    path.unlink()
    third = context.new_page()
    third.goto(f"{url}/?persona=patient")
    third.wait_for_selector(".st-key-card_added-while-running")
    assert third.locator(f".st-key-card_{ARTICLE}").count() == 0
    context.close()
