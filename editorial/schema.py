"""The editorial tables as SQLAlchemy Core objects, in the feedback database's metadata (one
Alembic chain upgrades both: `feedback/migrations/versions/0002_editorial.py` creates them)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, String, Table, Text

from feedback.schema import ID_LENGTH, _Key, metadata

NAME_LENGTH = 64
NOTE_LENGTH = 1000
HASH_LENGTH = 64  # SHA-256 as hex

accounts = Table(
    "editorial_accounts",
    metadata,
    Column("id", _Key, primary_key=True, autoincrement=True),
    Column("name", String(NAME_LENGTH), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("title", String(200), nullable=True),
    Column("roles", String(100), nullable=False),  # space-separated: editor reviewer admin
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean(), nullable=False),
    Column("failed_attempts", Integer(), nullable=False),
    Column("locked_until", DateTime(), nullable=True),
    Column("created_at", DateTime(), nullable=False),
)

# Only ever inserted: every sign-in, failure, lock, submission, review and account change.
audit = Table(
    "editorial_audit",
    metadata,
    Column("id", _Key, primary_key=True, autoincrement=True),
    Column("at", DateTime(), nullable=False),
    Column("actor_id", Integer(), nullable=True),
    Column("action", String(40), nullable=False),
    Column("article_id", String(ID_LENGTH), nullable=True),
    Column("file_hash", String(HASH_LENGTH), nullable=True),
    Column("note", Text(), nullable=True),
    # The file's hash before the event, for events that change the file (a save): 0004.
    Column("previous_hash", String(HASH_LENGTH), nullable=True),
)

# Review records, bound to the exact bytes of an article file.
submissions = Table(
    "editorial_submissions",
    metadata,
    Column("id", _Key, primary_key=True, autoincrement=True),
    Column("article_id", String(ID_LENGTH), nullable=False),
    Column("file_hash", String(HASH_LENGTH), nullable=False),
    Column("by_id", Integer(), nullable=False),
    Column("at", DateTime(), nullable=False),
    Column("note", Text(), nullable=True),
)

approvals = Table(
    "editorial_approvals",
    metadata,
    Column("id", _Key, primary_key=True, autoincrement=True),
    Column("article_id", String(ID_LENGTH), nullable=False),
    Column("file_hash", String(HASH_LENGTH), nullable=False),
    Column("reviewer_id", Integer(), nullable=False),
    Column("at", DateTime(), nullable=False),
    Column("note", Text(), nullable=True),
    Column("next_review", Date(), nullable=False),
)

change_requests = Table(
    "editorial_change_requests",
    metadata,
    Column("id", _Key, primary_key=True, autoincrement=True),
    Column("article_id", String(ID_LENGTH), nullable=False),
    Column("file_hash", String(HASH_LENGTH), nullable=False),
    Column("reviewer_id", Integer(), nullable=False),
    Column("at", DateTime(), nullable=False),
    Column("note", Text(), nullable=False),
)
