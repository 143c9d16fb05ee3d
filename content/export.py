"""The normalized article: the one JSON shape outside tools read (`python -m content export`)."""

from __future__ import annotations

from typing import Any

from content.citations import section_citations
from content.evidence import article_evidence
from content.model import TIERS, Article
from content.problems import Problem


def export_article(article: Article, problems: list[Problem] | None = None) -> dict[str, Any]:
    """Plain data with stable keys; extended, never renamed (outside tools rely on them)."""
    evidence = article_evidence(article)
    return {
        "id": article.id,
        "title": article.title,
        "status": article.status,
        "updated": article.updated.isoformat(),
        "topics": list(article.topics),
        "summary": {tier: article.summary.get(tier) for tier in TIERS},
        "key_points": {tier: article.key_points.get(tier) for tier in TIERS},
        "actions": {tier: article.actions.get(tier) for tier in TIERS},
        "review": (
            {"by": article.review.by, "date": article.review.date.isoformat()}
            if article.review
            else None
        ),
        "sections": [
            {
                "id": section.id,
                "heading": section.heading,
                "headings": {tier: section.heading_for(tier) for tier in TIERS},
                "group": section.group,
                "tiers": {tier: section.tiers.get(tier) for tier in TIERS},
                "citations": section_citations(section),
                "basis": list(section.basis),
                "outcome": section.outcome,
                "evidence": evidence[section.id].to_dict(),
            }
            for section in article.sections
        ],
        "references": [
            {
                "id": ref.id,
                "type": ref.type,
                "title": ref.title,
                "source": ref.source,
                "year": ref.year,
                # As written: a bare level (GRADE), a mapping, or a list of mappings.
                "certainty": _as_written(ref.certainty),
                "stated_certainty": [rating.model_dump() for rating in ref.stated()],
                "pools": ref.pools,
                "issuer": ref.issuer,
                "source_label": ref.source_label,
            }
            for ref in article.references
        ],
        "glossary": dict(article.glossary),
        "problems": [p.to_dict() for p in problems or []],
    }


def _as_written(certainty: Any) -> Any:
    if isinstance(certainty, list):
        return [rating.model_dump() for rating in certainty]
    if hasattr(certainty, "model_dump"):
        return certainty.model_dump()
    return certainty
