"""Review states bound to the exact bytes of an article file.

Submit for review, Request changes and Approve are database records keyed by (article id,
SHA-256 of the file's bytes); none of them writes the article file (a save from the writing
desk does: `editorial.save`). What a reader sees is the strongest of: a live approval (for the
current bytes, by a reviewer still active) > a submission for the current bytes > the status
written in the file. Edit the file after approval, by hand or by a save in the app, and the
approval no longer matches: readers see the pending notice again, with the date it was last
reviewed.
"""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, and_, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

import content
from editorial.accounts import Person, active_person, clean_text, now
from editorial.audit import record
from editorial.schema import NOTE_LENGTH, accounts, approvals, change_requests, submissions
from feedback.db import WRITE, _sqlite_file, database_url, engine_for, write_turn

REVIEW_INTERVAL = timedelta(days=365)
READ_TIMEOUT_S = 1.0  # a reader page waits at most this long for the review record
KEEP_FOR_S = 5.0  # and keeps what it read this long per process
CHANGED = "this article changed since you opened it: reload it and look again"


class ReviewRefused(Exception):
    """An editorial action that was not recorded; `reasons` says why, in plain words."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class ReviewState:
    """What readers are told about review. `kind`: approved | submitted | file."""

    kind: str
    reviewer: str | None = None  # "Dr Ana Ruiz, general practitioner"
    reviewed_on: date | None = None
    next_review: date | None = None
    last_reviewed_on: date | None = None  # an older approval, of other bytes

    @property
    def approved(self) -> bool:
        return self.kind == "approved"

    def overdue(self, today: date | None = None) -> bool:
        return bool(self.next_review and (today or date.today()) > self.next_review)


PENDING = ReviewState("file")


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, as hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def article_path(article_id: str) -> Path:
    return content.content_dir() / f"{article_id}.yaml"


def current_hash(article_id: str) -> str | None:
    try:
        return file_hash(article_path(article_id))
    except OSError:
        return None


def _note(note: str | None, required: bool = False) -> str | None:
    text = clean_text_note(note)
    if required and not text:
        raise ReviewRefused(["say what needs to change (a note is required)"])
    return text


def clean_text_note(note: str | None) -> str | None:
    """A note: any Unicode text, stripped, at most NOTE_LENGTH characters, never HTML."""
    if note is None:
        return None
    text = note.replace("\r\n", "\n").strip()
    if len(text) > NOTE_LENGTH:
        raise ReviewRefused([f"a note has at most {NOTE_LENGTH} characters"])
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise ReviewRefused(["a note cannot hold control characters"])
    return text or None


def _actor(person: Person, role: str, engine: Engine) -> Person:
    current = active_person(person.id, engine)
    if current is None:
        raise ReviewRefused(["your account is disabled: sign in again or ask an admin"])
    if not current.may(role):
        raise ReviewRefused([f"this needs the {role} role"])
    return current


def _same_bytes(article_id: str, opened_hash: str) -> str:
    now_hash = current_hash(article_id)
    if now_hash is None:
        raise ReviewRefused([f"there is no article {article_id!r}"])
    if now_hash != opened_hash:
        raise ReviewRefused([CHANGED])
    return now_hash


def approval_blockers(article_id: str) -> list[str]:
    """Why an article cannot be approved now: validation errors and check errors."""
    from readability.checks import check_article

    result = content.load_article(article_path(article_id))
    reasons = [f"validation: {p}" for p in result.problems if p.severity == "error"]
    if result.article is not None:
        reasons += [
            f"check {f.rule} ({f.tier or 'all tiers'}, {f.section or 'whole article'}): {f.message}"
            for f in check_article(result.article)
            if f.gates
        ]
    return reasons


def submit(
    person: Person,
    article_id: str,
    opened_hash: str,
    note: str | None = None,
    engine: Engine | None = None,
) -> None:
    """Submit for review: the editor says these bytes are ready for a reviewer."""
    engine = engine or engine_for()
    actor = _actor(person, "editor", engine)
    text = _note(note)
    hashed = _same_bytes(article_id, opened_hash)
    with write_turn(engine), engine.connect().execution_options(**WRITE) as conn:
        conn.execute(
            insert(submissions).values(
                article_id=article_id, file_hash=hashed, by_id=actor.id, at=now(), note=text
            )
        )
        record(conn, actor.id, "submitted", article_id, hashed, text)
        conn.commit()
    _forget(article_id)


def request_changes(
    person: Person,
    article_id: str,
    opened_hash: str,
    note: str,
    engine: Engine | None = None,
) -> None:
    """A reviewer sends the article back; the note says what to change."""
    engine = engine or engine_for()
    actor = _actor(person, "reviewer", engine)
    text = _note(note, required=True)
    hashed = _same_bytes(article_id, opened_hash)
    with write_turn(engine), engine.connect().execution_options(**WRITE) as conn:
        conn.execute(
            insert(change_requests).values(
                article_id=article_id, file_hash=hashed, reviewer_id=actor.id, at=now(), note=text
            )
        )
        record(conn, actor.id, "changes-requested", article_id, hashed, text)
        conn.commit()


def approve(
    person: Person,
    article_id: str,
    opened_hash: str,
    note: str | None = None,
    next_review: date | None = None,
    engine: Engine | None = None,
) -> bool:
    """A reviewer vouches for these exact bytes. False when this reviewer had already approved
    them (a double click records one approval, one audit row)."""
    engine = engine or engine_for()
    actor = _actor(person, "reviewer", engine)
    text = _note(note)
    due = next_review or (date.today() + REVIEW_INTERVAL)
    if due <= date.today():
        raise ReviewRefused(["the next review date must be in the future"])
    hashed = _same_bytes(article_id, opened_hash)
    if blockers := approval_blockers(article_id):
        raise ReviewRefused(blockers)
    try:
        with write_turn(engine), engine.connect().execution_options(**WRITE) as conn:
            conn.execute(
                insert(approvals).values(
                    article_id=article_id,
                    file_hash=hashed,
                    reviewer_id=actor.id,
                    at=now(),
                    note=text,
                    next_review=due,
                )
            )
            record(conn, actor.id, "approved", article_id, hashed, text)
            conn.commit()
    except IntegrityError:
        return False
    _forget(article_id)
    return True


def _state(engine: Engine, article_id: str, hashed: str | None) -> ReviewState:
    live = (
        select(approvals, accounts.c.display_name, accounts.c.title)
        .join(accounts, accounts.c.id == approvals.c.reviewer_id)
        .where(approvals.c.article_id == article_id, accounts.c.active.is_(True))
        .order_by(approvals.c.at.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(live).all()
        current = [r for r in rows if r.file_hash == hashed]
        older = [r for r in rows if r.file_hash != hashed]
        last = older[0].at.date() if older else None
        if current:
            row = current[0]
            credit = f"{row.display_name}, {row.title}" if row.title else row.display_name
            return ReviewState("approved", credit, row.at.date(), row.next_review, last)
        submitted = conn.execute(
            select(submissions.c.id).where(
                and_(submissions.c.article_id == article_id, submissions.c.file_hash == hashed)
            )
        ).first()
    return ReviewState("submitted" if submitted else "file", last_reviewed_on=last)


# Per process and database: (article id, database URL) -> (when read, file hash, state).
_known: dict[tuple[str, str], tuple[float, str | None, ReviewState]] = {}
_known_lock = threading.Lock()
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="review-read")


def _forget(article_id: str) -> None:
    with _known_lock:
        for key in [k for k in _known if k[0] == article_id]:
            del _known[key]


def reader_state(article_id: str, engine: Engine | None = None) -> ReviewState:
    """What readers see about review, read with a 1 s limit and kept 5 s per process. If the
    database cannot answer, the last state read (or pending) is served, never an error."""
    hashed = current_hash(article_id)
    try:
        if engine is None:
            # A reader never writes: no migration, and no SQLite file created just to read.
            url = database_url()
            sqlite_file = _sqlite_file(url)
            if sqlite_file is not None and not sqlite_file.exists():
                return PENDING
            engine = engine_for(url, migrate_now=False)
    except Exception:  # no database at all: readers see the file's own stage
        return PENDING
    key = (article_id, str(engine.url))
    with _known_lock:
        kept = _known.get(key)
    if kept and kept[1] == hashed and time.monotonic() - kept[0] < KEEP_FOR_S:
        return kept[2]
    try:
        state = _pool.submit(_state, engine, article_id, hashed).result(timeout=READ_TIMEOUT_S)
    except (FutureTimeout, SQLAlchemyError, OSError, TimeoutError, RuntimeError):
        return kept[2] if kept and kept[1] == hashed else PENDING
    with _known_lock:
        _known[key] = (time.monotonic(), hashed, state)
    return state


__all__ = [
    "CHANGED",
    "PENDING",
    "ReviewRefused",
    "ReviewState",
    "approval_blockers",
    "approve",
    "article_path",
    "clean_text",
    "current_hash",
    "file_hash",
    "reader_state",
    "request_changes",
    "submit",
]
