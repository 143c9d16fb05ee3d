"""Turn article Markdown into the plain prose readability formulas were designed for.

The Markdown is parsed once by markdown-it-py (a CommonMark parser) into prose blocks: each
paragraph, list item paragraph and table cell is one block; headings, code, rules and raw HTML
tags are dropped. Each inline rule exists because textstat miscounts without it (see
tests/test_clean.py for one table row per rule): unpunctuated bullets merge into one giant
sentence, citation numbers count as words, "e.g." and decimals split sentences, and markup
characters inflate letter counts. Scoring (`clean_markdown`) and the sentence list
(`readability.sentences`) both read `clean_blocks`, so they see exactly the same prose.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from content.citations import strip_citations

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u202f": " "})
_AUTOLINK = re.compile(r"\bhttps?://\S+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
# The period first: the regular expression engine then jumps from period to period.
_DECIMAL = re.compile(r"\.(?<=\d\.)(?=\d)")
# Abbreviations whose periods would otherwise end a sentence. "No." only before a number
# ("No. 5"), so a short answer that is a bare "No." stays a sentence of its own.
_ABBREVIATIONS = re.compile(
    r"\b(e\.g|i\.e|et al|vs|Dr|Mr|Mrs|Ms|Prof|St|Fig|cf|approx|ca|No(?=\.\s*\d))\.",
    re.IGNORECASE,
)
# Every abbreviation above, lowercased, with its period: ASCII text holding none of them cannot
# match. The hint looks behind each period for one of them, so the engine jumps from period to
# period: several times faster than running the expression itself.
_ABBREVIATION_SPELLINGS = (
    "e.g.", "i.e.", "et al.", "vs.", "dr.", "mr.", "mrs.", "ms.", "prof.", "st.", "fig.", "cf.",
    "approx.", "ca.", "no.",
)  # fmt: skip
_ABBREVIATION_HINT = re.compile(
    r"\.(?:" + "|".join(f"(?<={re.escape(s)})" for s in _ABBREVIATION_SPELLINGS) + ")"
)
_TERMINAL = ".!?"
# Blocks whose text a reader sees as prose; everything else (headings, code) is skipped.
_PROSE_PARENTS = frozenset({"paragraph_open", "th_open", "td_open"})
_CONTAINERS = frozenset({"list_item_open", "tr_open"})


@dataclass(frozen=True)
class CleanBlock:
    """One prose block: its clean text (sentence-terminated) and the Markdown it came from."""

    text: str
    markdown: str


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One parser per process, built on first use: building one costs far more than parsing a
    section, and a run served from the caches or the fast path never needs markdown-it.
    Raw HTML is recognised (so its tags can be dropped) and tables are on; linkify stays off."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _inline_text(children: list[Token]) -> str:
    """The words of an inline token: text and code kept, markup, HTML and autolinks dropped."""
    out: list[str] = []
    in_autolink = False
    for child in children:
        kind = child.type
        if kind == "link_open" and child.markup == "autolink":
            in_autolink = True
        elif kind == "link_close" and in_autolink:
            in_autolink = False
        elif in_autolink:
            continue
        elif kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "image":
            out.append(_inline_text(child.children or []))
    return "".join(out)


def _clean_inline(text: str) -> str:
    # Each rule runs only when the character its pattern cannot match without is present.
    if "http" in text:
        text = _AUTOLINK.sub("", text)
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "[" in text:
        text = strip_citations(text)
    if "." in text:
        text = _DECIMAL.sub(",", text)
        if _may_abbreviate(text):
            text = _ABBREVIATIONS.sub(_without_periods, text)
    return " ".join(text.split())  # the same as collapsing `\s+` and stripping


def _may_abbreviate(text: str) -> bool:
    """False only when `_ABBREVIATIONS` cannot match (outside ASCII, case folding is subtler)."""
    return not text.isascii() or _ABBREVIATION_HINT.search(text.lower()) is not None


def _without_periods(match: re.Match[str]) -> str:
    return match.group(1).replace(".", "")


def _end_sentence(block: str) -> str:
    """Give every block terminal punctuation so the next one starts a new sentence."""
    block = block.rstrip(" :;,")
    if not block:
        return ""
    closing = block.rstrip("\"')]\u201d\u2019")
    return block if closing and closing[-1] in _TERMINAL else block + "."


def _source(lines: list[str], line_map: list[int] | None) -> str:
    if not line_map:
        return ""
    return "\n".join(lines[line_map[0] : line_map[1]]).strip()


# --- the fast path: plain paragraphs and "- " bullets, read without the parser -------------------
# Characters and pairs that can start inline Markdown other than literal text: code, emphasis,
# HTML and autolinks, entities, escapes, links, images, reference definitions, tables, tabs
# (indentation) and line ends markdown-it normalises differently from `str.splitlines`.
_INLINE_MARKUP = re.compile(
    r"[\\`*_<>&~|\t\r\0\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\]\(|\]:|\]\[|!\["
)
# A line that may open a paragraph: no indent, no block marker (heading, quote, fence, list,
# rule, setext underline, table, HTML, reference definition), no ordered-list number.
_PLAIN_START = re.compile(r"""[^\W\d_]|["'(\u2018\u201c]|\d(?!\d{0,8}[.)](?:\s|$))""")
_BULLET = re.compile(r"- (?=\S)")


