"""`python -m readability score|report`: the command-line contracts over readability."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from content.loader import content_dir, load_library
from content.model import TIERS
from readability.report import COLUMNS, failing_rows, report_rows
from readability.scores import score_markdown
from readability.targets import target_for


def cmd_score(args: argparse.Namespace) -> int:
    if args.file in (None, "-"):
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
            return 2
    scores = score_markdown(text)
    result: dict[str, Any] = scores.to_dict()
    if args.tier:
        result.update(tier=args.tier, **target_for(args.tier).judgement(scores.consensus_grade))
    print(json.dumps(result, indent=2))
    return 0


def _table(rows: list[dict[str, Any]]) -> str:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(COLUMNS)).fillna({"section": "(whole tier)"})
    shown = frame[
        [
            "article",
            "tier",
            "section",
            "consensus_grade",
            "flesch_kincaid_grade",
            "flesch_reading_ease",
            "smog_index",
            "words",
            "sentences",
            "target",
            "verdict",
        ]
    ]
    return shown.to_string(index=False, float_format=lambda v: f"{v:.1f}", na_rep="-")


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _progress_bar(total: int) -> Callable[[int], None] | None:
    """A one-line progress bar on a terminal's stderr; silent when piped or for one article."""
    if total < 2 or not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        filled = round(30 * done / total)
        end = "\n" if done == total else ""
        print(
            f"\rscoring [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}",
            end=end,
            file=sys.stderr,
        )

    return show


def cmd_report(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else content_dir()
    if not path.exists():
        print(f"error: no such file or folder: {path}", file=sys.stderr)
        return 2
    library = load_library(path)
    for failed in library.failed:
        for problem in failed.problems:
            print(f"skipped: {problem}", file=sys.stderr)
    rows = report_rows(library.articles.values(), _progress_bar(len(library.articles)))
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    elif args.format == "csv":
        print(_csv(rows), end="")
    else:
        print(_table(rows) if rows else "no articles")
    if args.check:
        failing = failing_rows(rows)
        for row in failing:
            print(
                f"miss: {row['article']} {row['tier']}: grade {row['consensus_grade']:.1f} "
                f"above {row['target']:g}",
                file=sys.stderr,
            )
        return 1 if failing else 0
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m readability", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="score one Markdown text; print JSON")
    score.add_argument("file", nargs="?", metavar="FILE|-", help="default: standard input")
    score.add_argument("--tier", choices=TIERS, help="add the verdict against this tier's target")
    score.set_defaults(func=cmd_score)

    report = sub.add_parser("report", help="score every article × tier × section")
    report.add_argument("path", nargs="?", metavar="PATH", help="article file or folder")
    report.add_argument("--format", choices=["table", "csv", "json"], default="table")
    report.add_argument("--check", action="store_true", help="exit 1 if a whole tier misses")
    report.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
