"""The editorial record (issue 18) on SQLite and a real PostgreSQL: accounts, sign-in and its
lockout, review records bound to a file's bytes, and an audit trail that is only inserted into."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from editorial import accounts, reviews
from editorial.accounts import SIGN_IN_FAILED, AccountError, Person
from editorial.audit import log_rows
from editorial.schema import accounts as accounts_table
from editorial.schema import approvals
from feedback import db
from tests.test_feedback import db_url  # noqa: F401 (fixture: SQLite and PostgreSQL)

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "probiotics-antibiotic-diarrhoea"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def articles(article_copies: Path) -> Path:
    """A copy of the shipped articles as CONTENT_DIR, so a test may edit one."""
    return article_copies


@pytest.fixture
def reviewer(db_url: str) -> Person:  # noqa: F811
    return accounts.add_user(
        "ana", PASSWORD, ["reviewer", "editor"], "Dr Ana Ruiz", "general practitioner"
    )


def test_migrations_round_trip(db_url: str) -> None:  # noqa: F811
    engine = db.engine_for(db_url, migrate_now=False)
    db.migrate(engine)
    assert db.current_revision(engine) == "0004"
    db.migrate(engine, "0001", downgrade=True)
    assert db.current_revision(engine) == "0001"
    db.migrate(engine)
    assert db.current_revision(engine) == "0004"


def test_sign_in_and_lockout_after_five_failures(reviewer: Person) -> None:
    assert accounts.authenticate("ana", PASSWORD) == reviewer
    for _ in range(accounts.MAX_FAILURES):
        assert accounts.authenticate("ana", "wrong password!") is None
    assert accounts.authenticate("ana", PASSWORD) is None  # locked, though right
    actions = [row["action"] for row in log_rows()]
    assert actions.count("sign-in-failed") == accounts.MAX_FAILURES + 1
    assert "account-locked" in actions
    engine = db.engine_for()
    with engine.begin() as conn:  # the lock ends after 15 minutes
        conn.execute(
            update(accounts_table).values(locked_until=accounts.now() - timedelta(minutes=1))
        )
    assert accounts.authenticate("ana", PASSWORD) == reviewer
    assert SIGN_IN_FAILED.startswith("That user name and password did not work")


def test_an_unknown_name_is_audited_without_the_name(reviewer: Person) -> None:
    assert accounts.authenticate("mallory-typed-this", PASSWORD) is None
    (row,) = [r for r in log_rows() if r["action"] == "sign-in-failed"]
    assert row["actor"] is None
    assert "mallory" not in str(row)


def test_an_approval_is_bound_to_the_bytes_and_voided_by_an_edit(
    articles: Path, reviewer: Person
) -> None:
    opened = reviews.current_hash(ARTICLE)
    assert reviews.approve(reviewer, ARTICLE, opened, "Checked against the sources.") is True
    state = reviews.reader_state(ARTICLE)
    assert state.approved and state.reviewer == "Dr Ana Ruiz, general practitioner"
    assert state.next_review == date.today() + reviews.REVIEW_INTERVAL
    path = articles / f"{ARTICLE}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    reviews._forget(ARTICLE)
    changed = reviews.reader_state(ARTICLE)
    assert changed.kind == "file" and changed.last_reviewed_on == date.today()
    with pytest.raises(reviews.ReviewRefused) as refused:
        reviews.approve(reviewer, ARTICLE, opened)
    assert refused.value.reasons == [reviews.CHANGED]


def test_a_double_click_records_one_approval(articles: Path, reviewer: Person) -> None:
    opened = reviews.current_hash(ARTICLE)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: reviews.approve(reviewer, ARTICLE, opened), range(2)))
    assert sorted(results) == [False, True]
    with db.engine_for().connect() as conn:
        assert conn.scalar(select(func.count()).select_from(approvals)) == 1
    assert [r["action"] for r in log_rows(ARTICLE)] == ["approved"]


def test_a_disabled_reviewer_cannot_act_and_their_approval_is_not_live(
    articles: Path, reviewer: Person
) -> None:
    opened = reviews.current_hash(ARTICLE)
    reviews.approve(reviewer, ARTICLE, opened)
    accounts.disable("ana")
    reviews._forget(ARTICLE)
    assert not reviews.reader_state(ARTICLE).approved
    with pytest.raises(reviews.ReviewRefused):
        reviews.submit(reviewer, ARTICLE, opened)


def test_overdue_review_stays_approved(articles: Path, reviewer: Person) -> None:
    opened = reviews.current_hash(ARTICLE)
    reviews.approve(reviewer, ARTICLE, opened, next_review=date.today() + timedelta(days=1))
    state = reviews.reader_state(ARTICLE)
    assert state.approved and not state.overdue()
    assert state.overdue(today=date.today() + timedelta(days=2))


def test_each_action_is_audited(articles: Path, reviewer: Person) -> None:
    opened = reviews.current_hash(ARTICLE)
    reviews.submit(reviewer, ARTICLE, opened, "Ready.")
    assert reviews.reader_state(ARTICLE).kind == "submitted"
    with pytest.raises(reviews.ReviewRefused):
        reviews.request_changes(reviewer, ARTICLE, opened, "   ")
    reviews.request_changes(reviewer, ARTICLE, opened, "Cite the 2021 guideline.")
    actions = [(r["action"], r["actor"], r["file_hash"]) for r in log_rows(ARTICLE)]
    assert actions == [
        ("changes-requested", "ana", opened),
        ("submitted", "ana", opened),
    ]


def test_approval_is_refused_while_checks_report_an_error(articles: Path, reviewer: Person) -> None:
    path = articles / f"{ARTICLE}.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "Probiotics probably lowered the chance", "This proves probiotics lowered the chance", 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(reviews.ReviewRefused) as refused:
        reviews.approve(reviewer, ARTICLE, reviews.current_hash(ARTICLE))
    assert any("overclaim" in reason for reason in refused.value.reasons)


def test_no_code_updates_or_deletes_audit_rows() -> None:
    for file in (ROOT / "editorial").rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"update", "delete"}:
                target = node.args[0] if node.args else None
                assert getattr(target, "id", "") != "audit", f"{file}: {ast.unparse(node)}"
        assert "UPDATE editorial_audit" not in file.read_text(encoding="utf-8").upper()


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(max_size=1200))
def test_any_note_is_kept_as_text_or_refused_cleanly(note: str) -> None:
    try:
        kept = reviews.clean_text_note(note)
    except reviews.ReviewRefused as refused:
        assert refused.reasons
    else:
        assert kept is None or (len(kept) <= 1000 and kept == kept.strip())


@settings(max_examples=50)
@given(name=st.text(max_size=100))
def test_any_name_is_stored_clean_or_refused_cleanly(name: str) -> None:
    try:
        cleaned = accounts.clean_name(name)
    except AccountError:
        return
    assert 1 <= len(cleaned) <= 64 and cleaned == cleaned.casefold()


def test_the_cli_takes_the_password_from_stdin_and_never_prints_it(
    db_url: str,  # noqa: F811
) -> None:
    env = {**os.environ, "DATABASE_URL": db_url}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "editorial",
            "users",
            "add",
            "rev",
            "--role",
            "reviewer",
            "--display-name",
            "Dr Test Reviewer",
            "--title",
            "test physician",
        ],
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert PASSWORD not in run.stdout + run.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "editorial", "users", "list", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert '"name": "rev"' in listed.stdout and "argon2" not in listed.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "editorial", "users", "add", "x", "--role", "editor"],
        input="short\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


# --- The editor page: sign in, act, see the history (AppTest) ---------------------------------


def test_sign_in_approve_and_see_the_history_on_the_editor_page(
    articles: Path, reviewer: Person
) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/editor.py").run()
    at.text_input(key="editorial_user_name").set_value("ana")
    at.text_input(key="editorial_password").set_value("wrong password!!")
    form_submit = [b for b in at.button if b.label == "Sign in"]
    form_submit[0].click().run()
    assert any(SIGN_IN_FAILED in e.value for e in at.error)
    at.text_input(key="editorial_password").set_value(PASSWORD)
    [b for b in at.button if b.label == "Sign in"][0].click().run()
    assert any("Signed in as **Dr Ana Ruiz**" in m.value for m in at.markdown)
    at.query_params["view"] = "article"
    at.query_params["article"] = ARTICLE
    at.switch_page("pages/editor.py").run()
    [b for b in at.button if b.label == "Approve"][0].click().run()
    assert not at.exception
    assert any("Approve: recorded." in s.value for s in at.success)
    assert reviews.reader_state(ARTICLE).approved
    assert [r["action"] for r in log_rows(ARTICLE)] == ["approved"]


def test_the_library_status_follows_the_review_record(articles: Path, reviewer: Person) -> None:
    from ui.words import reader_status

    assert reader_status(ARTICLE, "approved") == "under_review"  # typed in the file: nothing
    reviews.approve(reviewer, ARTICLE, reviews.current_hash(ARTICLE))
    assert reader_status(ARTICLE, "draft") == "approved"
    path = articles / f"{ARTICLE}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    reviews._forget(ARTICLE)
    assert reader_status(ARTICLE, "draft") == "draft"
