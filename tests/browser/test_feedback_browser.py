"""The feedback question in a real Chromium: answer "too hard" as a patient, restart the server,
see the count on /editor. Screenshots of the question at desktop and phone width."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.browser.conftest import REPO, streamlit_server

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips these tests, or fails them under CI=true
    expect = None

pytestmark = pytest.mark.browser

ARTICLE = "gut-brain-axis"
QUESTION = ".st-key-feedback_gut-brain-axis_patient"
EXCEPTION = '[data-testid="stException"]'


def summary(database_url: str) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "feedback", "summary", "--format", "json"],
        cwd=REPO,
        env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def ask_page(page, base_url: str):
    page.goto(f"{base_url}/article?id={ARTICLE}&persona=patient")
    question = page.locator(QUESTION)
    question.scroll_into_view_if_needed()
    expect(question.get_by_role("heading", name="Was this page right for you?")).to_be_visible()
    return question


def test_too_hard_as_a_patient_survives_a_server_restart(
    browser, tmp_path, monkeypatch, settle, screenshot
):
    database_url = f"sqlite:///{tmp_path / 'feedback.db'}"
    monkeypatch.setenv("DATABASE_URL", database_url)
    for width in (1280, 390):
        with streamlit_server(REPO / "app.py", REPO, f"feedback-{width}") as base_url:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            if width == 390:  # the second server: the first server's answer is on /editor
                page.goto(f"{base_url}/editor?view=feedback")
                view = page.locator(".st-key-editor_feedback")
                expect(view.get_by_text("Patient: 1 answer, too hard 1 (100%)")).to_be_visible(
                    timeout=60_000
                )
            question = ask_page(page, base_url)
            settle(page)
            if width < 768:  # on a phone the sidebar starts closed (initial_sidebar_state="auto")
                expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute(
                    "data-collapsed", "true"
                )
            question.get_by_text("Too hard", exact=True).click()
            expect(question.get_by_role("radio", name="Too hard")).to_be_checked()
            question.get_by_role("button", name="Send answer").click()
            expect(question.get_by_text("Thank you, we saved your answer")).to_be_visible(
                timeout=30_000
            )
            expect(page.locator(EXCEPTION)).to_have_count(0)
            question.scroll_into_view_if_needed()
            page.screenshot(path=str(screenshot_file(f"feedback-question-{width}")))
            context.close()
    # Two servers, one after the other, each with one new session: both answers were kept.
    assert summary(database_url) == [
        {"article": ARTICLE, "tier": "patient", "too_hard": 2, "about_right": 0,
         "too_simple": 0, "total": 2}
    ]  # fmt: skip


def screenshot_file(name: str):
    from tests.browser.conftest import screenshot_path

    return screenshot_path(name)
