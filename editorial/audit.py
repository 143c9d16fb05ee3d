"""The audit trail: one row per editorial event, only ever inserted.

No code path updates or deletes `editorial_audit` (a test reads this package's source for it).
`python -m editorial log` and `/editor?view=history` read the same rows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from editorial.schema import NOTE_LENGTH, accounts, audit
from feedback.db import engine_for

ACTIONS = (
    "sign-in",
    "sign-in-failed",
    "account-locked",
    "sign-out",
    "account-created",
    "account-disabled",
    "password-set",
    "submitted",
    "approved",
    "changes-requested",
    "action-refused",
    "saved",
)
LOG_FIELDS = ("time", "actor", "action", "article", "file_hash", "note", "previous_hash")


def record(
    conn: Connection,
    actor_id: int | None,
    action: str,
    article_id: str | None = None,
    file_hash: str | None = None,
    note: str | None = None,
    previous_hash: str | None = None,
) -> None:
    """Insert one audit row in the caller's transaction (committed with the action itself).
    `previous_hash` is the file's hash before an event that changed it (a save)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(
        insert(audit).values(
            at=datetime.now(UTC).replace(tzinfo=None),
            actor_id=actor_id,
            action=action,
            article_id=article_id,
            file_hash=file_hash,
            note=(note or None) and note[:NOTE_LENGTH],
            previous_hash=previous_hash,
        )
    )


def log_rows(article_id: str | None = None, engine: Engine | None = None) -> list[dict[str, Any]]:
    """Audit rows, newest first: `{time, actor, action, article, file_hash, note,
    previous_hash}`; `actor` is the account's name, or None for an unknown name; `file_hash` is
    the file's hash at the event (after it, for a save) and `previous_hash` the one before a save.
    """
    engine = engine or engine_for()
    query = (
        select(audit, accounts.c.name.label("actor_name"))
        .select_from(audit.outerjoin(accounts, accounts.c.id == audit.c.actor_id))
        .order_by(audit.c.at.desc(), audit.c.id.desc())
    )
    if article_id is not None:
        query = query.where(audit.c.article_id == article_id)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        {
            "time": row.at.replace(tzinfo=UTC).isoformat(timespec="seconds"),
            "actor": row.actor_name,
            "action": row.action,
            "article": row.article_id,
            "file_hash": row.file_hash,
            "note": row.note,
            "previous_hash": row.previous_hash,
        }
        for row in rows
    ]
