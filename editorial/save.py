"""Saving one edited text into an article file, changing nothing else in it.

A YAML library's round-trip dump rewraps and reindents the whole file, so nothing here dumps
YAML. PyYAML's composer says where the one scalar starts and ends; the new text is rendered in
a style that fits where the old one stood (a block stays a block at the same indentation, a
folded block keeps its line breaks wherever the words around them did not change, a quoted
line stays quoted) and spliced into the original bytes. The result must then prove itself: it
parses to the same data as before except that one text, and it has no validation error the
original did not have. Comments, key order, quoting and line breaks of every other part stay
byte for byte.

A save is refused, with the reasons, without a signed-in editor, where the content folder is
read-only (`CONTENT_READ_ONLY=1`, or a folder or file the app cannot write), when the file
changed since the editor opened it (an optimistic lock: no silent overwrite), and when the
result fails validation. It writes atomically (a temporary file in the same folder, then
`os.replace`), records one audit row holding the hashes before and after, and voids a live
approval, since approvals are bound to the file's exact bytes.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import os
import re
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from content.loader import MAX_FILE_BYTES, content_dir, parse_yaml
from content.model import TIERS
from content.validation import field_path, parse_article
from editorial.accounts import Person
from editorial.audit import record
from editorial.reviews import ReviewRefused, _actor, _forget, reader_state
from feedback.db import WRITE, engine_for, write_turn

__all__ = [
    "CHANGED",
    "EDITABLE",
    "NOT_SIGNED_IN",
    "READ_ONLY",
    "READ_ONLY_ENV",
    "PartPath",
    "SaveRefused",
    "SaveResult",
    "editable",
    "edited_file",
    "hash_of",
    "locate",
    "parse_part",
    "part_label",
    "read_only_reason",
    "save_text",
    "splice",
    "text_at",
]

PartPath = tuple[str | int, ...]
READ_ONLY_ENV = "CONTENT_READ_ONLY"
READ_ONLY = (
    "The content folder is read-only here, so the app cannot save: download the edited file "
    "and commit it where the articles are kept."
)
NOT_SIGNED_IN = "sign in with an editor account to save"
CHANGED = (
    "this article changed since you opened it: keep a copy of your text, reload the article "
    "and make your change again"
)
# A changed line of a folded block is rewrapped at this width (or the old block's widest line)
# once it is more than FOLD_SLACK characters longer: a small edit keeps its line as it is.
FOLD_WIDTH = 100
FOLD_SLACK = 20
_ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_PART_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]")
# What YAML cannot hold outside a double-quoted scalar's escapes (PyYAML's reader rejects the
# first set; the rest are line breaks or a byte order mark to YAML).
_NEEDS_ESCAPE = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_STR_TAG = "tag:yaml.org,2002:str"
_lock = threading.Lock()


class SaveRefused(ReviewRefused):
    """A save that wrote nothing; `reasons` says why in plain words, naming the field."""


@dataclass(frozen=True)
class SaveResult:
    """What a save did. `changed` is False when the text was already the file's (nothing was
    written or recorded); `voided_approval` is True when readers saw the article approved
    before the save and no longer do."""

    article_id: str
    part: str  # "sections[2].tiers.patient"
    previous_hash: str
    file_hash: str
    changed: bool
    voided_approval: bool


# --- Addressing one text ------------------------------------------------------------------------


def part_label(part: PartPath | str) -> str:
    """A part as validation names fields: ("sections", 2, "tiers", "x") -> sections[2].tiers.x."""
    return part if isinstance(part, str) else field_path(part)


def parse_part(label: str | PartPath) -> PartPath:
    """The path of a label like `sections[2].tiers.x` (a tuple is returned as it is)."""
    if not isinstance(label, str):
        return tuple(label)
    steps: list[str | int] = []
    position = 0
    while position < len(label):
        match = _PART_STEP.match(label, position)
        if match is None or (position == 0 and label.startswith(".")):
            raise SaveRefused([f"{label!r} does not name a part of an article"])
        steps.append(match.group(1) if match.group(1) else int(match.group(2)))
        position = match.end()
    if not steps:
        raise SaveRefused(["no part of the article was named"])
    return tuple(steps)


def _tier(step: object) -> bool:
    return step in TIERS


def _index(step: object) -> bool:
    return isinstance(step, int)


def _name(step: object) -> bool:
    return isinstance(step, str)


# The parts a save may change: text readers read. Never the id, status, review, checks or
# references, which have their own rules or workflow.
EDITABLE: tuple[tuple[Any, ...], ...] = (
    ("title",),
    ("summary", _tier),
    ("key_points", _tier, _index),
    ("actions", _tier, _index),
    ("sections", _index, "heading"),
    ("sections", _index, "headings", _tier),
    ("sections", _index, "tiers", _tier),
    ("questions", _tier, _index, "ask"),
    ("questions", _tier, _index, "why"),
    ("questions", _tier, _index, "options", _index),
    ("glossary", _name),
)


def editable(part: PartPath | str) -> bool:
    """Whether a save may change this part (see `EDITABLE`)."""
    path = parse_part(part)
    return any(
        len(shape) == len(path)
        and all(
            want(step) if callable(want) else want == step
            for want, step in zip(shape, path, strict=True)
        )
        for shape in EDITABLE
    )


def hash_of(raw: bytes) -> str:
    """SHA-256 of a file's bytes, as `reviews.file_hash` computes it: the `opened_hash`."""
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class _Found:
    text: str  # the whole file, decoded
    node: yaml.ScalarNode
    parent_column: int  # the column of the key or the sequence's dash the scalar belongs to


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveRefused([f"the file is not UTF-8 text ({exc.reason})"]) from None


