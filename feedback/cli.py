"""`python -m feedback migrate | summary [--format table|csv|json] | comprehension [--format
table|csv|json] | purge --older-than DAYS`."""

from __future__ import annotations

import argparse
import json
import sys

from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from feedback.comprehension import COMPREHENSION_FIELDS, comprehension_csv, question_rows
from feedback.db import database_url, engine_for
from feedback.store import (
    RETENTION_ENV,
    SUMMARY_FIELDS,
    Store,
    SummaryRow,
    Unavailable,
    retention_days,
    summary_csv,
)


def summary_table(rows: list[SummaryRow]) -> str:
    """Aligned columns for a terminal; numbers right-aligned."""
    cells = [list(SUMMARY_FIELDS)] + [[str(v) for v in r.to_dict().values()] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(SUMMARY_FIELDS))]
    lines = []
    for row in cells:
        text = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(text).rstrip())
    return "\n".join(lines) + "\n"


def _table(fields: tuple[str, ...], rows: list[dict]) -> str:
    """Aligned columns for a terminal: text left, numbers right."""
    cells = [list(fields)] + [[str(row[f]) for f in fields] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(fields))]
    numeric = [bool(rows) and isinstance(rows[0][f], int | float) for f in fields]
    return (
        "\n".join(
            "  ".join(
                c.rjust(w) if num else c.ljust(w)
                for c, w, num in zip(line, widths, numeric, strict=True)
            ).rstrip()
            for line in cells
        )
        + "\n"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m feedback",
        description="Readers' answers to 'Was this page right for you?' (database: DATABASE_URL, "
        "default SQLite under $XDG_DATA_HOME/tiered-reader/feedback.db).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or upgrade the schema (also done on first use)")
    summary = commands.add_parser("summary", help="answers per article and tier")
    summary.add_argument("--format", choices=("table", "csv", "json"), default="table")
    understood = commands.add_parser(
        "comprehension", help="teach-back answers per article, tier and question"
    )
    understood.add_argument("--format", choices=("table", "csv", "json"), default="table")
    purge = commands.add_parser("purge", help="delete answers older than DAYS days")
    purge.add_argument(
        "--older-than",
        type=int,
        metavar="DAYS",
        default=None,
        help=f"days to keep (default: {RETENTION_ENV}, else 365)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "migrate":
            try:
                engine_for(database_url())
            except (SQLAlchemyError, OSError, CommandError) as exc:
                raise Unavailable(f"cannot migrate: {type(exc).__name__}") from exc
            print(f"feedback database is up to date ({_safe_url()})")
            return 0
        store = Store.open()
        if args.command == "summary":
            rows = store.summary()
            if args.format == "json":
                print(json.dumps([r.to_dict() for r in rows], indent=2))
            elif args.format == "csv":
                sys.stdout.write(summary_csv(rows))
            else:
                sys.stdout.write(summary_table(rows))
            return 0
        if args.command == "comprehension":
            found = question_rows(store)
            if args.format == "json":
                print(json.dumps([r.to_dict() for r in found], indent=2))
            elif args.format == "csv":
                sys.stdout.write(comprehension_csv(found))
            else:
                sys.stdout.write(_table(COMPREHENSION_FIELDS, [r.to_dict() for r in found]))
            return 0
        days = retention_days() if args.older_than is None else args.older_than
        if days < 0:
            print("error: --older-than must be 0 or more days", file=sys.stderr)
            return 2
        deleted = store.purge(days)
        print(f"deleted {deleted} answers older than {days} days")
        return 0
    except (Unavailable, ValueError) as exc:
        print(f"error: {exc} ({_safe_url()})", file=sys.stderr)
        return 1


def _safe_url() -> str:
    """The database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(database_url()).render_as_string(hide_password=True)
    except Exception:  # a malformed URL: say so rather than echo it
        return "DATABASE_URL (unparseable)"
