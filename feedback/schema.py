"""The feedback tables as SQLAlchemy Core objects, for queries (the migrations create them)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
)

# Column sizes: ids are content slugs (at most 80 characters); tokens are 32 hex characters.
ID_LENGTH = 80
TOKEN_LENGTH = 32

metadata = MetaData()
# BigInteger on PostgreSQL, but INTEGER PRIMARY KEY (the rowid) on SQLite.
_Key = BigInteger().with_variant(Integer(), "sqlite")

answers = Table(
    "feedback_answers",
    metadata,
    Column("id", _Key, primary_key=True, autoincrement=True),
    Column("session_token", String(TOKEN_LENGTH), nullable=False),
    Column("article_id", String(ID_LENGTH), nullable=False),
    Column("tier", String(20), nullable=False),
    Column("answer", String(20), nullable=False),
    Column("section_id", String(ID_LENGTH), nullable=True),
    Column("answered_at", DateTime(), nullable=False),
)

# One row per accepted write, only to count a session's writes in the last minute.
writes = Table(
    "feedback_writes",
    metadata,
    Column("id", _Key, primary_key=True, autoincrement=True),
    Column("session_token", String(TOKEN_LENGTH), nullable=False),
    Column("written_at", DateTime(), nullable=False),
)

# Teach-back answers (issue 21): the first answer per session and question is the one kept.
comprehension = Table(
    "comprehension_answers",
    metadata,
    Column("id", _Key, primary_key=True, autoincrement=True),
    Column("session_token", String(TOKEN_LENGTH), nullable=False),
    Column("article_id", String(ID_LENGTH), nullable=False),
    Column("tier", String(20), nullable=False),
    Column("question_id", String(ID_LENGTH), nullable=False),
    Column("chosen", Integer(), nullable=False),
    Column("correct", Boolean(), nullable=False),
    Column("answered_at", DateTime(), nullable=False),
)
