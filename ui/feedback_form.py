"""The reader's question at the end of an article: was this page right for you?

Three answers and, optionally, the hardest section; no free text (readers would type health
details we must not hold). The answer goes straight to the database; the session only holds a
random token that ties its answers together. A database that is down or locked costs the reader
one polite sentence, never the page.
"""

from __future__ import annotations

import logging

import streamlit as st

from content import Article
from feedback import ANSWER_WORDS, ANSWERS, RateLimited, Store, new_session_token
from ui.cached import library

TOKEN_KEY = "feedback_session_token"
QUESTION = "Was this page right for you?"
HARDEST = "Which part was hardest to follow? (optional)"
THANKS = "Thank you, we saved your answer. You can change it at any time."
NOT_SAVED = "We could not save your answer. The page is fine; please try again later."
TOO_OFTEN = "We could not save your answer: too many answers in a minute. Please wait a moment."
PRIVACY = "We keep your answer and the part you chose, nothing about who you are."
CHOOSE_FIRST = "Please choose one of the three answers first."
log = logging.getLogger(__name__)


def ask(article: Article, persona: str) -> None:
    """The question for this article and reading level, with its thank-you or error line."""
    key = f"feedback_{article.id}_{persona}"
    headings = {s.id: s.heading_for(persona) for s in article.sections if s.tiers.get(persona)}
    with st.container(border=True, key=key):
        st.subheader(QUESTION, anchor=False)
        with st.form(f"{key}_form", border=False, enter_to_submit=False):
            answer = st.radio(
                QUESTION,  # plain text: it names the radio group for screen readers
                options=ANSWERS,
                format_func=ANSWER_WORDS.get,
                index=None,
                horizontal=True,
                label_visibility="collapsed",  # the heading above says it
                key=f"{key}_answer",
            )
            section = st.selectbox(
                HARDEST,
                options=list(headings),
                format_func=headings.get,
                index=None,
                placeholder="Choose a part, or leave this empty",
                key=f"{key}_section",
            )
            sent = st.form_submit_button("Send answer", type="primary", key=f"{key}_send")
            st.caption(PRIVACY)
        if sent:
            _save(article, persona, answer, section)
        else:
            _show_saved(article, persona)


def _save(article: Article, persona: str, answer: str | None, section: str | None) -> None:
    if answer is None:
        st.info(CHOOSE_FIRST, icon=":material/info:")
        return
    token = st.session_state.setdefault(TOKEN_KEY, new_session_token())
    try:
        Store.open().record(library(), token, article.id, persona, answer, section)
    except RateLimited:
        st.warning(TOO_OFTEN, icon=":material/hourglass_top:")
    except Exception:  # down, locked, refused or a bug: the reader gets a sentence, not a trace
        log.exception("feedback for %s/%s not saved", article.id, persona)
        st.warning(NOT_SAVED, icon=":material/cloud_off:")
    else:
        st.success(THANKS, icon=":material/check_circle:")


def _show_saved(article: Article, persona: str) -> None:
    """After a rerun, remind the reader what they answered (read back from the database)."""
    token = st.session_state.get(TOKEN_KEY)
    if token is None:  # never answered: the page does not touch the database at all
        return
    try:
        saved = Store.open().answer_for(token, article.id, persona)
    except Exception:  # the reminder is a nicety; the page goes on without it
        log.warning("feedback for %s/%s not readable", article.id, persona, exc_info=True)
        return
    if saved:
        st.caption(f"Your answer: {ANSWER_WORDS[saved].lower()}. Thank you. You can change it.")
