"""Articles: the model, loading and validation, evidence grading, export and import. No UI here."""

from content.citations import section_citations
from content.evidence import SectionEvidence, article_evidence, section_evidence, vocabulary
from content.export import export_article
from content.loader import Library, LoadResult, content_dir, load_article, load_library
from content.model import STATUSES, TIERS, Article, Reference, Section
from content.problems import Problem, has_errors

__all__ = [
    "STATUSES",
    "TIERS",
    "Article",
    "Library",
    "LoadResult",
    "Problem",
    "Reference",
    "Section",
    "SectionEvidence",
    "article_evidence",
    "content_dir",
    "export_article",
    "has_errors",
    "load_article",
    "load_library",
    "section_citations",
    "section_evidence",
    "vocabulary",
]
