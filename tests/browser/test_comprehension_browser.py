"""A patient on a phone checks what they understood: one answer right, one wrong, the reason
shown either way; after a server restart both answers are counted on /editor (issue 21)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from content import load_library
from tests.browser.conftest import REPO, screenshot_path, streamlit_server

pytestmark = pytest.mark.browser

ARTICLE = "vitamin-d-falls-fractures"


def test_a_patient_answers_on_a_phone_and_editors_see_it_after_a_restart(
    browser, tmp_path: Path
) -> None:
    article = load_library().articles[ARTICLE]
    first, second = article.questions.get("patient")
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'answers.db'}",
        "READER_CACHE_DIR": str(tmp_path / "cache"),
    }
    context = browser.new_context(viewport={"width": 390, "height": 844})
    with streamlit_server(REPO / "app.py", REPO, "comprehension", env) as url:
        page = context.new_page()
        page.goto(f"{url}/article?id={ARTICLE}&persona=patient")
        box = page.locator(f".st-key-understood_{ARTICLE}_patient")
        box.get_by_text("Check what you understood (2 questions, optional)").wait_for()
        box.get_by_text(first.options[first.answer], exact=True).click()
        box.get_by_role("button", name="Check my answer").click()
        box.get_by_text("Right.", exact=False).wait_for()
        box.get_by_text(first.why, exact=False).wait_for()
        box.get_by_role("button", name="Next question").click()
        wrong = (second.answer + 1) % len(second.options)
        box.get_by_text(second.options[wrong], exact=True).click()
        box.get_by_role("button", name="Check my answer").click()
        box.get_by_text("Not quite", exact=False).wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box.screenshot(path=str(screenshot_path("comprehension-phone")))
    with streamlit_server(REPO / "app.py", REPO, "comprehension-again", env) as url:
        page = context.new_page()
        page.set_viewport_size({"width": 1280, "height": 1200})
        page.goto(f"{url}/editor?view=feedback")
        editor = page.locator(".st-key-editor_comprehension")
        editor.get_by_text("Did readers understand?").wait_for()
        editor.locator("[data-testid='stDataFrame']").wait_for()
        editor.screenshot(path=str(screenshot_path("comprehension-editor")))
    context.close()
    printed = subprocess.run(
        [sys.executable, "-m", "feedback", "comprehension", "--format", "json"],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    counted = {row["question"]: row for row in json.loads(printed.stdout)}
    assert (counted[first.id]["correct"], counted[second.id]["correct"]) == (1, 0)
    assert counted[first.id]["answers"] == counted[second.id]["answers"] == 1
