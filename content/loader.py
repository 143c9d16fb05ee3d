"""Load articles from YAML, each file on its own, so one broken file never stops the rest.

Loading only reads and parses; what makes an article valid lives in `content.validation`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cache.results import cached, source_fingerprint
from content.model import Article
from content.problems import Problem, blocks_serving, has_errors
from content.tiers import TIERS_FILE
from content.validation import parse_article

__all__ = ["Library", "LoadResult", "content_dir", "load_article", "load_library"]

DEFAULT_CONTENT_DIR = Path(__file__).with_name("articles")
# Real articles are tens of kilobytes; the limit stops a hostile file from exhausting memory.
MAX_FILE_BYTES = 1_000_000
# libyaml's safe loader parses an article in about 1 ms against 10-16 ms for the pure-Python
# one; both build plain data only. PyYAML without libyaml has no CSafeLoader: fall back.
YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """Parse with `YAML_LOADER`; a file it rejects is parsed again by the pure-Python safe
    loader, whose error names the line and problem more precisely (libyaml can point past the
    last line). Raises `yaml.YAMLError`."""
    try:
        return yaml.load(text, Loader=YAML_LOADER)
    except RecursionError:  # the pure-Python loader on deeply nested input
        raise yaml.YAMLError("nested too deeply to read") from None
    except yaml.YAMLError as fast_error:
        if YAML_LOADER is yaml.SafeLoader:
            raise
        try:
            return yaml.load(text, Loader=yaml.SafeLoader)
        except RecursionError:  # deep nesting that libyaml reported cleanly
            raise fast_error from None


def content_dir() -> Path:
    """The articles folder: `CONTENT_DIR` when set, else the shipped `content/articles`."""
    return Path(os.environ.get("CONTENT_DIR") or DEFAULT_CONTENT_DIR)


@dataclass(frozen=True)
class LoadResult:
    """One file's outcome: the article when it can be served, and everything found on the way."""

    path: Path
    article: Article | None
    problems: list[Problem]


@dataclass(frozen=True)
class Library:
    """Every article that loaded, plus the outcome of every file, good or broken."""

    articles: dict[str, Article]
    results: list[LoadResult]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems]

    @property
    def failed(self) -> list[LoadResult]:
        return [r for r in self.results if r.article is None]

    def problems_for(self, article_id: str) -> list[Problem]:
        return next(
            (r.problems for r in self.results if r.article and r.article.id == article_id), []
        )


def load_article(path: Path) -> LoadResult:
    """Read, parse and validate one file; never raises for bad content.

    A file read before, byte for byte, under the same loading and validation code, comes from
    the persistent result cache (`cache.results`): parsing YAML and checking citations
    is most of a warm run's time. The file is always read, so an edited file always reparses.
    """
    raw = read_article_file(path)
    return raw if isinstance(raw, LoadResult) else load_article_bytes(path, raw)


def read_article_file(path: Path) -> bytes | LoadResult:
    """The file's bytes, or the failed result when it is too big or cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
            return LoadResult(path, None, [Problem("error", display_path(path), message)])
        return path.read_bytes()
    except OSError as exc:
        problem = Problem("error", display_path(path), f"cannot read file: {exc.strerror}")
        return LoadResult(path, None, [problem])


def load_article_bytes(path: Path, raw: bytes) -> LoadResult:
    """`load_article` for bytes already read from `path`."""
    where = display_path(path)
    article, problems = cached(
        "loaded",
        [loading_version(), where, path.stem, raw],
        lambda: _parse_file(path, where, raw),
        encode=_encode_loaded,
        decode=_decode_loaded,
    )
    return LoadResult(path, article, problems)


def loading_version() -> str:
    """A fingerprint of everything a loaded article depends on besides the file: the loading,
    model and validation code, the registries they read, and the parser and validator versions.
    """
    return source_fingerprint(
        "content.loader",
        distributions=("pydantic", "pydantic-core", "PyYAML"),
        data_files=(*sorted(Path(__file__).parent.glob("*.yaml")), TIERS_FILE),
    ) + ("+libyaml" if YAML_LOADER is not yaml.SafeLoader else "")


def _encode_loaded(loaded: tuple[Article | None, list[Problem]]) -> dict[str, Any]:
    article, problems = loaded
    return {
        "article": None if article is None else article.model_dump_json(),
        "problems": [[p.severity, p.where, p.message, p.blocking] for p in problems],
    }


def _decode_loaded(stored: dict[str, Any]) -> tuple[Article | None, list[Problem]]:
    """Rebuild a cached result; the article is validated again from its JSON (about 30 µs, so
    the cache never hands out an article the model would reject)."""
    text = stored["article"]
    article = None if text is None else Article.model_validate_json(text)
    problems = [
        Problem(severity, where, message, bool(blocking))
        for severity, where, message, blocking in stored["problems"]
    ]
    return article, problems


def _parse_file(path: Path, where: str, raw: bytes) -> tuple[Article | None, list[Problem]]:
    """What `load_article` computes on a cache miss: the servable article and its problems."""
    try:
        # As `Path.read_text` reads it: universal newlines.
        data = parse_yaml(raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    except UnicodeDecodeError as exc:
        return None, [Problem("error", where, f"not UTF-8 text ({exc.reason})")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem("error", where, f"invalid YAML{line}: {reason}")]
    article, problems = parse_article(data, where)
    if article is not None and article.id != path.stem:
        problems.append(
            Problem(
                "error", f"{where}:id", f"id {article.id!r} must match the file name {path.stem!r}"
            )
        )
        article = None
    return servable(article, problems), problems


def servable(article: Article | None, problems: list[Problem]) -> Article | None:
    """The article readers get: an approved one with a non-blocking error shows as pending review.

    Such an error (a dangling citation, say) fails the content gate, so the article is not
    approved in fact; readers keep it, with the pending-review notice, instead of losing it.
    """
    if article is None or blocks_serving(problems):
        return None
    if article.approved and has_errors(problems):
        return article.model_copy(update={"status": "under_review"})
    return article


def display_path(path: Path) -> str:
    """The path as a reader would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def article_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their `*.yaml` files, sorted, so output order is stable."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return files


def duplicate_id(path: Path, article_id: str) -> Problem:
    """The error for a file whose article id an earlier file already has."""
    return Problem("error", f"{display_path(path)}:id", f"duplicate article id {article_id!r}")


def load_library(*paths: Path) -> Library:
    """Load every article under the given folders or files (default: `content_dir()`)."""
    results = [load_article(p) for p in article_files(paths or (content_dir(),))]
    articles: dict[str, Article] = {}
    final: list[LoadResult] = []
    for result in results:
        if result.article is not None and result.article.id in articles:
            duplicate = duplicate_id(result.path, result.article.id)
            result = LoadResult(result.path, None, [*result.problems, duplicate])
        if result.article is not None:
            articles[result.article.id] = result.article
        final.append(result)
    return Library(articles, final)
