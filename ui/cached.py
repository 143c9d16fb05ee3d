"""Cached loads shared by every page: the library once per process, each article scored once."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import content
from content import Library, SectionEvidence, article_evidence
from readability import TierAssessment, assess_article


@st.cache_resource(show_spinner=False)
def _load_library(folder: str) -> Library:
    return content.load_library(Path(folder))


def library() -> Library:
    """Every article, loaded once per process per content folder (`CONTENT_DIR`)."""
    return _load_library(str(content.content_dir()))


@st.cache_resource(show_spinner="Scoring how easy the text is to read…")
def _assess(folder: str, article_id: str) -> dict[str, TierAssessment]:
    return assess_article(_load_library(folder).articles[article_id])


def assessment(article_id: str) -> dict[str, TierAssessment]:
    """Readability of every tier of one loaded article, scored once per process."""
    return _assess(str(content.content_dir()), article_id)


@st.cache_resource(show_spinner=False)
def _evidence(folder: str, article_id: str) -> dict[str, SectionEvidence]:
    return article_evidence(_load_library(folder).articles[article_id])


def evidence(article_id: str) -> dict[str, SectionEvidence]:
    """Each section's evidence grade of one loaded article, graded once per process."""
    return _evidence(str(content.content_dir()), article_id)
