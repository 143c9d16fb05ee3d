"""The writing desk in a real browser (issue 19): an editor signs in, opens a patient section,
replaces "hypertension" with the suggested plain words, sees the finding go and the grade move,
saves, and a reader's new tab shows the new text. At 1280 and 390 px."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from content.loader import DEFAULT_CONTENT_DIR
from tests.browser.conftest import (
    REPO,
    editorial_cli,
    shot_into,
    streamlit_server,
    wait_settled,
)

pytestmark = pytest.mark.browser

ARTICLE = "physical-activity-adults"
SECTION = "why-activity-matters"
PLAIN = "it can lower blood pressure"
HARD = "it can ease hypertension"
FIXED = "it can ease high blood pressure"
PASSWORD = "correct horse battery staple"
NOTES = Path(os.environ.get("WRITE_SHOTS", "/work/wt/_notes/me/shots"))


def _grade(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Reading grade").first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.parametrize("width", [1280, 390])
def test_an_editor_rewrites_a_patient_sentence_and_readers_see_it(
    browser, tmp_path: Path, width: int
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    target = folder / f"{ARTICLE}.yaml"
    raw = target.read_text(encoding="utf-8")
    assert raw.count(PLAIN) == 1
    target.write_text(raw.replace(PLAIN, HARD), encoding="utf-8")
    env = {
        "CONTENT_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'editorial.db'}",
        "READER_CACHE_DIR": str(tmp_path / "cache"),
    }
    editorial_cli(env, "migrate")
    editorial_cli(env, "users", "add", "eve", "--role", "editor", stdin=PASSWORD + "\n")
    context = browser.new_context(viewport={"width": width, "height": 900})
    with streamlit_server(REPO / "app.py", REPO, f"write-{width}", env) as url:
        page = context.new_page()
        page.goto(f"{url}/editor?view=write&article={ARTICLE}&section={SECTION}&tier=patient")
        page.get_by_label("User name").fill("eve")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as").wait_for()
        box = page.get_by_role("textbox", name="Patient text")
        box.wait_for()
        wait_settled(page)
        marked = page.locator(".write-preview mark", has_text="hypertension")
        marked.first.wait_for()
        assert "high blood pressure" in (marked.first.get_attribute("title") or "")
        before = _grade(page)
        if width == 1280:
            shot_into(page, "write-view-highlighted-1280", NOTES)
        else:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            shot_into(page, "write-view-highlighted-390", NOTES)

        box.fill(box.input_value().replace("hypertension", "high blood pressure"))
        box.press("Control+Enter")
        # The rerun may not have started yet: wait for its result, not for a quiet page.
        expect(page.locator(".write-preview mark", has_text="hypertension")).to_have_count(
            0, timeout=30_000
        )
        wait_settled(page)
        expect(
            page.locator('[data-testid="stMetric"]').filter(has_text="Reading grade").first
        ).not_to_contain_text(before, timeout=30_000)

        page.get_by_role("button", name="Save").click()
        page.get_by_text("Saved.", exact=False).wait_for()
        assert FIXED in target.read_text(encoding="utf-8")

        reader = context.new_page()
        reader.goto(f"{url}/article?id={ARTICLE}&persona=patient")
        reader.get_by_text(FIXED, exact=False).first.wait_for()
        assert reader.get_by_text("hypertension", exact=False).count() == 0
