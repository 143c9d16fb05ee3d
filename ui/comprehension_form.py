"""After the article: "Check what you understood", one teach-back question at a time.

The reader picks an answer, sees whether it was right and the reason, with a link to the part
of the article that says it (teach-back: the reader leaves knowing the right answer either way).
The first answer per question is stored anonymously with the feedback session token; a database
that is down costs one sentence, never the page.
"""

from __future__ import annotations

import logging

import streamlit as st

from content import Article
from content.model import Question
from content.safe_markdown import safe_markdown
from feedback import RateLimited, Store, new_session_token
from feedback.comprehension import record_answer
from ui.cached import library
from ui.feedback_form import TOKEN_KEY

NOT_SAVED = "We could not save your answer. You can still check it below."
PRIVACY = "Optional. We keep which answer you chose first, nothing about who you are."
log = logging.getLogger(__name__)


def heading(count: int) -> str:
    return f"Check what you understood ({count} questions, optional)"


def ask(article: Article, persona: str) -> None:
    """The tier's questions, one at a time; nothing is drawn when the tier has none."""
    questions = article.questions.get(persona)
    if not questions:
        return
    key = f"understood_{article.id}_{persona}"
    step = st.session_state.get(f"{key}_step", 0)
    with st.container(border=True, key=key):
        st.subheader(heading(len(questions)), anchor=False)
        st.caption(PRIVACY)
        if step >= len(questions):
            st.success("That was the last question. Thank you.", icon=":material/check_circle:")
            if st.button("Start again", key=f"{key}_again"):
                st.session_state[f"{key}_step"] = 0
                st.rerun()
            return
        _one(article, persona, questions[step], step, len(questions), key)


def _one(
    article: Article, persona: str, question: Question, step: int, total: int, key: str
) -> None:
    st.markdown(f"**Question {step + 1} of {total}.** {safe_markdown(question.ask)}")
    choice = st.radio(
        question.ask,
        options=list(range(len(question.options))),
        format_func=lambda i: safe_markdown(question.options[i]),
        index=None,
        label_visibility="collapsed",
        key=f"{key}_{question.id}_choice",
    )
    checked = st.session_state.get(f"{key}_{question.id}_checked")
    if st.button("Check my answer", key=f"{key}_{question.id}_check", type="primary"):
        if choice is None:
            st.info("Please choose an answer first.", icon=":material/info:")
            return
        checked = choice
        st.session_state[f"{key}_{question.id}_checked"] = choice
        _save(article, persona, question, choice)
    if checked is None:
        return
    if checked == question.answer:
        st.success(f"Right. {safe_markdown(question.why)}", icon=":material/check_circle:")
    else:
        right = safe_markdown(question.options[question.answer])
        why = safe_markdown(question.why)
        st.warning(f"Not quite: the answer is “{right}”. {why}", icon=":material/info:")
    section = article.section(question.section)
    if section is not None:
        st.markdown(
            f"[Read that part again: {safe_markdown(section.heading_for(persona))}](#{section.id})"
        )
    if st.button("Next question", key=f"{key}_{question.id}_next"):
        st.session_state[f"{key}_step"] = step + 1
        st.rerun()


def _save(article: Article, persona: str, question: Question, choice: int) -> None:
    token = st.session_state.setdefault(TOKEN_KEY, new_session_token())
    try:
        record_answer(Store.open(), library(), token, article.id, persona, question.id, choice)
    except RateLimited:
        st.caption("Too many answers in a minute: this one was not saved.")
    except Exception:  # down, locked or refused: the reader still sees the answer
        log.exception("comprehension answer for %s/%s not saved", article.id, persona)
        st.caption(NOT_SAVED)
