"""Turn article Markdown into the plain prose readability formulas were designed for.

Each rule exists because textstat miscounts without it (see tests/test_clean.py for one table row
per rule): unpunctuated bullets merge into one giant sentence, citation numbers count as words,
"e.g." and decimals split sentences, and markup characters inflate letter counts.
"""

from __future__ import annotations

import re
import unicodedata

from content.citations import strip_citations

_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u202f": " "})
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|[\s:|-]*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>]*>|\bhttps?://\S+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
# Abbreviations whose periods would otherwise end a sentence.
_ABBREVIATIONS = re.compile(
    r"\b(e\.g|i\.e|et al|vs|Dr|Mr|Mrs|Ms|Prof|St|No|Fig|cf|approx|ca)\.", re.IGNORECASE
)
_TERMINAL = ".!?"


def _strip_inline(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = strip_citations(text)
    for _ in range(3):  # nested emphasis such as ***x***
        text = _EMPHASIS.sub(r"\2", text)
    text = _DECIMAL.sub(",", text)
    text = _ABBREVIATIONS.sub(lambda m: m.group(1).replace(".", ""), text)
    return re.sub(r"\s+", " ", text).strip()


def _end_sentence(block: str) -> str:
    """Give every block terminal punctuation so the next one starts a new sentence."""
    block = block.rstrip(" :;,")
    if not block:
        return ""
    closing = block.rstrip("\"')]\u201d\u2019")
    return block if closing and closing[-1] in _TERMINAL else block + "."


def _blocks(markdown: str) -> list[str]:
    """Split into list items and paragraphs; headings, rules and table borders are dropped."""
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw in markdown.splitlines():
        if _QUOTE.match(raw):
            flush()
        line = _QUOTE.sub("", raw)
        if not line.strip() or _HEADING.match(line) or _TABLE_RULE.match(line):
            flush()
            continue
        if re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", line):  # thematic break
            flush()
            continue
        if _LIST_ITEM.match(line):
            flush()
            line = _LIST_ITEM.sub("", line)
        if line.strip().startswith("|"):
            flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            blocks.extend(c for c in cells if c)
            continue
        current.append(line.strip())
    flush()
    return blocks


def clean_markdown(markdown: str | None) -> str:
    """Plain prose, one sentence-terminated block after another; empty for empty input."""
    text = unicodedata.normalize("NFC", markdown or "").translate(_HYPHENS)
    sentences = (_end_sentence(_strip_inline(block)) for block in _blocks(text))
    return " ".join(s for s in sentences if s)
