"""Write, read, sum and purge readers' answers; every rule is enforced by the database.

A reader's browser session has a random token (never an IP address or user agent). One answer is
kept per token, article and tier; answering again replaces it. A session may write at most
`WRITES_PER_MINUTE` times a minute, counted in the database so replicas share the count. Nothing
here keeps answers in memory: every call reads or writes the database.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from alembic.util import CommandError
from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from content import TIERS, Article, Library
from feedback.db import WRITE, engine_for, write_turn
from feedback.schema import answers, comprehension, writes

ANSWERS: tuple[str, ...] = ("too_hard", "about_right", "too_simple")
ANSWER_WORDS = {"too_hard": "Too hard", "about_right": "About right", "too_simple": "Too simple"}
WRITES_PER_MINUTE = 10
RATE_WINDOW = timedelta(minutes=1)
RETENTION_ENV = "FEEDBACK_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 365
SUMMARY_FIELDS = ("article", "tier", *ANSWERS, "total")
_TOKEN = re.compile(r"[0-9a-f]{32}")
_retention_applied: set[str] = set()  # database URLs whose old answers this process purged


class FeedbackError(Exception):
    """Anything that stopped an answer from being saved."""


class InvalidAnswer(FeedbackError, ValueError):
    """The answer names something the library does not have; nothing was written."""


class RateLimited(FeedbackError):
    """This session wrote too often in the last minute; nothing was written."""


class Unavailable(FeedbackError):
    """The database could not be reached, was locked, or failed; nothing was written."""


@dataclass(frozen=True)
class SummaryRow:
    """How readers answered for one article and tier."""

    article: str
    tier: str
    too_hard: int
    about_right: int
    too_simple: int

    @property
    def total(self) -> int:
        return self.too_hard + self.about_right + self.too_simple

    def count(self, answer: str) -> int:
        return getattr(self, answer)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "total": self.total}


def new_session_token() -> str:
    """A random token for one browser session: it links a session's answers, nothing more."""
    return secrets.token_hex(16)


def retention_days() -> int:
    """How long answers are kept: `FEEDBACK_RETENTION_DAYS` (default 365) days."""
    raw = os.environ.get(RETENTION_ENV, "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{RETENTION_ENV} must be a whole number of days (1 or more), not {raw!r}")
    return int(raw)


