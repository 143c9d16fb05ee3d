"""Reader-facing text: linked citations, glossary terms on a page, and library search.

Pure functions on article data; the pages only draw what these return.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

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
