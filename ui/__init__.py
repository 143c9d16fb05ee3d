"""Everything that draws (the only Streamlit code besides app.py and pages/).

`shell` is the frame every page starts with, `cached` the shared loads, `words` small reader
wording, `panels` the article page's panels and `charts` the Altair chart builders.
"""

from ui.cached import assessment, library
from ui.shell import (
    APP_NAME,
    DEFAULT_PERSONA,
    DISCLAIMERS,
    PERSONA_NAMES,
    PERSONA_OFFERS,
    disclaimer,
    frame,
    page_title,
)
from ui.words import (
    PERSONA_KEY,
    STATUS_WORDS,
    article_link,
    grade_words,
    library_link,
    missing_reference,
    reading_time_words,
    status_badge,
    updated_words,
    verdict_badge,
)

__all__ = [
    "APP_NAME",
    "DEFAULT_PERSONA",
    "DISCLAIMERS",
    "PERSONA_KEY",
    "PERSONA_NAMES",
    "PERSONA_OFFERS",
    "STATUS_WORDS",
    "article_link",
    "assessment",
    "disclaimer",
    "frame",
    "grade_words",
    "library",
    "library_link",
    "missing_reference",
    "page_title",
    "reading_time_words",
    "status_badge",
    "updated_words",
    "verdict_badge",
]
