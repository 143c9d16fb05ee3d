"""A reviewer's journey (issue 18): created with the CLI, signs in on /editor, approves an
article; a reader's new page says who reviewed it; an edit to the file puts the notice back to
pending, and the history lists the approval. Screenshots at 1280 and 390 px."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from content.loader import DEFAULT_CONTENT_DIR
from tests.browser.conftest import (
    REPO,
    editorial_cli,
    shot_into,
    streamlit_server,
    wait_settled,
)

pytestmark = pytest.mark.browser

ARTICLE = "probiotics-antibiotic-diarrhoea"
PASSWORD = "correct horse battery staple"
NOTES = Path(os.environ.get("EDITORIAL_SHOTS", "/work/wt/_notes/i18me"))


def _shows(page, text: str, tries: int = 4) -> None:
    """Wait for `text`; reload if it is missing. A reader's page reads the review state with a
    1 s limit and shows pending when the database is slower (a cold server on a busy machine)."""
    for attempt in range(tries):
        page.locator("h1").first.wait_for()
        wait_settled(page)
        if page.get_by_text(text, exact=False).count():
            return
        if attempt < tries - 1:
            page.reload()
    page.get_by_text(text, exact=False).first.wait_for(timeout=1)


def test_a_reviewer_approves_and_a_reader_sees_it_until_the_file_changes(
    browser, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    env = {
        "CONTENT_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'editorial.db'}",
        "READER_CACHE_DIR": str(tmp_path / "cache"),
    }
    editorial_cli(env, "migrate")
    editorial_cli(
        env,
        *("users", "add", "ana", "--role", "reviewer", "--role", "editor"),
        *("--display-name", "Dr Ana Ruiz", "--title", "general practitioner"),
        stdin=PASSWORD + "\n",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    with streamlit_server(REPO / "app.py", REPO, "editorial", env) as url:
        page = context.new_page()
        page.goto(f"{url}/editor?view=article&article={ARTICLE}")
        page.get_by_label("User name").fill("ana")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as").wait_for()
        review = page.locator(f".st-key-editorial_{ARTICLE}")
        review.get_by_role("button", name="Approve").wait_for()
        wait_settled(page)
        review.get_by_label("Note (optional for approval and submission)").fill(
            "Checked against the sources."
        )
        review.get_by_role("button", name="Approve").click()
        page.get_by_text("Approve: recorded.").wait_for()
        shot_into(page, "editorial-editor-signed-in-1280", NOTES)

        reader = context.new_page()
        reader.goto(f"{url}/article?id={ARTICLE}")
        _shows(reader, "Reviewed by Dr Ana Ruiz, general practitioner, on")
        assert reader.get_by_text("Next review due", exact=False).count() >= 1
        wait_settled(reader)
        shot_into(reader, "editorial-reader-reviewed-1280", NOTES)

        phone = browser.new_context(viewport={"width": 390, "height": 844})
        small = phone.new_page()
        small.goto(f"{url}/article?id={ARTICLE}")
        _shows(small, "Reviewed by Dr Ana Ruiz")
        assert small.evaluate("document.documentElement.scrollWidth") <= 390
        shot_into(small, "editorial-reader-reviewed-390", NOTES)
        signed = phone.new_page()
        signed.goto(f"{url}/editor?view=article&article={ARTICLE}")
        signed.get_by_label("User name").fill("ana")
        signed.get_by_label("Password", exact=True).fill(PASSWORD)
        signed.get_by_role("button", name="Sign in").click()
        signed.get_by_text("Signed in as").wait_for()
        wait_settled(signed)
        shot_into(signed, "editorial-editor-signed-in-390", NOTES)
        phone.close()

        path = folder / f"{ARTICLE}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        # the reader state is kept 5 s per process: a new page after that sees the change
        again = context.new_page()
        again.wait_for_timeout(5500)
        again.goto(f"{url}/article?id={ARTICLE}")
        _shows(again, "Pending review.")
        again.get_by_text("changed since it was reviewed on", exact=False).wait_for()
        assert again.get_by_text("Reviewed by Dr Ana Ruiz", exact=False).count() == 0

        page.goto(f"{url}/editor?view=history&article={ARTICLE}")
        page.locator(".st-key-editor_history [data-testid='stDataFrame']").wait_for()
        wait_settled(page)
        shot_into(page, "editorial-history-1280", NOTES)
    context.close()
    rows = json.loads(editorial_cli(env, "log", "--format", "json"))
    if NOTES.is_dir():
        (NOTES / "editorial-log.json").write_text(json.dumps(rows, indent=2) + "\n")
    actions = [(r["action"], r["article"]) for r in rows]
    assert ("approved", ARTICLE) in actions
    assert [r["action"] for r in rows].count("sign-in") == 2  # 1280 and 390 px
    assert PASSWORD not in json.dumps(rows)
