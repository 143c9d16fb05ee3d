"""Turn an exported answer page (see seeds/) into a draft article: faithful, or a clear error.

The page export is plain text, one paragraph per line:

    question title
    page boilerplate, including "Last updated: February 23, 2026View editorial policy"
    page heading (H1)
    short answer, ending in citation numbers ("... axis. 1, 2")
    headings; a heading directly followed by another heading is a group heading
      • bullets ending in citation numbers ("... sensitivity. 4")
    References, then blocks of: type / title / "source, year"
    "Professional Medical Disclaimer" ... (dropped, with everything after it)

Rules that the format leaves open, decided here:

- Groups: a group lasts until the next group heading, because the export drops heading levels.
  Each group that spans more than one section gets a warning asking the editor to check where it
  ends. Headings may carry Markdown levels (`#`, `##`, `###`); then a section heading at the
  group heading's level or above ends the group, and there is nothing to check.
- Missing date: the draft is returned without `updated` (a date is never invented) together with
  an error naming the line where the date was expected; the rest is still validated.
- Anything else the importer cannot read faithfully (no title, a bullet before any heading, a
  heading with nothing under it, a reference without "source, year") raises `PageExportError`
  naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from cache.data_files import reads_data_files
from content.loader import MAX_FILE_BYTES
from content.problems import Problem
from content.tiers import reference_tier
from content.validation import parse_article

ISSUING_BODIES_FILE = Path(__file__).with_name("issuing_bodies.yaml")

Kind = Literal["bullet", "text"]


class PageExportError(ValueError):
    """Input that cannot become a faithful draft; the message names the file and line."""


# Page chrome, compared case-insensitively against whole lines (or their start).
BOILERPLATE_LINES = frozenset(
    {
        "article review status",
        "submitted",
        "under review",
        "approved",
        "personalize",
        "help us tailor your experience",
        "view editorial policy",
    }
)
BOILERPLATE_PREFIXES = (
    "medical advisory board",
    "educational purpose only",
    "last updated",
    "which best describes you",
)
# Everything from one of these lines to the end of the file is page chrome.
TAIL_PREFIXES = ("professional medical disclaimer", "have a follow-up question")

# Reference type lines, lower-cased with hyphens and runs of spaces folded to one space.
REFERENCE_TYPES: dict[str, str] = {
    "guideline": "guideline",
    "guidelines": "guideline",
    "meta analysis": "meta_analysis",
    "systematic review": "systematic_review",
    "randomized controlled trial": "rct",
    "randomised controlled trial": "rct",
    "randomized trial": "rct",
    "randomised trial": "rct",
    "rct": "rct",
    "cohort study": "cohort",
    "cohort": "cohort",
    "case control": "case_control",
    "case control study": "case_control",
    "cross sectional": "cross_sectional",
    "cross sectional study": "cross_sectional",
    "case series": "case_series",
    "case report": "case_series",
    "expert opinion": "expert_opinion",
    "review": "narrative_review",
    "narrative review": "narrative_review",
    "animal study": "animal",
    "in vitro": "in_vitro",
    "in vitro study": "in_vitro",
    "mechanistic": "mechanistic",
}
# Type words that name no study design: kept as `other`, with a warning saying why.
AMBIGUOUS_TYPES = frozenset({"research"})
# Words an id made from a title leaves out, and how many words it keeps.
ID_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "my",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
ID_MAX_WORDS = 5


@reads_data_files
@cache
def _issuing_body_lists() -> dict[str, tuple[re.Pattern[str], ...]]:
    """content/issuing_bodies.yaml: `named_bodies` and `publisher_patterns`, compiled."""
    raw = yaml.safe_load(ISSUING_BODIES_FILE.read_text(encoding="utf-8"))
    lists = ("named_bodies", "publisher_patterns")
    if not isinstance(raw, dict) or not all(isinstance(raw.get(n), list) for n in lists):
        raise ValueError(f"{ISSUING_BODIES_FILE}: expected the lists {' and '.join(lists)}")
    try:
        return {n: tuple(re.compile(str(p), re.IGNORECASE) for p in raw[n]) for n in lists}
    except re.error as exc:
        raise ValueError(f"{ISSUING_BODIES_FILE}: bad pattern {exc.pattern!r}: {exc}") from None


def issuing_body_patterns() -> tuple[re.Pattern[str], ...]:
    """Patterns of publisher names that issue guidance (content/issuing_bodies.yaml)."""
    lists = _issuing_body_lists()
    return lists["named_bodies"] + lists["publisher_patterns"]


def is_issuing_body(source: str) -> bool:
    """True when a publisher's name identifies a body that issues guidance."""
    return any(pattern.search(source) for pattern in issuing_body_patterns())


