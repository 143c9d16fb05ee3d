"""People who edit and review, and signing them in.

Passwords are kept only as Argon2 hashes (argon2-cffi) in `editorial_accounts`; nothing else
stores or logs a password or a hash. Five wrong passwords lock an account for 15 minutes,
counted in the database so replicas agree. A wrong password, an unknown name and a locked
account get the same answer, and the name typed for an unknown account is not stored.

The rest of the app asks for `Person` (who is signed in, and their roles), never for a password,
so an identity provider (Streamlit's `st.login` with OIDC) can replace `authenticate` later.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, insert, select, update

from editorial.audit import record
from editorial.schema import NAME_LENGTH, accounts
from feedback.db import WRITE, engine_for, write_turn

ROLES = ("editor", "reviewer", "admin")
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 12
MAX_PASSWORD = 1000
SIGN_IN_FAILED = "That user name and password did not work. Check them and try again."
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_hasher = PasswordHasher()
# Verified against when the name is unknown, so both answers take about the same time.
_DUMMY_HASH = _hasher.hash("not a real password, only for equal timing")


class AccountError(ValueError):
    """A request about an account that cannot be met; the message says why, never a secret."""


@dataclass(frozen=True)
class Person:
    """The signed-in person as the rest of the app sees them: who, and what they may do."""

    id: int
    name: str
    display_name: str
    title: str | None
    roles: frozenset[str]

    def may(self, role: str) -> bool:
        return role in self.roles

    @property
    def credit(self) -> str:
        """ "Dr Ana Ruiz, general practitioner": how readers see a reviewer."""
        return f"{self.display_name}, {self.title}" if self.title else self.display_name


def now() -> datetime:
    """UTC without tzinfo, as stored (SQLite keeps no zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


def clean_name(name: str) -> str:
    """A user name as stored: NFKC, lower case; letters, digits, dot, dash, underscore."""
    cleaned = unicodedata.normalize("NFKC", name or "").strip().casefold()
    if not _NAME.match(cleaned):
        raise AccountError(
            f"a user name is 1 to {NAME_LENGTH} letters, digits, '.', '-' or '_', "
            "starting with a letter or digit"
        )
    return cleaned


def clean_text(value: str | None, field: str, limit: int = 200) -> str | None:
    """Display names and titles: any Unicode, no control characters, at most `limit` long."""
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise AccountError(f"{field} has control characters")
    if len(text) > limit:
        raise AccountError(f"{field} is longer than {limit} characters")
    return text or None


def _check_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")


def _roles(roles: list[str] | tuple[str, ...]) -> str:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown or not roles:
        raise AccountError(f"roles are one or more of {', '.join(ROLES)} (got {unknown or 'none'})")
    return " ".join(r for r in ROLES if r in roles)


def _person(row) -> Person:  # noqa: ANN001 (a SQLAlchemy row)
    return Person(row.id, row.name, row.display_name, row.title, frozenset(row.roles.split()))


def add_user(
    name: str,
    password: str,
    roles: list[str],
    display_name: str | None = None,
    title: str | None = None,
    *,
    by: Person | None = None,
    engine: Engine | None = None,
) -> Person:
    """Create an account; the password is hashed before it goes anywhere."""
    name = clean_name(name)
    _check_password(password)
    shown = clean_text(display_name, "display name") or name
    engine = engine or engine_for()
    with write_turn(engine), engine.connect().execution_options(**WRITE) as conn:
        if conn.execute(select(accounts.c.id).where(accounts.c.name == name)).first():
            raise AccountError(f"there is already an account named {name!r}")
        result = conn.execute(
            insert(accounts).values(
                name=name,
                display_name=shown,
                title=clean_text(title, "title"),
                roles=_roles(roles),
                password_hash=_hasher.hash(password),
                active=True,
                failed_attempts=0,
                locked_until=None,
                created_at=now(),
            )
        )
        account_id = int(result.inserted_primary_key[0])
        record(conn, by.id if by else None, "account-created", note=f"{name} ({_roles(roles)})")
        conn.commit()
        row = conn.execute(select(accounts).where(accounts.c.id == account_id)).one()
    return _person(row)


def _account(conn: Connection, name: str):  # noqa: ANN202
    row = conn.execute(select(accounts).where(accounts.c.name == clean_name(name))).first()
    if row is None:
        raise AccountError(f"no account named {name!r}")
    return row


def set_password(
    name: str, password: str, *, by: Person | None = None, engine: Engine | None = None
) -> None:
    """A new password (and the lock lifted); recorded in the audit trail without the password."""
    _check_password(password)
    engine = engine or engine_for()
    with write_turn(engine), engine.connect().execution_options(**WRITE) as conn:
        row = _account(conn, name)
        conn.execute(
            update(accounts)
            .where(accounts.c.id == row.id)
            .values(password_hash=_hasher.hash(password), failed_attempts=0, locked_until=None)
        )
        record(conn, by.id if by else None, "password-set", note=row.name)
        conn.commit()


def disable(name: str, *, by: Person | None = None, engine: Engine | None = None) -> None:
    """Disable an account: it cannot sign in, act, or keep its approvals live."""
    engine = engine or engine_for()
    with write_turn(engine), engine.connect().execution_options(**WRITE) as conn:
        row = _account(conn, name)
        conn.execute(update(accounts).where(accounts.c.id == row.id).values(active=False))
        record(conn, by.id if by else None, "account-disabled", note=row.name)
        conn.commit()


def list_users(engine: Engine | None = None) -> list[dict[str, object]]:
    """Every account, without its hash."""
    engine = engine or engine_for()
    with engine.connect() as conn:
        rows = conn.execute(select(accounts).order_by(accounts.c.name)).all()
    return [
        {
            "name": r.name,
            "display_name": r.display_name,
            "title": r.title,
            "roles": r.roles.split(),
            "active": bool(r.active),
            "locked": bool(r.locked_until and r.locked_until > now()),
        }
        for r in rows
    ]


def active_person(person_id: int, engine: Engine | None = None) -> Person | None:
    """The person as the database has them now, or None if disabled or gone: every action
    asks again, so a reviewer disabled mid-session cannot act."""
    engine = engine or engine_for()
    with engine.connect() as conn:
        row = conn.execute(select(accounts).where(accounts.c.id == person_id)).first()
    return _person(row) if row is not None and row.active else None


def authenticate(name: str, password: str, engine: Engine | None = None) -> Person | None:
    """The person, if the name and password match an active, unlocked account; else None.

    Every outcome is audited: a sign-in, a failure (with the account when it exists), a lock.
    An unknown name is audited with no actor and without the name that was typed.
    """
    engine = engine or engine_for()
    try:
        key = clean_name(name)
    except AccountError:
        key = None
    with write_turn(engine), engine.connect().execution_options(**WRITE) as conn:
        row = conn.execute(select(accounts).where(accounts.c.name == key)).first() if key else None
        if row is None:
            _verify(_DUMMY_HASH, password)
            record(conn, None, "sign-in-failed", note="unknown user name")
            conn.commit()
            return None
        if not row.active:
            record(conn, row.id, "sign-in-failed", note="account disabled")
            conn.commit()
            return None
        if row.locked_until and row.locked_until > now():
            record(conn, row.id, "sign-in-failed", note="account locked")
            conn.commit()
            return None
        if not _verify(row.password_hash, password):
            failures = row.failed_attempts + 1
            locked = now() + LOCK_FOR if failures >= MAX_FAILURES else None
            conn.execute(
                update(accounts)
                .where(accounts.c.id == row.id)
                .values(failed_attempts=0 if locked else failures, locked_until=locked)
            )
            record(conn, row.id, "sign-in-failed", note="wrong password")
            if locked:
                record(conn, row.id, "account-locked", note=f"{MAX_FAILURES} wrong passwords")
            conn.commit()
            return None
        conn.execute(
            update(accounts)
            .where(accounts.c.id == row.id)
            .values(failed_attempts=0, locked_until=None)
        )
        record(conn, row.id, "sign-in")
        conn.commit()
        return _person(row)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