def utc_now() -> datetime:
    """Naive UTC: stored the same way on SQLite (no time zones) and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def known_article(
    library: Library, session_token: object, article_id: object, tier: object
) -> Article:
    """The article a reader's answer is about, after checking the session token, the article id
    and the tier against the loaded library; anything else is refused, naming the field."""
    if not isinstance(session_token, str) or not _TOKEN.fullmatch(session_token):
        raise InvalidAnswer("session_token: not a session token")
    article = library.articles.get(article_id) if isinstance(article_id, str) else None
    if article is None:
        raise InvalidAnswer(f"article: no article with id {str(article_id)[:80]!r}")
    if tier not in TIERS:
        raise InvalidAnswer(f"tier: {str(tier)[:80]!r} is not one of {', '.join(TIERS)}")
    return article


def validate(
    library: Library,
    session_token: object,
    article_id: object,
    tier: object,
    answer: object,
    section_id: object = None,
) -> None:
    """Refuse anything the loaded library does not know, naming the field."""
    article = known_article(library, session_token, article_id, tier)
    if answer not in ANSWERS:
        raise InvalidAnswer(f"answer: {str(answer)[:80]!r} is not one of {', '.join(ANSWERS)}")
    if section_id is not None and (
        not isinstance(section_id, str) or article.section(section_id) is None
    ):
        raise InvalidAnswer(f"section: {article.id} has no section {str(section_id)[:80]!r}")


class Store:
    """The feedback database, as the app and the command line use it."""

    def __init__(self, engine: Engine, *, writes_per_minute: int = WRITES_PER_MINUTE) -> None:
        self.engine = engine
        self.writes_per_minute = writes_per_minute

    @classmethod
    def open(cls, url: str | None = None, **options: Any) -> Store:
        """Connect to `url` (default `DATABASE_URL`), migrating on first use in this process."""
        try:
            store = cls(engine_for(url), **options)
            key = str(store.engine.url)
            if key not in _retention_applied:  # retention is applied once per process on start
                store.purge(retention_days())
                _retention_applied.add(key)
            return store
        except (SQLAlchemyError, OSError, CommandError) as exc:
            raise Unavailable(f"feedback database unavailable: {type(exc).__name__}") from exc

    def record(
        self,
        library: Library,
        session_token: str,
        article_id: str,
        tier: str,
        answer: str,
        section_id: str | None = None,
    ) -> None:
        """Save (or replace) this session's answer for the article and tier."""
        validate(library, session_token, article_id, tier, answer, section_id)
        try:
            with write_turn(self.engine):
                self._write(session_token, article_id, tier, answer, section_id)
        except (SQLAlchemyError, TimeoutError) as exc:
            raise Unavailable(f"could not save the answer: {type(exc).__name__}") from exc

    def _write(
        self, token: str, article_id: str, tier: str, answer: str, section_id: str | None
    ) -> None:
        now = utc_now()
        since = now - RATE_WINDOW
        postgres = self.engine.dialect.name == "postgresql"
        with self.engine.execution_options(**WRITE).begin() as conn:
            if postgres:  # one writer per session at a time, so the count below is exact
                conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(token))))
            recent = conn.scalar(
                select(func.count())
                .select_from(writes)
                .where(writes.c.session_token == token, writes.c.written_at > since)
            )
            if recent >= self.writes_per_minute:
                raise RateLimited(f"more than {self.writes_per_minute} answers in a minute")
            conn.execute(
                delete(writes).where(writes.c.session_token == token, writes.c.written_at <= since)
            )
            conn.execute(insert(writes).values(session_token=token, written_at=now))
            values = {
                "session_token": token,
                "article_id": article_id,
                "tier": tier,
                "answer": answer,
                "section_id": section_id,
                "answered_at": now,
            }
            upsert = (pg_insert if postgres else sqlite_insert)(answers).values(**values)
            conn.execute(
                upsert.on_conflict_do_update(
                    index_elements=["session_token", "article_id", "tier"],
                    set_={k: upsert.excluded[k] for k in ("answer", "section_id", "answered_at")},
                )
            )

    def answer_for(self, session_token: str, article_id: str, tier: str) -> str | None:
        """This session's saved answer for the article and tier, read from the database."""
        query = select(answers.c.answer).where(
            answers.c.session_token == session_token,
            answers.c.article_id == article_id,
            answers.c.tier == tier,
        )
        try:
            with self.engine.connect() as conn:
                return conn.scalar(query)
        except SQLAlchemyError as exc:
            raise Unavailable(f"could not read the answer: {type(exc).__name__}") from exc

    def summary(self) -> list[SummaryRow]:
        """One row per article and tier with at least one answer; articles A-Z, tiers in order."""
        query = select(
            answers.c.article_id, answers.c.tier, answers.c.answer, func.count()
        ).group_by(answers.c.article_id, answers.c.tier, answers.c.answer)
        counts: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        with self.engine.connect() as conn:
            for article_id, tier, answer, n in conn.execute(query):
                counts[(article_id, tier)][answer] = n
        rows = [
            SummaryRow(article, tier, *(found.get(a, 0) for a in ANSWERS))
            for (article, tier), found in counts.items()
        ]
        return sorted(rows, key=lambda r: (r.article, _tier_order(r.tier), r.tier))

    def hardest_sections(self) -> dict[tuple[str, str], list[tuple[str, int]]]:
        """Sections readers named hardest, most often first, per article and tier."""
        query = (
            select(answers.c.article_id, answers.c.tier, answers.c.section_id, func.count())
            .where(answers.c.section_id.is_not(None))
            .group_by(answers.c.article_id, answers.c.tier, answers.c.section_id)
        )
        named: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        with self.engine.connect() as conn:
            for article_id, tier, section_id, n in conn.execute(query):
                named[(article_id, tier)].append((section_id, n))
        return {key: sorted(v, key=lambda s: (-s[1], s[0])) for key, v in named.items()}

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(answers))

    def purge(self, older_than_days: int) -> int:
        """Delete answers older than the given number of days; returns how many."""
        if older_than_days < 0:
            raise ValueError("older_than_days must be 0 or more")
        now = utc_now()
        with write_turn(self.engine), self.engine.execution_options(**WRITE).begin() as conn:
            cutoff = now - timedelta(days=older_than_days)
            deleted = conn.execute(delete(answers).where(answers.c.answered_at < cutoff)).rowcount
            # Teach-back answers (issue 21) follow the same retention.
            deleted += conn.execute(
                delete(comprehension).where(comprehension.c.answered_at < cutoff)
            ).rowcount
            conn.execute(delete(writes).where(writes.c.written_at <= now - RATE_WINDOW))
        return deleted


def _tier_order(tier: str) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


def summary_csv(rows: list[SummaryRow]) -> str:
    """The summary as CSV: the CLI prints it and the editor page offers it for download."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SUMMARY_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row.to_dict() for row in rows)
    return out.getvalue()
