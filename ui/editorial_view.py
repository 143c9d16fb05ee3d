"""The editor page's people and record: sign-in, the review actions on one article, history.

Drawing only: `editorial` decides. The sign-in lives in the browser session (until "Sign out",
a reload, or 8 hours idle) and holds only the person's id; every action asks the database again
who they are, so a reviewer disabled mid-session cannot act. Notes are shown as plain text.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

import pandas as pd
import streamlit as st

from content import Article
from editorial.accounts import SIGN_IN_FAILED, Person, active_person, authenticate
from editorial.audit import log_rows
from editorial.reviews import (
    REVIEW_INTERVAL,
    ReviewRefused,
    approve,
    current_hash,
    request_changes,
    submit,
)

SESSION_KEY = "editorial_person"
IDLE_LIMIT_S = 8 * 60 * 60
DB_DOWN = "The editorial database cannot be reached right now; nothing was recorded."
log = logging.getLogger(__name__)


def signed_in() -> Person | None:
    """The signed-in person, or None: after "Sign out", 8 hours idle, or a disabled account."""
    held = st.session_state.get(SESSION_KEY)
    if not held:
        return None
    person_id, last_seen = held
    if time.monotonic() - last_seen > IDLE_LIMIT_S:
        st.session_state.pop(SESSION_KEY, None)
        return None
    try:
        person = active_person(person_id)
    except Exception:
        log.exception("editorial account not readable")
        return None
    if person is None:
        st.session_state.pop(SESSION_KEY, None)
        return None
    st.session_state[SESSION_KEY] = (person_id, time.monotonic())
    return person


def sign_in_box() -> Person | None:
    """The sign-in form, or who is signed in with a "Sign out" button."""
    person = signed_in()
    with st.container(border=True, key="editorial_sign_in"):
        if person is not None:
            left, right = st.columns([4, 1], vertical_alignment="center")
            roles = ", ".join(sorted(person.roles))
            left.markdown(f"Signed in as **{person.display_name}** ({roles}).")
            if right.button("Sign out", key="editorial_sign_out"):
                st.session_state.pop(SESSION_KEY, None)
                st.rerun()
            return person
        with st.form("editorial_sign_in_form", border=False):
            name = st.text_input("User name", key="editorial_user_name")
            password = st.text_input("Password", type="password", key="editorial_password")
            sent = st.form_submit_button("Sign in", type="primary")
        if sent:
            try:
                found = authenticate(name, password)
            except Exception:
                log.exception("sign-in failed on the database")
                st.error(DB_DOWN, icon=":material/cloud_off:")
                return None
            if found is None:
                st.error(SIGN_IN_FAILED, icon=":material/lock:")
                return None
            st.session_state[SESSION_KEY] = (found.id, time.monotonic())
            st.rerun()
        st.caption("Without signing in, this page is read-only.")
    return None


def review_actions(person: Person, article: Article) -> None:
    """Submit for review, Approve and Request changes for the file as it is now."""
    opened = current_hash(article.id)
    if opened is None:
        return
    key = f"editorial_{article.id}"
    with st.container(border=True, key=key):
        st.subheader("Review", anchor=False)
        note = st.text_area(
            "Note (optional for approval and submission)", max_chars=1000, key=f"{key}_note"
        )
        next_review = st.date_input(
            "Next review due", value=dt.date.today() + REVIEW_INTERVAL, key=f"{key}_due"
        )
        cols = st.columns(3)
        actions = []
        if person.may("editor"):
            actions.append(("Submit for review", lambda: submit(person, article.id, opened, note)))
        if person.may("reviewer"):
            actions.append(
                ("Approve", lambda: approve(person, article.id, opened, note, next_review))
            )
            actions.append(
                ("Request changes", lambda: request_changes(person, article.id, opened, note))
            )
        for column, (label, act) in zip(cols, actions, strict=False):
            if column.button(label, key=f"{key}_{label}"):
                _do(label, act)


def _do(label: str, act) -> None:  # noqa: ANN001
    try:
        outcome = act()
    except ReviewRefused as refused:
        st.error(f"{label}: not recorded.", icon=":material/block:")
        for reason in refused.reasons:
            st.text(f"• {reason}")
        return
    except Exception:
        log.exception("%s failed", label)
        st.error(DB_DOWN, icon=":material/cloud_off:")
        return
    if outcome is False:
        st.info("You had already approved this version.", icon=":material/info:")
    else:
        st.success(f"{label}: recorded.", icon=":material/check_circle:")


def history(article_id: str | None) -> None:
    """The audit trail, newest first; notes as plain text in a table."""
    with st.container(key="editor_history"):
        try:
            rows = log_rows(article_id)
        except Exception:
            log.exception("audit trail not readable")
            st.warning(DB_DOWN.split(";")[0] + ".", icon=":material/cloud_off:")
            return
        if not rows:
            st.info("Nothing recorded yet.", icon=":material/history:")
            return
        frame = pd.DataFrame(rows)
        for column in ("file_hash", "previous_hash"):
            frame[column] = frame[column].map(lambda h: h[:12] if h else "")
        st.dataframe(frame, hide_index=True, width="stretch")
