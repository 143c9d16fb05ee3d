"""Design-based evidence strength per section: the strongest study design behind it, never a sum.

This is an indicator built from study designs (see evidence_vocabulary.yaml), not a formal GRADE
rating: a section citing one randomised trial scores higher than one citing ten animal studies.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from content.citations import section_citations
from content.model import Article, Reference, Section

VOCABULARY_FILE = Path(__file__).with_name("evidence_vocabulary.yaml")

NOT_GRADED = "Not graded"
FLAG_NO_SOURCE = "no source cited"
FLAG_OPINION_ONLY = "opinion, reviews or guidelines only"
FLAG_NON_HUMAN_ONLY = "animal or lab evidence only"
# The ordered grade scale, weakest first: a grade's index is its rank.
GRADE_ORDER: tuple[str, ...] = (NOT_GRADED, "Very low", "Low", "Moderate", "High")
# Level 0 is guidelines, level 6 expert opinion and narrative reviews.
SUMMARY_LEVELS = frozenset({0, 6})


@dataclass(frozen=True)
class StudyDesign:
    type: str
    level: int
    weight: float | None
    human: bool
    label: str
    patient: str


@dataclass(frozen=True)
class Vocabulary:
    designs: dict[str, StudyDesign]
    levels: dict[int, dict[str, str]]
    grade_caps: dict[str, float]
    bands: list[dict[str, Any]]

    def band(self, score: float | None) -> dict[str, Any] | None:
        """The strength band a score falls in; None when nothing was scored."""
        if score is None:
            return None
        return next(b for b in self.bands if score >= b["min"])


@cache
def vocabulary() -> Vocabulary:
    """The study-design vocabulary, read once per process."""
    raw = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    designs = {name: StudyDesign(type=name, **spec) for name, spec in raw["types"].items()}
    bands = sorted(raw["bands"], key=lambda b: -b["min"])
    return Vocabulary(designs, raw["levels"], raw["grade_caps"], bands)


@dataclass(frozen=True)
class EvidenceItem:
    """One design behind a section: a cited reference, or a stated basis of its claims."""

    origin: str  # "reference" or "basis"
    type: str
    level: int
    weight: float | None
    human: bool
    reference_id: str | None = None
    title: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class SectionEvidence:
    score: float | None
    label: str
    flags: list[str]
    items: list[EvidenceItem] = field(default_factory=list)
    counts_by_level: dict[int, int] = field(default_factory=dict)
    human_share: float | None = None
    newest_year: int | None = None
    median_year: float | None = None

    @property
    def rank(self) -> int:
        """The grade's place on the ordered scale: 0 Not graded, 1 Very low ... 4 High."""
        return GRADE_ORDER.index(self.label)

    @property
    def non_human(self) -> bool:
        """Every study design behind the section is animal, lab or mechanistic work."""
        return FLAG_NON_HUMAN_ONLY in self.flags

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "label": self.label,
            "flags": list(self.flags),
            "counts_by_level": {str(k): v for k, v in sorted(self.counts_by_level.items())},
            "human_share": self.human_share,
            "newest_year": self.newest_year,
            "median_year": self.median_year,
            "items": [item.__dict__ for item in self.items],
        }


def _item(design: StudyDesign, ref: Reference | None, caps: dict[str, float]) -> EvidenceItem:
    weight = design.weight
    if ref is not None and ref.certainty is not None:
        cap = caps[ref.certainty]
        # A guideline has no design weight: its own stated certainty is its score.
        weight = cap if weight is None else min(weight, cap)
    return EvidenceItem(
        origin="reference" if ref is not None else "basis",
        type=design.type,
        level=design.level,
        weight=weight,
        human=design.human,
        reference_id=ref.id if ref else None,
        title=ref.title if ref else None,
        year=ref.year if ref else None,
    )


def grade_section(
    section: Section, references: dict[str, Reference], cited: list[str]
) -> SectionEvidence:
    """Grade one section from the references it cites plus the designs named in its `basis`."""
    vocab = vocabulary()
    items = [
        _item(vocab.designs[references[ref_id].type], references[ref_id], vocab.grade_caps)
        for ref_id in cited
        if ref_id in references
    ]
    items += [_item(vocab.designs[kind], None, vocab.grade_caps) for kind in section.basis]

    flags: list[str] = []
    if not any(item.origin == "reference" for item in items):
        flags.append(FLAG_NO_SOURCE)
    # Guidelines, reviews and opinion summarise; the studies are what the claims rest on.
    studies = [item for item in items if item.level not in SUMMARY_LEVELS]
    if studies and not any(item.human for item in studies):
        flags.append(FLAG_NON_HUMAN_ONLY)
    if items and not studies:
        flags.append(FLAG_OPINION_ONLY)

    weights = [item.weight for item in items if item.weight is not None]
    score = max(weights) if weights else None
    band = vocab.band(score)
    years = [item.year for item in items if item.year is not None]
    counts: dict[int, int] = {}
    for item in items:
        counts[item.level] = counts.get(item.level, 0) + 1
    return SectionEvidence(
        score=score,
        label=band["label"] if band else NOT_GRADED,
        flags=flags,
        items=items,
        counts_by_level=counts,
        human_share=(sum(item.human for item in items) / len(items)) if items else None,
        newest_year=max(years) if years else None,
        median_year=statistics.median(years) if years else None,
    )


def article_evidence(article: Article) -> dict[str, SectionEvidence]:
    """Each section's evidence by id, graded once for the chart, table, cards and export."""
    references = {r.id: r for r in article.references}
    return {
        section.id: grade_section(section, references, section_citations(section))
        for section in article.sections
    }