def _find(raw: bytes, part: PartPath | str) -> _Found:
    """The scalar node at `part`, with the file's text, composed by PyYAML's safe composer."""
    path = parse_part(part)
    label = part_label(path)
    text = _decode(raw)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError) as exc:
        raise SaveRefused([f"the file is not valid YAML: {exc}"]) from None
    parent_column = 0
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            pairs = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
            matches = [(k, v) for k, v in pairs if k.value == step]
            if not matches:
                raise SaveRefused([f"{label}: there is no such part in the file"])
            key, node = matches[-1]  # as the loader reads a repeated key: the last one wins
            parent_column = key.start_mark.column
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                raise SaveRefused([f"{label}: there is no such part in the file"])
            parent_column = node.start_mark.column
            node = node.value[step]
        else:
            raise SaveRefused([f"{label}: there is no such part in the file"])
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR_TAG:
        raise SaveRefused([f"{label}: this part is not a text"])
    if text[node.start_mark.index] in "!&":
        raise SaveRefused([f"{label}: the text carries a YAML tag or anchor; edit the file"])
    return _Found(text, node, parent_column)


def text_at(raw: bytes, part: PartPath | str) -> str:
    """The text at `part` as the article model reads it (whitespace around it stripped): what
    the editor opens, and what a save compares with."""
    return _find(raw, part).node.value.strip()


@dataclass(frozen=True)
class _Block:
    """A block scalar's pieces: `|-` at [start, header_end), the header line's rest (spaces, a
    comment, the line break) up to body_start, content lines up to body_end; the blank lines
    after it are the file's layout and are kept."""

    start: int
    header_end: int
    body_start: int
    body_end: int
    indent: int
    lines: list[str]  # the content lines without indentation or line breaks


def _block(found: _Found) -> _Block:
    text, node = found.text, found.node
    start, end = node.start_mark.index, node.end_mark.index
    header = re.match(r"[|>][-+0-9]*", text[start:end])
    assert header is not None  # a block scalar starts with its indicator
    line_end = min(
        (i for i in (text.find("\n", start), text.find("\r", start)) if i >= 0), default=end
    )
    body_start = line_end + (2 if text.startswith("\r\n", line_end) else 1)
    body_start = min(body_start, end)
    lines = text[body_start:end].splitlines(keepends=True)
    while lines and not lines[-1].strip(" \t\r\n"):
        lines.pop()
    body_end = body_start + sum(len(line) for line in lines)
    content = [line.rstrip("\r\n") for line in lines]
    first = next((line for line in content if line.strip(" ")), None)
    indent = len(first) - len(first.lstrip(" ")) if first else found.parent_column + 2
    dedented = [line[indent:] if line.strip(" \t") else "" for line in content]
    return _Block(start, start + header.end(), body_start, body_end, indent, dedented)