def issuing_body_named_in(title: str) -> str | None:
    """The issuing body a title names, as the title spells it: guidance printed in a journal
    says whose it is there ("...: US Preventive Services Task Force recommendation
    statement" in JAMA). Only the bodies named in full count, not an acronym or a society
    pattern that could match an ordinary phrase."""
    for pattern in _issuing_body_lists()["named_bodies"]:
        if match := pattern.search(title):
            return match.group(0).strip()
    return None


_INVISIBLE = {ord(c): None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"}
_HYPHENS = {0x2010: "-", 0x2011: "-"}
_BULLET = re.compile(r"^(?:[•●◦‣▪∙]|[-*+](?=\s|$))\s*(?P<text>.*)$")
_LEVEL = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>\S.*)$")
_NUMBERS = r"\d{1,4}(?:\s*[-–]\s*\d{1,4})?(?:\s*,\s*\d{1,4}(?:\s*[-–]\s*\d{1,4})?)*"
# Citation numbers count only after sentence punctuation, so "Type 2" stays a heading's words.
_TRAILING_CITATION = re.compile(rf"^(?P<body>.*[.!?:;)\]\"'”’…])\s+(?P<numbers>{_NUMBERS})$")
_TRAILING_NUMBER = re.compile(r"\s(?P<number>\d{1,4})$")
_SOURCE_YEAR = re.compile(r"^(?P<source>.+),\s*(?P<year>\d{4})\.?$")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august")
_MONTH_NAMES += ("september", "october", "november", "december")
# English names and abbreviations, spelled out so the system locale never changes the result.
_MONTHS = (
    {name: i for i, name in enumerate(_MONTH_NAMES, start=1)}
    | {name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)}
    | {"sept": 9}
)
_MDY = re.compile(r"^(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})")
_DMY = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>\d{4})")
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")


@dataclass(frozen=True)
class Line:
    """One non-blank source line, cleaned, with what the layout says about it."""

    number: int
    text: str
    kind: Kind
    indent: int
    level: int | None = None  # Markdown heading level, when the line carries one

    @property
    def key(self) -> str:
        return self.text.casefold()


@dataclass
class _Section:
    heading: Line
    group: _Group | None
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("li" | "p", markdown)
    bullets: list[Line] = field(default_factory=list)


@dataclass
class _Group:
    heading: Line
    sections: list[_Section] = field(default_factory=list)


