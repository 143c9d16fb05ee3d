"""`python -m editorial migrate | users add|list|disable|set-password | log`.

Passwords come from a prompt on a terminal, otherwise from the first line of standard input;
never from an argument (it would sit in the shell history and the process list).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from editorial.accounts import ROLES, AccountError, add_user, disable, list_users, set_password
from editorial.audit import LOG_FIELDS, log_rows
from feedback.db import database_url, engine_for


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m editorial",
        description="Editors, reviewers and the audit trail (database: DATABASE_URL, default "
        "SQLite under $XDG_DATA_HOME/tiered-reader/feedback.db).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or upgrade the schema (the same as feedback's)")
    users = commands.add_parser("users", help="manage accounts").add_subparsers(
        dest="action", required=True
    )
    add = users.add_parser("add", help="create an account (password from a prompt or stdin)")
    add.add_argument("name")
    add.add_argument("--role", action="append", choices=ROLES, required=True)
    add.add_argument("--display-name", default=None)
    add.add_argument("--title", default=None)
    listing = users.add_parser("list", help="every account, without secrets")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    users.add_parser("disable", help="disable an account").add_argument("name")
    users.add_parser("set-password", help="set a new password").add_argument("name")
    log = commands.add_parser("log", help="the audit trail, newest first")
    log.add_argument("--article", default=None)
    log.add_argument("--format", choices=("table", "json"), default="table")
    return parser


def read_password() -> str:
    """From a prompt on a terminal (typed twice), else the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise AccountError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _table(fields: tuple[str, ...], rows: list[dict]) -> str:
    cells = [list(fields)] + [["" if r[f] is None else str(r[f]) for f in fields] for r in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(fields))]
    return (
        "\n".join(
            "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
            for line in cells
        )
        + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "migrate":
            engine_for(database_url())
            print("editorial and feedback tables are up to date")
        elif args.command == "log":
            rows = log_rows(args.article)
            if args.format == "json":
                print(json.dumps(rows, indent=2, ensure_ascii=False))
            else:
                sys.stdout.write(_table(LOG_FIELDS, rows))
        elif args.action == "add":
            person = add_user(args.name, read_password(), args.role, args.display_name, args.title)
            print(f"created {person.name} ({', '.join(sorted(person.roles))})")
        elif args.action == "list":
            rows = list_users()
            if args.format == "json":
                print(json.dumps(rows, indent=2, ensure_ascii=False))
            else:
                fields = ("name", "display_name", "title", "roles", "active", "locked")
                shown = [{**r, "roles": " ".join(r["roles"])} for r in rows]
                sys.stdout.write(_table(fields, shown))
        elif args.action == "disable":
            disable(args.name)
            print(f"disabled {args.name}")
        else:
            set_password(args.name, read_password())
            print(f"password set for {args.name}")
        return 0
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, OSError, CommandError, TimeoutError) as exc:
        print(f"error: the database is unavailable ({type(exc).__name__})", file=sys.stderr)
        return 1