def _span(found: _Found) -> tuple[int, int]:
    """Where the scalar's own characters are: a block's header and content lines (not the blank
    lines after it), a flow scalar's quotes and text."""
    if found.node.style in ("|", ">"):
        block = _block(found)
        return block.start, block.body_end
    return found.node.start_mark.index, found.node.end_mark.index


def locate(raw: bytes, path: PartPath | str) -> tuple[int, int]:
    """The byte span [start, end) of the text at `path` in the file's bytes.

    A block scalar's span runs from its indicator through its last content line's line break;
    a flow scalar's is its quotes and text. Raises `SaveRefused` when the path names no text.
    """
    found = _find(raw, path)
    start, end = _span(found)
    return len(found.text[:start].encode()), len(found.text[:end].encode())


# --- Rendering the new text -------------------------------------------------------------------


def _double_quoted(text: str) -> str:
    """A double-quoted scalar on one line; anything YAML cannot hold as it is gets escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif _NEEDS_ESCAPE.match(char):
            code = ord(char)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _words(paragraph: str) -> list[str]:
    """Split where a folded block may break a line: single spaces between two other characters."""
    return re.split(r"(?<=\S) (?=\S)", paragraph) if paragraph else []


def _refold(old: list[str], text: str, indent: int) -> list[str] | None:
    """Lines of a folded block holding `text`, breaking where the old lines broke wherever the
    words around the break are unchanged; None when folding cannot hold the text as it is."""
    paragraphs = text.split("\n")
    if any(p != p.strip(" \t") for p in paragraphs):
        return None  # leading blanks make "more indented" lines, which fold differently
    if any(line[:1] in (" ", "\t") for line in old):
        return None
    old_tokens: list[str] = []
    breaks: set[int] = set()
    for line in old:
        if not line:
            old_tokens.append("\n")
            continue
        old_tokens += _words(line)
        breaks.add(len(old_tokens) - 1)
    new_tokens: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        new_tokens += (["\n"] if i else []) + _words(paragraph)
    new_breaks: set[int] = set()
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            new_breaks |= {j1 + k for k in range(i2 - i1) if i1 + k in breaks}
        elif breaks & set(range(i1, i2)):  # a changed line end: end the line after the change
            new_breaks.add(j2 - 1 if j2 > j1 else j1 - 1)
    lines: list[str] = []
    words: list[str] = []
    for j, token in enumerate(new_tokens):
        if token == "\n":
            if words:
                lines.append(" ".join(words))
                words = []
            lines.append("")
            continue
        words.append(token)
        following = new_tokens[j + 1] if j + 1 < len(new_tokens) else "\n"
        if j in new_breaks and following != "\n":
            lines.append(" ".join(words))
            words = []
    if words:
        lines.append(" ".join(words))
    width = max([FOLD_WIDTH, *(len(line) + indent for line in old)])
    return [wrapped for line in lines for wrapped in _wrap(line, old, width - indent)]


def _wrap(line: str, old: list[str], width: int) -> list[str]:
    """A changed line much longer than `width`, broken greedily between words; old lines stay."""
    if len(line) <= width + FOLD_SLACK or line in old:
        return [line]
    out: list[str] = []
    for word in _words(line):
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def _body(lines: list[str], indent: int, newline: str, final_break: bool) -> str:
    body = "".join((" " * indent + line if line else "") + newline for line in lines)
    return body if final_break else body[: -len(newline)]


def _candidates(found: _Found, new: str) -> Iterator[str]:
    """Whole new documents, best layout first; the first that reads back right is kept."""
    text, node = found.text, found.node
    newline = "\r\n" if "\r\n" in text else "\n"
    blockable = not _NEEDS_ESCAPE.search(new)
    if node.style in ("|", ">"):
        block = _block(found)
        header = text[block.start : block.header_end]
        chomping = "".join(c for c in header if c in "+-")
        final_break = text[block.start : block.body_end].endswith(("\n", "\r"))
        head, tail = text[: block.start], text[block.body_end :]
        between = text[block.header_end : block.body_start]
        if blockable and node.style == ">":
            folded = _refold(block.lines, new, block.indent)
            if folded is not None:
                body = _body(folded, block.indent, newline, final_break)
                yield head + header + between + body + tail
        if blockable:  # a literal block: the old header when it was one (digit and all)
            body = _body(new.split("\n"), block.indent, newline, final_break)
            for literal in dict.fromkeys([header if node.style == "|" else "", "|" + chomping]):
                if literal:
                    yield head + literal + between + body + tail
        yield head + _double_quoted(new) + between + tail
        return
    start, end = node.start_mark.index, node.end_mark.index
    head, tail = text[:start], text[end:]
    if "\n" not in new and blockable:
        if node.style is None and "\t" not in new:
            yield head + new + tail
        if node.style == "'":
            yield head + "'" + new.replace("'", "''") + "'" + tail
    elif blockable:  # several lines: a literal block after the rest of this line
        line_end = min(
            (i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0), default=-1
        )
        if line_end >= 0:
            rest = text[end:line_end]
            after = line_end + (2 if text.startswith("\r\n", line_end) else 1)
            body = _body(new.split("\n"), found.parent_column + 2, newline, True)
            yield head + "|" + rest + newline + body + text[after:]
    yield head + _double_quoted(new) + tail


def _get(data: Any, path: PartPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _reads_back(old_data: Any, document: str, path: PartPath, new: str) -> bool:
    """The document parses to the old data with only the text at `path` changed to `new`, with
    PyYAML's pure-Python safe loader (whose composer finds texts here) and with the app's
    loader (libyaml when present) alike: the two disagree on a few corner cases, tabs in plain
    scalars among them."""
    try:
        data = yaml.load(_universal(document), Loader=yaml.SafeLoader)
        value = _get(data, path)
    except (yaml.YAMLError, RecursionError, LookupError, TypeError):
        return False
    if not isinstance(value, str) or value.strip() != new:
        return False
    expected = copy.deepcopy(old_data)
    _get(expected, path[:-1])[path[-1]] = value
    if expected != data:
        return False
    try:
        return parse_yaml(_universal(document)) == data
    except yaml.YAMLError:
        return False


def _universal(text: str) -> str:
    """Newlines as the loader reads a file (universal newlines)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _clean(new_text: str, label: str) -> str:
    text = _universal(new_text).strip()
    if not text:
        raise SaveRefused([f"{label}: the text is empty; write something or leave it as it was"])
    if _CONTROL.search(text):
        raise SaveRefused([f"{label}: the text holds control characters"])
    return text


