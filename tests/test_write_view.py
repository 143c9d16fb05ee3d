"""The writing desk on /editor (issue 19) in AppTest: who may write, what a save changes, and
the refusals an editor sees (stale file, read-only folder, a bullet added in the text box)."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.tiers import plain_tier
from editorial import accounts
from editorial.accounts import Person
from editorial.audit import log_rows
from tests.test_feedback import db_url  # noqa: F401 (fixture: SQLite and PostgreSQL)

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "physical-activity-adults"
SECTION = "why-activity-matters"
OLD = "it can lower blood pressure"
NEW = "it can bring your blood pressure down"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Person:  # noqa: F811
    monkeypatch.delenv("CONTENT_READ_ONLY", raising=False)
    return accounts.add_user("eve", PASSWORD, ["editor"], "Eve Editor", None)


def _app(view: str, signed_in: bool = True, **params: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/editor.py").run()
    if signed_in:
        at.text_input(key="editorial_user_name").set_value("eve")
        at.text_input(key="editorial_password").set_value(PASSWORD)
        [b for b in at.button if b.label == "Sign in"][0].click().run()
    at.query_params.update(view=view, **params)
    at.switch_page("pages/editor.py").run()
    assert not at.exception, at.exception
    return at


def _box(at):
    return next(t for t in at.text_area if t.key.endswith("_text"))


def test_writing_needs_an_editor_but_checking_text_does_not(
    article_copies: Path, editor: Person
) -> None:
    at = _app("write", signed_in=False)
    assert any("Sign in as an editor" in i.value for i in at.info)
    assert not at.text_area
    at = _app("check-text", signed_in=False, tier=plain_tier())
    at.text_area(key="check_text_body").set_value(
        "Tryptase is administered to patients. It gave a 58 % lower risk."
    ).run()
    rules = {m.value for m in at.markdown}
    assert any("relative-risk" in v for v in rules)
    assert not at.exception


def test_a_save_changes_only_that_text_and_is_recorded(
    article_copies: Path, editor: Person
) -> None:
    path = article_copies / f"{ARTICLE}.yaml"
    before = path.read_text(encoding="utf-8")
    at = _app("write", article=ARTICLE, section=SECTION, tier=plain_tier())
    box = _box(at)
    assert OLD in box.value
    box.set_value(box.value.replace(OLD, NEW)).run()
    [b for b in at.button if b.label == "Save"][0].click().run()
    assert any("Saved." in s.value for s in at.success), [e.value for e in at.error]
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(OLD, NEW)
    assert [r["action"] for r in log_rows(ARTICLE)] == ["saved"]


def test_a_file_changed_since_it_was_opened_is_not_overwritten(
    article_copies: Path,
    editor: Person,
) -> None:
    path = article_copies / f"{ARTICLE}.yaml"
    at = _app("write", article=ARTICLE, section=SECTION, tier=plain_tier())
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited elsewhere\n", encoding="utf-8")
    box = _box(at)
    box.set_value(box.value.replace(OLD, NEW)).run()
    [b for b in at.button if b.label == "Save"][0].click().run()
    assert any("changed since you opened it" in t.value for t in at.text)
    assert NEW not in path.read_text(encoding="utf-8")
    assert any(b.label == "Discard my text and load the current file" for b in at.button)


def test_a_read_only_folder_offers_the_edited_file_instead(
    article_copies: Path,
    editor: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONTENT_READ_ONLY", "1")
    at = _app("write", article=ARTICLE, section=SECTION, tier=plain_tier())
    assert any("read-only" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Save"]
    box = _box(at)
    box.set_value(box.value.replace(OLD, NEW)).run()
    assert not at.exception


def test_adding_a_bullet_to_key_points_is_refused_with_the_reason(
    article_copies: Path,
    editor: Person,
) -> None:
    path = article_copies / f"{ARTICLE}.yaml"
    before = path.read_text(encoding="utf-8")
    at = _app("write", article=ARTICLE, section="key_points", tier=plain_tier())
    box = _box(at)
    box.set_value(box.value + "\n- A new point.").run()
    [b for b in at.button if b.label == "Save"][0].click().run()
    assert any("bullets" in t.value for t in at.text)
    assert path.read_text(encoding="utf-8") == before
