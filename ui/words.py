"""Small pieces of reader wording and links used on several pages: badges, dates, grades, links."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from content import Article
from readability import VERDICT_WORDS

PERSONA_KEY = "persona"
STATUS_WORDS = {
    "approved": "Reviewed and approved",
    "under_review": "Under review",
    "submitted": "Waiting for review",
    "draft": "Draft",
}
VERDICT_ICONS = {
    "pass": ":material/check_circle:",
    "warn": ":material/error:",
    "miss": ":material/cancel:",
}
VERDICT_COLOURS = {"pass": "green", "warn": "orange", "miss": "red"}


def article_link(article: Article, persona: str) -> None:
    st.page_link(
        "pages/article.py",
        label=f"**{article.title}**",
        icon=":material/article:",
        query_params={"id": article.id, PERSONA_KEY: persona},
    )


def library_link(persona: str, label: str = "Back to the library of all articles") -> None:
    st.page_link(
        "app.py",
        label=label,
        icon=":material/arrow_back:",
        query_params={PERSONA_KEY: persona},
    )


def verdict_badge(verdict: str, target_words: str) -> str:
    """Markdown for a target verdict: an icon, the verdict in words, and the target itself."""
    colour = VERDICT_COLOURS[verdict]
    return (
        f":{colour}-badge[{VERDICT_ICONS[verdict]} {VERDICT_WORDS[verdict]}] "
        f":small[(target: {target_words})]"
    )


def status_badge(status: str) -> str:
    icon = ":material/verified:" if status == "approved" else ":material/pending:"
    colour = "green" if status == "approved" else "orange"
    return f":{colour}-badge[{icon} {STATUS_WORDS.get(status, status)}]"


def updated_words(date: dt.date) -> str:
    return f"Updated {date:%-d %B %Y}"


def grade_words(grade: float) -> str:
    """A consensus grade for display, with what it means: a reader's age, or college level."""
    if grade > 16:
        return f"{grade:.1f} (beyond college level)"
    if grade > 12:
        return f"{grade:.1f} (college level)"
    year = max(1, round(grade))
    return f"{grade:.1f} (about age {year + 5} to {year + 6})"


def missing_reference(reference_id: str) -> str:
    """How a citation with no reference reads: kept, and marked in words and colour."""
    return f":orange-badge[:material/link_off: {reference_id}: reference missing]"


def reading_time_words(seconds: float) -> str:
    """Reading time for display, rounded to whole minutes."""
    minutes = round(seconds / 60)
    return "under 1 min" if minutes < 1 else f"about {minutes} min"