def _errors(data: Any) -> list[tuple[str, str]]:
    """Validation errors as (field, message), the field without the file name."""
    _, problems = parse_article(data, "")
    return [
        (p.where.removeprefix(":") or "the article", p.message)
        for p in problems
        if p.severity == "error"
    ]


def splice(raw: bytes, path: PartPath | str, new_text: str) -> bytes:
    """The file's bytes with the text at `path` replaced by `new_text`, everything else byte for
    byte as it was. Refused (`SaveRefused`) when the part is not a text, the new text is empty,
    or the result would carry a validation error the file did not have before. The text is
    compared as the model reads it (stripped): the same text gives back `raw` itself."""
    path = parse_part(path)
    label = part_label(path)
    if not editable(path):
        raise SaveRefused([f"{label}: this part is not edited here; edit the file"])
    new = _clean(new_text, label)
    found = _find(raw, path)
    if found.node.value.strip() == new:
        return raw
    old_data = yaml.load(_universal(found.text), Loader=yaml.SafeLoader)
    document = next(
        (d for d in _candidates(found, new) if _reads_back(old_data, d, path, new)), None
    )
    if document is None:
        raise SaveRefused([f"{label}: this text cannot be written into the file safely"])
    result = document.encode("utf-8")
    if len(result) > MAX_FILE_BYTES:
        raise SaveRefused(
            [f"the file would be {len(result):,} bytes; the limit is {MAX_FILE_BYTES:,}"]
        )
    before = set(_errors(parse_yaml(_universal(found.text))))
    new_errors = [e for e in _errors(parse_yaml(_universal(document))) if e not in before]
    if new_errors:
        raise SaveRefused([f"{field}: {message}" for field, message in new_errors])
    return result