def _simple_blocks(lines: list[str]) -> list[tuple[int, int]] | None:
    """The (first, end) line ranges of the blocks of a text made only of plain paragraphs and
    "- " bullet items (each item one paragraph, continued lazily), or None when any line could
    be something else. Only then are `clean_blocks`' results taken without markdown-it;
    tests/test_clean.py proves both paths agree on the shipped corpus and the cleaning table.
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for number, line in enumerate(lines):
        if not line.strip():
            if start is not None:
                spans.append((start, number))
                start = None
            continue
        if not line.isprintable():
            return None
        if _BULLET.match(line):
            if not _PLAIN_START.match(line, 2):
                return None
            if start is not None:
                spans.append((start, number))
            start = number
        elif _PLAIN_START.match(line):
            if start is None:
                start = number
        else:
            return None
    if start is not None:
        spans.append((start, len(lines)))
    return spans


def _fast_blocks(text: str, lines: list[str]) -> tuple[CleanBlock, ...] | None:
    """`clean_blocks` for simple text (see `_simple_blocks`); None when the parser is needed."""
    if _INLINE_MARKUP.search(text):
        return None
    spans = _simple_blocks(lines)
    if spans is None:
        return None
    blocks = []
    for first, end in spans:
        body = [line.strip() for line in lines[first:end]]
        if body[0].startswith("- "):
            body[0] = body[0][2:].lstrip()
        prose = _end_sentence(_clean_inline(" ".join(body)))
        if prose:
            blocks.append(CleanBlock(prose, "\n".join(lines[first:end]).strip()))
    return tuple(blocks)


@lru_cache(maxsize=16384)
def clean_blocks(markdown: str | None) -> tuple[CleanBlock, ...]:
    """Every prose block of a Markdown text, in order; parsed once per distinct text.

    Text of plain paragraphs and bullets (most article text) takes `_fast_blocks`, which gives
    the same blocks as markdown-it without running it.
    """
    text = unicodedata.normalize("NFC", markdown or "").translate(_HYPHENS)
    if not text.strip():
        return ()
    lines = text.splitlines()
    fast = _fast_blocks(text, lines)
    return fast if fast is not None else _parsed_blocks(text, lines)


def _parsed_blocks(text: str, lines: list[str]) -> tuple[CleanBlock, ...]:
    """`clean_blocks` by markdown-it: any Markdown at all."""
    blocks: list[CleanBlock] = []
    containers: list[Token] = []  # open list items and table rows: the context a block shows
    parent: Token | None = None
    for token in _parser().parse(text):
        if token.type in _CONTAINERS:
            containers.append(token)
        elif token.type in ("list_item_close", "tr_close"):
            containers.pop()
        elif token.nesting == 1:
            parent = token
        elif token.type == "inline" and parent is not None and parent.type in _PROSE_PARENTS:
            prose = _end_sentence(_clean_inline(_inline_text(token.children or [])))
            if prose:
                context = containers[-1] if containers else parent
                blocks.append(CleanBlock(prose, _source(lines, context.map or token.map)))
        elif token.type == "html_block":
            prose = _end_sentence(_clean_inline(token.content))
            if prose:
                blocks.append(CleanBlock(prose, _source(lines, token.map)))
    return tuple(blocks)


def clean_markdown(markdown: str | None) -> str:
    """Plain prose, one sentence-terminated block after another; empty for empty input."""
    return " ".join(block.text for block in clean_blocks(markdown))
