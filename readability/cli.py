"""`python -m readability score|report|check`: the command-line contracts over readability."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from content.loader import (
    LoadResult,
    article_files,
    content_dir,
    display_path,
)
from content.model import TIERS
from readability.batch import REPORT, default_workers, file_outcomes, report_parts
from readability.report import (
    COLUMNS,
    failing_rows,
    joined_report_json,
    report_csv,
)
from readability.scores import score_markdown
from readability.targets import target_for

if TYPE_CHECKING:
    from readability.checks import Finding


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
            "goal",
            "limit",
            "verdict",
        ]
    ]
    return shown.to_string(index=False, float_format=lambda v: f"{v:.1f}", na_rep="-")


def _progress_bar(total: int, label: str = "scoring") -> Callable[[int], None] | None:
    """A one-line progress bar on a terminal's stderr; silent when piped or for one article."""
    if total < 2 or not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        filled = round(30 * done / total)
        end = "\n" if done == total else ""
        print(
            f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}",
            end=end,
            file=sys.stderr,
            flush=True,  # stderr is line-buffered: without it the bar shows only when done
        )

    return show


def _files(paths: list[str]) -> list[Path] | None:
    """The article files under the given paths (default: the content folder); None, with a
    message, if a path does not exist."""
    folders = [Path(p) for p in paths] or [content_dir()]
    for path in folders:
        if not path.exists():
            print(f"error: no such file or folder: {path}", file=sys.stderr)
            return None
    return article_files(folders)


def _report_load_failures(failures: list[LoadResult]) -> None:
    """Name each file that failed to load, then its problems, each with its own severity."""
    for failed in failures:
        print(f"skipped: {display_path(failed.path)} failed to load", file=sys.stderr)
        for problem in failed.problems:
            print(f"  {problem}", file=sys.stderr)


def cmd_report(args: argparse.Namespace) -> int:
    files = _files([args.path] if args.path else [])
    if files is None:
        return 2
    outcomes = file_outcomes(files, REPORT, workers=args.jobs, progress=_progress_bar(len(files)))
    parts, failures = report_parts(outcomes)
    _report_load_failures(failures)
    text = joined_report_json(parts)
    if args.format == "json":
        print(text)  # the JSON as cached per file: a warm run builds no rows
        if not args.check:
            return 0
    rows = json.loads(text)  # the same rows `report_rows` builds (tests/test_batch.py)
    if args.format == "csv":
        print(report_csv(rows), end="")
    elif args.format == "table":
        print(_table(rows) if rows else "no articles")
    if args.check:
        failing = failing_rows(rows)
        for row in failing:
            print(
                f"miss: {row['article']} {row['tier']}: grade {row['consensus_grade']:.1f} "
                f"above {row['target']:g}",
                file=sys.stderr,
            )
        return 1 if failing or failures else 0
    return 0


def _finding_line(finding: Finding) -> str:
    where = " ".join(p for p in (finding.article, finding.tier, finding.section) if p)
    status = f"accepted {finding.severity}" if finding.accepted else finding.severity
    line = f"{status}: {where}: {finding.rule}: {finding.message}"
    if finding.excerpt:
        line += f'\n    "{finding.excerpt}"'
    if finding.accepted:
        line += f"\n    accepted because: {finding.why}"
    return line


STDIN = "-"


def _check_stdin(tier: str) -> tuple[list[Finding], str]:
    """The article-free findings of the text on standard input, as one tier's text."""
    from readability.checks.text_rules import check_text

    return check_text(sys.stdin.read(), tier), "standard input"


def cmd_check(args: argparse.Namespace) -> int:
    # Imported here: the word-frequency data the checks need would slow `score` and `report`.
    from readability.checks import check_files

    if STDIN in args.paths:
        findings, checked = _check_stdin(args.tier)
    else:
        files = _files(args.paths)
        if files is None:
            return 2
        findings = check_files(
            files, workers=args.jobs, progress=_progress_bar(len(files), "checking")
        )
        if args.tier:
            # A file that fails to load has no tier, and still fails the check.
            findings = [f for f in findings if f.tier == args.tier or f.rule == "load"]
        checked = f"{len(files)} article file(s)"
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
    elif not findings:
        print(f"no findings: {checked} checked")
    else:
        for finding in findings:
            print(_finding_line(finding))
        counted = [f for f in findings if not f.accepted]
        errors = sum(f.severity == "error" for f in counted)
        print(
            f"{errors} error(s), {len(counted) - errors} warning(s), "
            f"{len(findings) - len(counted)} accepted, in {checked}"
        )
    return 1 if any(f.gates for f in findings) else 0


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {value!r}")
    return number


def _add_jobs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs",
        type=_positive,
        default=default_workers(),
        metavar="N",
        help="worker processes for files not seen before (default: one per CPU; 1: none)",
    )


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
    _add_jobs(report)
    report.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a whole tier misses its target or an article file fails to load",
    )
    report.set_defaults(func=cmd_report)

    check = sub.add_parser(
        "check",
        help="editorial checks; exit 1 on any error finding",
        description="Editorial checks of article files, or of one text on standard input (-) "
        "with the rules that need no article. Exit 1 on any error finding.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files or folders (default: the content folder), or - for a plain or "
        "Markdown text on standard input (needs --tier)",
    )
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument(
        "--tier",
        choices=TIERS,
        help="the tier a text on standard input is written for; with files, keep only this "
        "tier's findings",
    )
    _add_jobs(check)
    check.set_defaults(func=cmd_check, validate=lambda args: _validate_check(check, args))
    return parser


def _validate_check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Standard input is one text of one tier: it needs --tier and cannot mix with files."""
    if STDIN not in args.paths:
        return
    if len(args.paths) > 1:
        parser.error("'-' (standard input) cannot be combined with file paths")
    if not args.tier:
        parser.error("--tier is required when the text comes from standard input ('-')")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if validate := getattr(args, "validate", None):
        validate(args)
    return args.func(args)