def edited_file(raw: bytes, path: PartPath | str, new_text: str) -> bytes:
    """The edited file to download where the app cannot save (a read-only content folder): the
    same splice and validation as a save, nothing written."""
    return splice(raw, path, new_text)


# --- Saving -------------------------------------------------------------------------------------


def read_only_reason(path: Path | None = None) -> str | None:
    """Why the app cannot write the content folder (or this article file), or None: the view
    offers "Download the edited file" instead of "Save" when it is set."""
    if os.environ.get(READ_ONLY_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
        return READ_ONLY
    folder = path.parent if path is not None else content_dir()
    if not os.access(folder, os.W_OK):
        return READ_ONLY
    if path is not None and path.exists() and not os.access(path, os.W_OK):
        return READ_ONLY
    return None


def _article_file(article: str | Path) -> tuple[Path, str]:
    if isinstance(article, Path) or "/" in article or article.endswith(".yaml"):
        path = Path(article)
        return path, path.stem
    if not _ARTICLE_ID.match(article):
        raise SaveRefused([f"there is no article {article!r}"])
    return content_dir() / f"{article}.yaml", article


def _in_library(path: Path, article_id: str) -> bool:
    """Whether the file is the one readers are served for this id (approvals are kept by id)."""
    try:
        return path.resolve() == (content_dir() / f"{article_id}.yaml").resolve()
    except OSError:
        return False


@contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """One save at a time per content folder: threads of this process take turns, and other
    processes (replicas on one disk) wait on a lock of the folder itself."""
    with _lock:
        try:
            import fcntl
        except ImportError:  # not on POSIX: the process lock alone
            yield
            return
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock


def _replace(path: Path, data: bytes) -> None:
    """Write `data` as `path` atomically: readers see the old file or the new, never half."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_text(
    article: str | Path,
    part: PartPath | str,
    new_text: str,
    *,
    opened_hash: str,
    person: Person | None,
    engine: Engine | None = None,
) -> SaveResult:
    """Write `new_text` into the article file at `part`, changing nothing else in the file.

    `article` is an article id (its file in the content folder) or a file path; `opened_hash`
    is the SHA-256 of the bytes the editor opened (`hash_of`). Refused (`SaveRefused`, with
    reasons) without an active account with the editor role, on a read-only content folder,
    when the file changed since it was opened, or when the result fails validation.
    """
    path, article_id = _article_file(article)
    label = part_label(part)
    if person is None:
        raise SaveRefused([NOT_SIGNED_IN])
    engine = engine or engine_for()
    try:
        actor = _actor(person, "editor", engine)
    except ReviewRefused as refused:
        raise SaveRefused(refused.reasons) from None
    if reason := read_only_reason(path):
        raise SaveRefused([reason])
    with _exclusive(path.parent):
        try:
            raw = path.read_bytes()
        except OSError:
            raise SaveRefused([f"there is no article {article_id!r}"]) from None
        before = hash_of(raw)
        if before != opened_hash:
            raise SaveRefused([CHANGED])
        edited = splice(raw, part, new_text)
        if edited == raw:
            return SaveResult(article_id, label, before, before, False, False)
        was_approved = _in_library(path, article_id) and reader_state(article_id, engine).approved
        after = hash_of(edited)
        with write_turn(engine), engine.connect().execution_options(**WRITE) as conn:
            record(conn, actor.id, "saved", article_id, after, label, previous_hash=before)
            _replace(path, edited)
            try:
                conn.commit()
            except BaseException:
                _replace(path, raw)  # no save without its audit row
                raise
    _forget(article_id)
    return SaveResult(article_id, label, before, after, True, was_approved)
