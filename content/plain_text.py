"""Article Markdown as plain words: for paper (the handout) and for the ear (read aloud).

Citation markers go (a reference list is not printed or read), Markdown marks go (a link keeps
its words), and for speech an abbreviation the text spells out, "full words (ABBR)", is said as
the full words only.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from content.citations import strip_citations

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_INLINE_TEXT = {"text", "code_inline"}
_BREAKS = {"softbreak", "hardbreak"}
# "full words (ABBR)": a bracket holding one capitalised abbreviation, optionally plural or
# with digits (IBS, C. diff is not one), e.g. "antibiotic-associated diarrhoea (AAD)".
_SPELLED_OUT_ABBREVIATION = re.compile(r"\s*\((?:[A-Z][A-Za-z0-9-]*[A-Z0-9]s?)\)")
_SPACES = re.compile(r"[ \t]+")


def plain_text(markdown: str | None) -> str:
    """The words of a Markdown text without citation markers or Markdown marks; paragraphs and
    list items each on their own line."""
    lines: list[str] = []
    for token in _PARSER.parse(strip_citations(markdown)):
        if token.type != "inline":
            continue
        words = "".join(
            child.content if child.type in _INLINE_TEXT else " " if child.type in _BREAKS else ""
            for child in token.children or []
        )
        if words := _SPACES.sub(" ", words).strip():
            lines.append(words)
    return "\n".join(lines)


def spoken_text(markdown: str | None) -> str:
    """What a speech engine is given: the plain words, with "full words (ABBR)" said as the full
    words, and each line ending in a stop so the voice pauses between list items."""
    text = _SPELLED_OUT_ABBREVIATION.sub("", plain_text(markdown))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(line if line[-1] in ".!?:;" else f"{line}." for line in lines)
