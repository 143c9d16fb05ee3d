"""Reader-facing text helpers: linked citations, glossary terms on a page, library search.

Pure functions on article data; the pages only draw what these return.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from markdown_it import MarkdownIt

from content.citations import CITATION_MARKER, parse_marker, section_citations, strip_citations
from content.model import TIERS, Article


def reference_anchor(reference_id: str) -> str:
    """The in-page anchor a reference is rendered under, e.g. `ref-3`."""
    return f"ref-{reference_id}"


def _missing_marker(reference_id: str) -> str:
    return f"**{reference_id} (reference missing)**"


def link_citations(
    markdown: str | None,
    known_ids: Iterable[str],
    *,
    missing: Callable[[str], str] = _missing_marker,
) -> str:
    """Turn `[1, 2]` into `[1, 2]` whose numbers link to the reference list.

    A marker naming a reference that does not exist is kept visibly (`missing` formats it),
    never dropped. Ranges such as `[1-3]` are spelled out.
    """
    known = set(known_ids)

    def one(reference_id: str) -> str:
        if reference_id in known:
            anchor = reference_anchor(reference_id)
            return f'[{reference_id}](#{anchor} "Go to reference {reference_id}")'
        return missing(reference_id)

    def replace(match: re.Match[str]) -> str:
        return r"\[" + ", ".join(one(i) for i in parse_marker(match.group(1))) + r"\]"

    return CITATION_MARKER.sub(replace, markdown or "")


def without_citations(markdown: str | None) -> str:
    """The text with its citation markers removed, for places with no reference list."""
    return strip_citations(markdown)


def missing_citations(article: Article) -> list[str]:
    """Reference ids cited somewhere in the article that have no reference, in order."""
    known = {r.id for r in article.references}
    ids: list[str] = []
    for section in article.sections:
        ids += [i for i in section_citations(section) if i not in known and i not in ids]
    return ids


def _term_pattern(term: str) -> re.Pattern[str]:
    # Whole words, allowing a plural "s"/"es" ("receptor" finds "receptors").
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?:e?s)?(?![\w-])", re.IGNORECASE)


def glossary_terms(texts: Iterable[str | None], glossary: dict[str, str]) -> list[tuple[str, str]]:
    """Glossary entries whose term occurs in any of the texts, alphabetically."""
    joined = "\n".join(t for t in texts if t)
    found = [(term, text) for term, text in glossary.items() if _term_pattern(term).search(joined)]
    return sorted(found, key=lambda pair: pair[0].casefold())


def article_texts(article: Article, tier: str) -> list[str]:
    """Everything a reader of one tier reads: title, short answer, headings, section texts."""
    texts = [article.title, article.summary.get(tier) or ""]
    for section in article.sections:
        texts += [section.group or "", section.heading_for(tier), section.tiers.get(tier) or ""]
    return [t for t in texts if t]


def matches_query(article: Article, query: str) -> bool:
    """Library search: every word of the query appears in the title, topics or any tier's text."""
    words = query.casefold().split()
    if not words:
        return True
    haystack = " ".join(
        [article.title, *article.topics]
        + [text for tier in TIERS for text in article_texts(article, tier)]
    ).casefold()
    return all(word in haystack for word in words)


def select_articles(
    articles: Iterable[Article],
    *,
    query: str = "",
    topics: Iterable[str] = (),
    statuses: Iterable[str] = (),
) -> list[Article]:
    """Articles matching the search and filters; empty filters allow everything."""
    topics, statuses = set(topics), set(statuses)
    return [
        article
        for article in articles
        if matches_query(article, query)
        and (not topics or topics & set(article.topics))
        and (not statuses or article.status in statuses)
    ]


# --- Reading level and library filters from the URL ----------------------------------------------

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


# --- Article text cannot load anything from outside ----------------------------------------------

_BRACKETED = r"\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
_TITLE = r"""(?:\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?"""
_DESTINATION = r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)" + _TITLE + r"\s*\)"
_IMAGE = re.compile(r"!" + _BRACKETED + rf"(?:{_DESTINATION}|\[[^\[\]]*\])?")
_LINK = re.compile(r"(?<![\\!])" + _BRACKETED + _DESTINATION)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")
_DEFINITION = re.compile(r"^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+).*$", re.M)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link
SAFE_SCHEMES = {"http", "https"}


def safe_link(url: str) -> bool:
    """Whether a link target stays safe: http(s), or in the app (a path, a query or `#anchor`)."""
    # Browsers drop tabs, newlines and controls inside URLs and read a backslash as a slash.
    target = "".join(ch for ch in html.unescape(url) if ch.isprintable() and not ch.isspace())
    target = target.strip("<>").replace("\\", "/")
    if scheme := _SCHEME.match(target):
        return scheme.group(1).casefold() in SAFE_SCHEMES
    return not target.startswith("//")  # `//host/...` is another site


def _drop_images(text: str) -> str:
    for _ in range(5):  # an image inside an image's alt text comes out on the next pass
        text, count = _IMAGE.subn(lambda m: m.group(1), text)
        if not count:
            break
    return text


def _unsafe(markdown: str) -> bool:
    """True when a CommonMark parse still finds an image or an unsafe link."""
    for block in _PARSER.parse(markdown):
        for token in block.children or []:
            if token.type == "image":
                return True
            if token.type == "link_open" and not safe_link(str(token.attrs.get("href", ""))):
                return True
    return False


def safe_markdown(markdown: str | None) -> str:
    """Article Markdown that cannot load anything: images become their alt text, and a link
    to anything but http(s) or a page of this app becomes its plain text.

    Rewritten with patterns, then checked with a real parse; if the parse still finds an image
    or an unsafe link, every bracket is escaped so the text shows, with no link at all.
    """
    text = _drop_images(markdown or "")
    text = _LINK.sub(lambda m: m.group(0) if safe_link(m.group(2)) else m.group(1), text)
    text = _AUTOLINK.sub(
        lambda m: m.group(0) if safe_link(m.group(1)) else rf"\<{m.group(1)}\>", text
    )
    text = _DEFINITION.sub(lambda m: m.group(0) if safe_link(m.group(1)) else "", text)
    if _unsafe(text):
        text = re.sub(r"([\\\[\]!<>()])", r"\\\1", markdown or "")
    return text
