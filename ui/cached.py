"""Cached loads shared by every page: the library once per process, each article scored once,
and the library page's card table built once per loaded library."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import content
from content import TIERS, Library, SectionEvidence, article_evidence
from content.evidence_table import label_counts
from readability import TierAssessment, assess_article
from ui.words import key_points_or_summary, updated_words

# Above this many articles the first build of the card table shows a progress bar.
PROGRESS_FROM = 20


@st.cache_resource(show_spinner=False)
def _load_library(folder: str) -> Library:
    return content.load_library(Path(folder))


def library() -> Library:
    """Every article, loaded once per process per content folder (`CONTENT_DIR`)."""
    return _load_library(str(content.content_dir()))


@st.cache_resource(show_spinner=False)
def _score(folder: str, article_id: str) -> dict[str, TierAssessment]:
    return assess_article(_load_library(folder).articles[article_id])


@st.cache_resource(show_spinner="Scoring how easy the text is to read…")
def _assess(folder: str, article_id: str) -> dict[str, TierAssessment]:
    return _score(folder, article_id)  # the same object the card table holds; a spinner on a miss


def assessment(article_id: str) -> dict[str, TierAssessment]:
    """Readability of every tier of one loaded article, scored once per process."""
    return _assess(str(content.content_dir()), article_id)


@st.cache_resource(show_spinner=False)
def _evidence(folder: str, article_id: str) -> dict[str, SectionEvidence]:
    return article_evidence(_load_library(folder).articles[article_id])


def evidence(article_id: str) -> dict[str, SectionEvidence]:
    """Each section's evidence grade of one loaded article, graded once per process."""
    return _evidence(str(content.content_dir()), article_id)


@dataclass(frozen=True)
class TierCard:
    """What a card shows for one reading tier."""

    points: str  # key points or short answer, as safe Markdown
    verdict: str
    grade: float
    target_words: str


@dataclass(frozen=True)
class Card:
    """Everything the library page needs about one article, computed once."""

    id: str
    title: str
    topics: tuple[str, ...]
    status: str
    updated_words: str
    sections: int
    evidence_words: str
    tiers: dict[str, TierCard]


@dataclass(frozen=True)
class CardTable:
    """The library's cards, newest first, and the topics its filters offer."""

    cards: tuple[Card, ...]
    topics: tuple[str, ...]


_tables: dict[str, tuple[Library, CardTable]] = {}
_tables_lock = threading.Lock()


def card_table(progress: Callable[[int, int], None] | None = None) -> CardTable:
    """The library page's table, built once per loaded library (a reload of the library builds a
    new one). `progress(done, total)` hears after each article while it is built."""
    folder = str(content.content_dir())
    loaded = _load_library(folder)
    with _tables_lock:
        kept = _tables.get(folder)
        if kept is not None and kept[0] is loaded:
            return kept[1]
        table = _build(folder, loaded, progress)
        _tables[folder] = (loaded, table)
        return table


def card_table_ready() -> bool:
    """Whether the card table of the current library is already built (no scoring to wait for)."""
    kept = _tables.get(str(content.content_dir()))
    return kept is not None and kept[0] is _load_library(str(content.content_dir()))


def _build(folder: str, loaded: Library, progress: Callable[[int, int], None] | None) -> CardTable:

    articles = sorted(loaded.articles.values(), key=lambda a: (-a.updated.toordinal(), a.title))
    cards = []
    for done, article in enumerate(articles, start=1):
        scored = _score(folder, article.id)
        counts = label_counts(article, _evidence(folder, article.id))
        cards.append(
            Card(
                id=article.id,
                title=article.title,
                topics=tuple(article.topics),
                status=article.status,
                updated_words=updated_words(article.updated),
                sections=len(article.sections),
                evidence_words=", ".join(f"{n} {label.lower()}" for label, n in counts.items()),
                tiers={
                    tier: TierCard(
                        points=key_points_or_summary(article, tier),
                        verdict=scored[tier].verdict,
                        grade=scored[tier].whole.consensus_grade,
                        target_words=scored[tier].target.describe(),
                    )
                    for tier in TIERS
                },
            )
        )
        if progress:
            progress(done, len(articles))
    topics = tuple(sorted({t for a in articles for t in a.topics}))
    return CardTable(cards=tuple(cards), topics=topics)
