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
    kept_in_url,
    page_title,
)
from ui.words import (
    PERSONA_KEY,
    STATUS_WORDS,
    article_link,
    bullet_list,
    count_words,
    grade_words,
    key_points_or_summary,
    library_link,
    missing_reference,
    plain_reading_words,
    reading_time_words,
    review_words,
    status_badge,
    unavailable_note,
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
    "bullet_list",
    "count_words",
    "disclaimer",
    "frame",
    "grade_words",
    "kept_in_url",
    "key_points_or_summary",
    "library",
    "library_link",
    "missing_reference",
    "page_title",
    "plain_reading_words",
    "reading_time_words",
    "review_words",
    "status_badge",
    "unavailable_note",
    "updated_words",
    "verdict_badge",
]
