"""Citation markers in article text: `[3]`, `[1, 2]`, `[1-3]`."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from content.model import Section

# Digits, commas and ranges inside brackets; not a Markdown link like `[2](...)`.
CITATION_MARKER = re.compile(r"\[\s*(\d{1,4}(?:\s*[,\u2013\u2011-]\s*\d{1,4})*)\s*\](?!\()")
_MAX_RANGE = 50


_MARKER_WITH_SPACE = re.compile(r"\s*" + CITATION_MARKER.pattern)
_LIST_SEPARATOR = re.compile(r"\s*,\s*")
_RANGE_SEPARATOR = re.compile(r"\s*[\u2013\u2011-]\s*")


def strip_citations(markdown: str | None) -> str:
    r"""The text without its citation markers (and the space before each).

    The same as `_MARKER_WITH_SPACE.sub("", text)`, found from each "[" rather than tried at
    every character (an expression that starts with `\s*` is): this runs on every text scored.
    """
    text = markdown or ""
    if "[" not in text:
        return text
    kept: list[str] = []
    end = 0
    for marker in CITATION_MARKER.finditer(text):
        kept.append(text[end : marker.start()].rstrip())
        end = marker.end()
    kept.append(text[end:])
    return "".join(kept)


def parse_marker(body: str) -> list[str]:
    """Expand one marker's inside (`1, 3-5`) into reference ids in order, without repeats."""
    body = body.strip()
    if body.isdecimal():  # the common `[3]`
        return [str(int(body))]
    ids: list[str] = []
    for part in _LIST_SEPARATOR.split(body):
        bounds = _RANGE_SEPARATOR.split(part)
        if len(bounds) == 2 and 0 <= int(bounds[1]) - int(bounds[0]) <= _MAX_RANGE:
            numbers = range(int(bounds[0]), int(bounds[1]) + 1)
        else:
            numbers = [int(b) for b in bounds]
        for number in numbers:
            if str(number) not in ids:
                ids.append(str(number))
    return ids


def cited_ids(markdown: str | None) -> list[str]:
    """Reference ids cited in a text, in order of first appearance."""
    if not markdown or "[" not in markdown:
        return []
    return list(_cited_ids(markdown))


@lru_cache(maxsize=4096)
def _cited_ids(markdown: str) -> tuple[str, ...]:
    """Validation asks several times per text (each check, each tier): parsed once."""
    ids: list[str] = []
    for match in CITATION_MARKER.finditer(markdown):
        for ref_id in parse_marker(match.group(1)):
            if ref_id not in ids:
                ids.append(ref_id)
    return tuple(ids)


def section_citations(section: Section) -> list[str]:
    """Reference ids a section cites in any tier, in order of first appearance."""
    ids: list[str] = []
    for tier in type(section.tiers).model_fields:
        ids += [i for i in cited_ids(section.tiers.get(tier)) if i not in ids]
    return ids