def import_page_export(
    path: Path, article_id: str | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Read a page-export file (UTF-8, BOM allowed, size-limited) and import it.

    `article_id` replaces the id made from the title (the CLI passes the output file's name).
    """
    where = str(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PageExportError(f"{where}: file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PageExportError(f"{where}:line {line}: not UTF-8 text ({exc.reason})") from None
    return import_page_export_text(text, where, article_id)


def import_page_export_text(
    text: str, where: str, article_id: str | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Import page-export text; `where` names the source in every problem and error."""
    importer = _Importer(where)
    draft = importer.run(text)
    if article_id is not None:
        draft["id"] = article_id
    problems = importer.problems
    # Validate with a stand-in date when the page has none, so every other problem still shows.
    candidate = draft if "updated" in draft else {**draft, "updated": "2000-01-01"}
    _, validation = parse_article(candidate, where)
    return draft, problems + validation


def short_id(title: str) -> str:
    """An article id from its title: at most five words, stop words dropped (unless all are)."""
    words = [w for w in slugify(title).split("-") if w]
    kept = [w for w in words if w not in ID_STOP_WORDS] or words
    return "-".join(kept[:ID_MAX_WORDS])


def slugify(text: str, max_length: int = 80) -> str:
    """A URL- and file-safe id: ASCII letters and digits joined by hyphens, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    return slug.strip("-")


def clean_text(raw: str) -> str:
    """NFC, plain hyphens for non-breaking ones, no invisible characters, single spaces."""
    text = unicodedata.normalize("NFC", raw).translate(_INVISIBLE).translate(_HYPHENS)
    text = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return " ".join(text.split())


def cite(text: str) -> str:
    """Turn trailing citation numbers into a marker: `... axis. 1, 2` becomes `... axis. [1, 2]`."""
    match = _TRAILING_CITATION.match(text)
    if not match:
        return text
    numbers = [re.sub(r"\s*[-–]\s*", "-", n.strip()) for n in match["numbers"].split(",")]
    return f"{match['body']} [{', '.join(numbers)}]"


def is_prose(text: str) -> bool:
    """A sentence rather than a heading: it ends in sentence punctuation or citation numbers."""
    return bool(_TRAILING_CITATION.match(text)) or text.endswith((".", "!", "…"))


def is_paragraph(line: Line) -> bool:
    """A prose line (not a bullet, not a marked heading): body text, not a heading."""
    return line.kind == "text" and line.level is None and is_prose(line.text)


def is_boilerplate(line: Line) -> bool:
    return line.key in BOILERPLATE_LINES or line.key.startswith(BOILERPLATE_PREFIXES)


def is_tail(line: Line) -> bool:
    return line.key.startswith(TAIL_PREFIXES)


def parse_date(text: str) -> dt.date | None:
    """The date in "Last updated: February 23, 2026View editorial policy" (or 23 Feb 2026, ISO)."""
    rest = re.sub(r"^last updated\b\s*:?\s*", "", text, flags=re.IGNORECASE)
    for pattern in (_MDY, _DMY, _ISO):
        match = pattern.match(rest)
        if not match:
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        if number is None:
            return None
        try:
            return dt.date(int(match["year"]), number, int(match["day"]))
        except ValueError:
            return None
    return None


def read_lines(text: str) -> list[Line]:
    """Cleaned non-blank lines numbered as an editor shows them (CRLF, CR or LF endings)."""
    lines: list[Line] = []
    raw_lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(raw_lines, start=1):
        cleaned = clean_text(raw)
        if not cleaned:
            continue
        expanded = raw.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        bullet = _BULLET.match(cleaned)
        if bullet:
            lines.append(Line(number, bullet["text"], "bullet", indent))
            continue
        level = _LEVEL.match(cleaned)
        if level:
            lines.append(Line(number, level["text"], "text", indent, len(level["hashes"])))
        else:
            lines.append(Line(number, cleaned, "text", indent))
    return lines


class _Importer:
    """One import: walks the lines once, collecting the draft's parts and the problems found."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def at(self, line: Line | int) -> str:
        number = line.number if isinstance(line, Line) else line
        return f"{self.where}:line {number}"

    def warn(self, line: Line | int, message: str) -> None:
        self.problems.append(Problem("warning", self.at(line), message))

    def fail(self, line: Line | int, message: str) -> PageExportError:
        return PageExportError(f"{self.at(line)}: {message}")

    def run(self, text: str) -> dict[str, Any]:
        lines = read_lines(text)
        if not lines:
            raise self.fail(1, "no question title: the file is empty")
        end = next((i for i, line in enumerate(lines) if is_tail(line)), len(lines))
        lines = lines[:end]
        if not lines:
            raise self.fail(1, "no question title: the file starts with the page disclaimer")
        title = self.title(lines[0])
        start = 1
        while start < len(lines) and is_boilerplate(lines[start]):
            start += 1
        if start == len(lines):
            raise self.fail(title, "no article content after the title and page boilerplate")
        refs_at = next(
            (i for i in range(start, len(lines)) if lines[i].key.rstrip(":") == "references"), None
        )
        updated = self.updated(lines[:refs_at], first_content=lines[start])
        body = self.without_boilerplate(lines[start:refs_at])
        body = self.skip_page_heading(title, body)
        summary, body = self.summary(body)
        sections = self.sections(body)
        if refs_at is None:
            self.problems.append(
                Problem("warning", f"{self.where}:references", "no References block: no references")
            )
            references: list[dict[str, Any]] = []
        else:
            references = self.references(lines[refs_at], lines[refs_at + 1 :])

        draft: dict[str, Any] = {"id": self.article_id(title), "title": title.text}
        draft["status"] = "draft"
        if updated is not None:
            draft["updated"] = updated.isoformat()
        if summary:
            draft["summary"] = {reference_tier(): summary}
        draft["sections"] = sections
        draft["references"] = references
        return draft

    def title(self, line: Line) -> Line:
        if line.kind == "bullet":
            raise self.fail(line, "bullet before any heading (expected the question title)")
        if is_boilerplate(line):
            raise self.fail(line, f"no question title: the file starts with {line.text!r}")
        return line

    def article_id(self, title: Line) -> str:
        slug = short_id(title.text)
        if not slug:
            self.warn(title, "the title has no letters or digits for an id; id set to 'article'")
            return "article"
        return slug

    def updated(self, lines: list[Line], first_content: Line) -> dt.date | None:
        dated = next((line for line in lines if line.key.startswith("last updated")), None)
        if dated is None:
            self.problems.append(
                Problem(
                    "error",
                    self.at(first_content),
                    "no 'Last updated: <Month D, YYYY>' line before this line; "
                    "the draft has no `updated` date: add one by hand",
                )
            )
            return None
        date = parse_date(dated.text)
        if date is None:
            raise self.fail(dated, f"no date like 'February 23, 2026' in {dated.text!r}")
        return date

    def without_boilerplate(self, lines: list[Line]) -> list[Line]:
        """Boilerplate inside the article is dropped too, with a warning since it is unexpected."""
        body: list[Line] = []
        for line in lines:
            if not is_boilerplate(line):
                body.append(line)
            elif not line.key.startswith("last updated"):
                self.warn(line, f"page boilerplate {line.text!r} inside the article; dropped")
        return body

    def skip_page_heading(self, title: Line, body: list[Line]) -> list[Line]:
        """Drop the H1: the model has no field for it, and the title already says what it says."""
        if not body:
            raise self.fail(title, "no article content after the title and page boilerplate")
        first = body[0]
        if first.kind == "bullet":
            raise self.fail(first, "bullet before any heading")
        follows = body[1] if len(body) > 1 else None
        plain_heading = first.level is None and not is_prose(first.text)
        if first.level == 1 or (plain_heading and follows and follows.kind != "bullet"):
            return body[1:]
        self.warn(first, "no page heading (H1) before the short answer")
        return body

    def summary(self, body: list[Line]) -> tuple[str, list[Line]]:
        """The short answer: the prose lines after the H1, up to the first heading or bullet."""
        count = 0
        while count < len(body) and is_paragraph(body[count]):
            count += 1
        paragraphs = [self.cited(line) for line in body[:count]]
        return "\n\n".join(paragraphs), body[count:]

    def cited(self, line: Line) -> str:
        """The line with its citation marker, or a warning when a final number was left alone."""
        marked = cite(line.text)
        number = _TRAILING_NUMBER.search(line.text)
        if marked == line.text and number:
            self.warn(
                line,
                f"ends in {number['number']!r}, not read as a citation "
                "(citation numbers follow sentence punctuation)",
            )
        return marked

    def sections(self, body: list[Line]) -> list[dict[str, Any]]:
        items = self.join_continuations(body)
        groups: list[_Group] = []
        sections: list[_Section] = []
        group: _Group | None = None
        current: _Section | None = None
        for i, line in enumerate(items):
            if line.kind == "bullet" or is_paragraph(line):
                if current is None:
                    what = "bullet" if line.kind == "bullet" else "paragraph"
                    raise self.fail(line, f"{what} before any heading")
                self.add_block(current, line)
                continue
            following = items[i + 1] if i + 1 < len(items) else None
            if following is None:
                raise self.fail(line, f"heading {line.text!r} has no bullets or text under it")
            if following.kind == "text" and not is_paragraph(following):
                if group is not None and not group.sections:
                    raise self.fail(
                        group.heading,
                        f"group heading {group.heading.text!r} has no sections before the next "
                        f"group heading {line.text!r} (line {line.number})",
                    )
                group = _Group(line)
                groups.append(group)
                current = None
                continue
            if group and group.heading.level and line.level and line.level <= group.heading.level:
                group = None
            current = _Section(line, group)
            sections.append(current)
            if group is not None:
                group.sections.append(current)
        if not sections:
            raise PageExportError(f"{self.where}: no sections: no heading has bullets under it")
        for g in groups:
            inferred = [s for s in g.sections[1:] if not (s.heading.level and g.heading.level)]
            if inferred:
                self.warn(
                    g.heading,
                    f"group {g.heading.text!r} taken to run through "
                    f"{g.sections[-1].heading.text!r} ({len(g.sections)} sections): the export "
                    "shows no heading levels, so check where the group ends",
                )
        return self.section_dicts(sections)

    def join_continuations(self, body: list[Line]) -> list[Line]:
        """A wrapped bullet: an indented plain line right after a less indented bullet."""
        items: list[Line] = []
        for line in body:
            previous = items[-1] if items else None
            if (
                previous is not None
                and previous.kind == "bullet"
                and line.kind == "text"
                and line.level is None
                and line.indent > previous.indent
            ):
                text = f"{previous.text} {line.text}"
                items[-1] = Line(previous.number, text, "bullet", previous.indent)
            else:
                items.append(line)
        return items

    def add_block(self, section: _Section, line: Line) -> None:
        if line.kind == "text":
            if section.bullets:
                self.warn(
                    line,
                    f"read as a paragraph of {section.heading.text!r}; "
                    "if it is a heading, drop its final full stop",
                )
            section.blocks.append(("p", self.cited(line)))
            return
        if not line.text:
            self.warn(line, "empty bullet; dropped")
            return
        if section.bullets and line.indent != section.bullets[0].indent:
            self.warn(line, "bullet indented differently from the first one; nesting is not kept")
        section.bullets.append(line)
        section.blocks.append(("li", f"- {self.cited(line)}"))

    def section_dicts(self, sections: list[_Section]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        used: set[str] = set()
        for index, section in enumerate(sections, start=1):
            heading = section.heading
            base = slugify(heading.text)
            if not base:
                base = f"section-{index}"
                self.warn(heading, f"heading has no letters or digits; id set to {base!r}")
            section_id, n = base, 1
            while section_id in used:
                n += 1
                section_id = f"{base[: 80 - len(str(n)) - 1]}-{n}"
            if section_id != base:
                self.warn(heading, f"heading repeats section id {base!r}; id set to {section_id!r}")
            used.add(section_id)
            data: dict[str, Any] = {"id": section_id, "heading": heading.text}
            if section.group is not None:
                data["group"] = section.group.heading.text
            data["tiers"] = {reference_tier(): render(section.blocks)}
            out.append(data)
        return out

    def references(self, heading: Line, lines: list[Line]) -> list[dict[str, Any]]:
        """Blocks of three lines: type, title, "source, year" (the source may contain commas)."""
        if not lines:
            self.warn(heading, "References has no references under it")
        refs: list[dict[str, Any]] = []
        for start in range(0, len(lines), 3):
            block = lines[start : start + 3]
            if len(block) < 3:
                raise self.fail(
                    block[0],
                    "incomplete reference: each needs a type line, a title line and a "
                    "'source, year' line",
                )
            type_line, title_line, source_line = block
            match = _SOURCE_YEAR.match(source_line.text)
            if not match:
                raise self.fail(
                    source_line,
                    f"expected 'source, year' (third line of the reference starting at line "
                    f"{type_line.number}), found {source_line.text!r}",
                )
            ref_id = str(len(refs) + 1)
            source = match["source"].strip()
            kind = self.reference_type(type_line)
            ref: dict[str, Any] = {"id": ref_id, "type": kind}
            if kind == "guideline":
                if is_issuing_body(source):
                    ref["issuer"] = source
                elif issuer := issuing_body_named_in(title_line.text):
                    ref["issuer"] = issuer
                    self.warn(
                        type_line,
                        f"reference {ref_id}: guidance of {issuer} (named in its title) published "
                        f"by {source!r}; typed 'guideline' with that issuer: confirm",
                    )
                else:
                    ref["type"] = "summary"
                    self.warn(
                        type_line,
                        f"reference {ref_id} is labelled {type_line.text!r}, but its source "
                        f"{source!r} names no issuing body (see {ISSUING_BODIES_FILE.name}); "
                        "typed 'summary': confirm, or set type 'guideline' and its issuer",
                    )
            ref |= {
                "title": title_line.text,
                "source": source,
                "year": int(match["year"]),
                "source_label": type_line.text,
            }
            refs.append(ref)
        return refs

    def reference_type(self, line: Line) -> str:
        key = re.sub(r"[\s-]+", " ", line.key).strip(" .:")
        if key in REFERENCE_TYPES:
            return REFERENCE_TYPES[key]
        if key in AMBIGUOUS_TYPES:
            self.warn(line, f"reference type {line.text!r} names no study design; kept as 'other'")
        else:
            self.warn(line, f"unknown reference type {line.text!r}; kept as 'other'")
        return "other"


def render(blocks: list[tuple[str, str]]) -> str:
    """Markdown: list items one per line, a blank line around paragraphs."""
    out = ""
    for i, (kind, text) in enumerate(blocks):
        if i:
            out += "\n" if kind == "li" and blocks[i - 1][0] == "li" else "\n\n"
        out += text
    return out
