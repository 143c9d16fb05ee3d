"""`python -m content validate|export|import|schema`: the command-line contracts over articles."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from content.export import export_article
from content.loader import content_dir, load_article, load_library
from content.model import Article
from content.problems import has_errors

SCHEMA_FILE = Path(__file__).with_name("schema.json")


def article_schema() -> dict[str, Any]:
    """JSON Schema of the article format, generated from the model so it never drifts."""
    schema = Article.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Tiered health article"
    return schema


def schema_text() -> str:
    return json.dumps(article_schema(), indent=2, ensure_ascii=False) + "\n"


class _BlockTextDumper(yaml.SafeDumper):
    """Multi-line text as `|` blocks, the way writers fill in tiers by hand."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockTextDumper.add_representer(str, _represent_text)


def to_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_BlockTextDumper, sort_keys=False, allow_unicode=True, width=100)


def dump(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False)
    return to_yaml(data)


def cmd_validate(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [content_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    library = load_library(*paths)
    problems = library.problems
    if args.format == "json":
        print(json.dumps([p.to_dict() for p in problems], indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem)
        errors = sum(p.severity == "error" for p in problems)
        summary = (
            f"{len(library.results)} file(s), {len(library.articles)} article(s) valid, "
            f"{errors} error(s), {len(problems) - errors} warning(s)"
        )
        print(summary, file=sys.stderr)
    return 1 if has_errors(problems) else 0


def resolve_article(file_or_id: str) -> Path:
    """An existing path as given; otherwise an id looked up among the library's files."""
    path = Path(file_or_id)
    if path.is_file():
        return path
    for result in load_library().results:
        if result.article is not None and result.article.id == file_or_id:
            return result.path
    raise FileNotFoundError(f"no article file or id {file_or_id!r} in {content_dir()}")


def cmd_export(args: argparse.Namespace) -> int:
    try:
        result = load_article(resolve_article(args.article))
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if result.article is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 1
    print(dump(export_article(result.article, result.problems), args.format))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from content.importer import PageExportError, import_page_export

    source = Path(args.source)
    output = Path(args.output) if args.output else None
    # A named file (`-o drafts/name.yaml`) fixes the id, so the draft passes validation at once.
    named = output is not None and output.suffix in {".yaml", ".yml"} and not output.is_dir()
    if named and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", output.stem):
        print(
            f"error: {output.name}: a file name must be an article id "
            "(lower-case letters, digits and hyphens)",
            file=sys.stderr,
        )
        return 1
    try:
        draft, problems = import_page_export(source, output.stem if named else None)
    except (PageExportError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = to_yaml(draft)
    for problem in problems:
        print(problem, file=sys.stderr)
    if output is not None:
        if args.output.endswith(("/", "\\")):
            output.mkdir(parents=True, exist_ok=True)
        if output.is_dir():  # a folder: name the file after the draft's id, as loading expects
            output = output / f"{draft['id']}.yaml"
        if output.exists() and not args.force:
            print(f"error: {output} exists; pass --force to overwrite it", file=sys.stderr)
            return 1
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    else:
        print(text, end="")
    return 1 if has_errors(problems) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    if args.write:
        SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
        print(f"wrote {SCHEMA_FILE}", file=sys.stderr)
    else:
        print(schema_text(), end="")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m content", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check articles; exit 1 on any error")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    validate.add_argument("--format", choices=["text", "json"], default="text")
    validate.set_defaults(func=cmd_validate)

    export = sub.add_parser("export", help="print one normalized article")
    export.add_argument("article", metavar="FILE_OR_ID")
    export.add_argument("--format", choices=["json", "yaml"], default="json")
    export.set_defaults(func=cmd_export)

    importer = sub.add_parser("import", help="turn a page export into a draft article")
    importer.add_argument("source", metavar="SOURCE")
    importer.add_argument(
        "-o", "--output", metavar="OUT.yaml", help="a file, or a folder to write <id>.yaml into"
    )
    importer.add_argument("--force", action="store_true", help="overwrite an existing file")
    importer.set_defaults(func=cmd_import)

    schema = sub.add_parser("schema", help="print the JSON Schema of the article format")
    schema.add_argument("--write", action="store_true", help=f"write it to {SCHEMA_FILE.name}")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
