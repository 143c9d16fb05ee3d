"""What a page's address may say: the reading level, larger text and the library's search and
filters, each validated; anything unknown is dropped, never passed on."""

from __future__ import annotations

from collections.abc import Iterable

from content.model import TIERS

PERSONA_PARAM = "persona"
# The reading-target verdict as it is written in a URL (`?target=above-goal`) -> the verdict.
TARGET_PARAMS: dict[str, str] = {"meets": "pass", "above-goal": "warn", "misses": "miss"}
MAX_QUERY_CHARS = 200


TEXT_PARAM = "text"
# The one value `?text=` takes: larger text for the whole visit. Anything else means normal size.
LARGE_TEXT = "large"


def large_text_from_url(value: str | None) -> bool:
    """Whether a URL value asks for larger text (`?text=large`, case-insensitively)."""
    return (value or "").strip().casefold() == LARGE_TEXT


def persona_from_url(value: str | None) -> str | None:
    """The tier a URL value names, case-insensitively (`Clinician` -> `clinician`), else None."""
    name = (value or "").strip().casefold()
    return name if name in TIERS else None


def known_values(values: Iterable[str], allowed: Iterable[str]) -> list[str]:
    """The URL values that are known, once each, in the order given; anything else is dropped."""
    allowed = set(allowed)
    kept: list[str] = []
    for value in values:
        if value in allowed and value not in kept:
            kept.append(value)
    return kept


def search_from_url(value: str | None) -> str:
    """A search query from the URL: one line of printable text, at most MAX_QUERY_CHARS long."""
    printable = "".join(ch if ch.isprintable() else " " for ch in value or "")
    return " ".join(printable.split())[:MAX_QUERY_CHARS]
