"""Readers' answers to "Was this page right for you?", kept in a database. No UI here.

`db` opens the database named by `DATABASE_URL` (SQLite under the user's data folder by default)
and applies the Alembic migrations under a lock; `store` validates, rate-limits, writes, sums and
purges answers; `compare` says where readers and the readability formula disagree.
"""

from feedback.compare import disagreement, shares
from feedback.db import database_url, default_sqlite_path, engine_for, migrate
from feedback.store import (
    ANSWER_WORDS,
    ANSWERS,
    WRITES_PER_MINUTE,
    FeedbackError,
    InvalidAnswer,
    RateLimited,
    Store,
    SummaryRow,
    new_session_token,
    retention_days,
    summary_csv,
)

__all__ = [
    "ANSWERS",
    "ANSWER_WORDS",
    "WRITES_PER_MINUTE",
    "FeedbackError",
    "InvalidAnswer",
    "RateLimited",
    "Store",
    "SummaryRow",
    "database_url",
    "default_sqlite_path",
    "disagreement",
    "engine_for",
    "migrate",
    "new_session_token",
    "retention_days",
    "shares",
    "summary_csv",
]
