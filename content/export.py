"""The normalized article: the one JSON shape outside tools read (`python -m content export`)."""

from __future__ import annotations

from typing import Any

from content.citations import section_citations
from content.evidence import SectionEvidence, grade_section
from content.model import TIERS, Article, Section
from content.problems import Problem


def section_evidence(article: Article, section: Section) -> SectionEvidence:
    """Evidence for one section from the references it cites and its stated basis."""
    references = {r.id: r for r in article.references}
    return grade_section(section, references, section_citations(section))


def export_article(article: Article, problems: list[Problem] | None = None) -> dict[str, Any]:
    """Plain data with stable keys; extended, never renamed (outside tools rely on them)."""
    return {
        "id": article.id,
        "title": article.title,
        "status": article.status,
        "updated": article.updated.isoformat(),
        "topics": list(article.topics),
        "summary": {tier: article.summary.get(tier) for tier in TIERS},
        "sections": [
            {
                "id": section.id,
                "heading": section.heading,
                "headings": {tier: section.heading_for(tier) for tier in TIERS},
                "group": section.group,
                "tiers": {tier: section.tiers.get(tier) for tier in TIERS},
                "citations": section_citations(section),
                "basis": list(section.basis),
                "evidence": section_evidence(article, section).to_dict(),
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
                "certainty": ref.certainty,
            }
            for ref in article.references
        ],
        "glossary": dict(article.glossary),
        "problems": [p.to_dict() for p in problems or []],
    }
