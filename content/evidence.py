"""Design-based evidence strength per section: the strongest study design behind it, never a sum.

This is an indicator built from study designs (see evidence_vocabulary.yaml), not a formal GRADE
rating: a section citing one randomised trial scores higher than one citing ten animal studies.
Summaries written by others carry no weight; a guideline counts only through the certainty it
states; a section whose every study is animal or lab work stays Very low whatever it cites.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from cache.data_files import reads_data_files
from content.citations import section_citations
from content.model import Article, Certainty, Reference, Section, StudyType

VOCABULARY_FILE = Path(__file__).with_name("evidence_vocabulary.yaml")

NOT_GRADED = "Not graded"
FLAG_NO_SOURCE = "no source cited"
FLAG_OPINION_ONLY = "opinion, reviews or guidelines only"
FLAG_SUMMARY_ONLY = "summaries written by others only"
FLAG_NON_HUMAN_ONLY = "animal or lab evidence only"
# The ordered grade scale, weakest first: a grade's index is its rank.
GRADE_ORDER: tuple[str, ...] = (NOT_GRADED, "Very low", "Low", "Moderate", "High")


# --- The vocabulary file, validated -------------------------------------------------------------

Text = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelSpec(_Strict):
    name: Text
    patient: Text


class DesignSpec(_Strict):
    level: int = Field(ge=1)
    weight: float = Field(ge=0, le=1)
    human: bool
    label: Text
    patient: Text


class SourceSpec(_Strict):
    label: Text
    patient: Text


class BandSpec(_Strict):
    min: float = Field(ge=0, le=1)
    label: Text
    patient: Text
    student: Text


class VocabularyFile(_Strict):
    """The whole of evidence_vocabulary.yaml; every study type of the model exactly once."""

    levels: dict[int, LevelSpec]
    designs: dict[StudyType, DesignSpec]
    sources: dict[StudyType, SourceSpec]
    opinion_levels: list[int]
    grade_caps: dict[Certainty, float]
    non_human_cap: float = Field(ge=0, le=1)
    bands: list[BandSpec] = Field(min_length=1)
    non_human_words: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> VocabularyFile:
        types = set(get_args(StudyType))
        both = set(self.designs) & set(self.sources)
        if both:
            raise ValueError(f"listed as both a design and a source: {sorted(both)}")
        missing = types - set(self.designs) - set(self.sources)
        if missing:
            raise ValueError(f"study types missing from designs and sources: {sorted(missing)}")
        if missing_caps := set(get_args(Certainty)) - set(self.grade_caps):
            raise ValueError(f"grade_caps lacks {sorted(missing_caps)}")
        for name, design in self.designs.items():
            if design.level not in self.levels:
                raise ValueError(f"design {name!r} has level {design.level}, not in levels")
        if unknown := set(self.opinion_levels) - set(self.levels):
            raise ValueError(f"opinion_levels names unknown levels {sorted(unknown)}")
        labels = [band.label for band in self.bands]
        if not set(labels) <= set(GRADE_ORDER) or sorted(labels, key=GRADE_ORDER.index) != list(
            reversed(labels)
        ):
            raise ValueError(f"bands must be {list(reversed(GRADE_ORDER[1:]))}, strongest first")
        mins = [band.min for band in self.bands]
        if mins != sorted(mins, reverse=True) or mins[-1] != 0:
            raise ValueError("band minimums must fall strictly, strongest first, down to 0")
        if len(self.bands) > 1 and not self.non_human_cap < self.bands[-2].min:
            raise ValueError(f"non_human_cap must fall inside the {labels[-1]} band")
        return self


class VocabularyError(ValueError):
    """The vocabulary file does not match its model; the message names the file and field."""


@dataclass(frozen=True)
class StudyDesign:
    """A citable kind of source: a study design (with level and weight) or a summary/guideline."""

    type: str
    level: int | None
    weight: float | None
    human: bool | None
    label: str
    patient: str

    @property
    def is_design(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class Vocabulary:
    designs: dict[str, StudyDesign]
    levels: dict[int, dict[str, str]]
    grade_caps: dict[str, float]
    bands: list[dict[str, Any]]
    opinion_levels: frozenset[int]
    non_human_cap: float
    non_human_words: tuple[str, ...]

    def band(self, score: float | None) -> dict[str, Any] | None:
        """The strength band a score falls in; None when nothing was scored."""
        if score is None:
            return None
        return next(b for b in self.bands if score >= b["min"])


def parse_vocabulary(raw: Any, where: str = str(VOCABULARY_FILE)) -> Vocabulary:
    """Validate raw vocabulary data; a typo raises `VocabularyError` naming the field."""
    from pydantic import ValidationError

    try:
        spec = VocabularyFile.model_validate(raw)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
        raise VocabularyError(f"{where}: {details}") from None
    designs = {
        name: StudyDesign(name, d.level, d.weight, d.human, d.label, d.patient)
        for name, d in spec.designs.items()
    }
    designs |= {
        name: StudyDesign(name, None, None, None, s.label, s.patient)
        for name, s in spec.sources.items()
    }
    return Vocabulary(
        designs=designs,
        levels={level: spec.levels[level].model_dump() for level in sorted(spec.levels)},
        grade_caps=dict(spec.grade_caps),
        bands=[band.model_dump() for band in spec.bands],
        opinion_levels=frozenset(spec.opinion_levels),
        non_human_cap=spec.non_human_cap,
        non_human_words=tuple(spec.non_human_words),
    )


@reads_data_files
@cache
def vocabulary() -> Vocabulary:
    """The study-design vocabulary, read and validated once (again after `forget_data()`)."""
    return parse_vocabulary(yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8")))


# --- Grading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceItem:
    """One design behind a section: a cited reference, or a stated basis of its claims."""

    origin: str  # "reference" or "basis"
    type: str
    level: int | None
    weight: float | None
    human: bool | None
    reference_id: str | None = None
    title: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class SectionEvidence:
    score: float | None
    label: str
    flags: list[str]
    reason: str = ""
    capped: bool = False
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
            "rank": self.rank,
            "reason": self.reason,
            "flags": list(self.flags),
            "counts_by_level": {
                str(k): v for k, v in sorted(self.counts_by_level.items(), key=lambda kv: kv[0])
            },
            "human_share": self.human_share,
            "newest_year": self.newest_year,
            "median_year": self.median_year,
            "items": [item.__dict__ for item in self.items],
        }


def _item(design: StudyDesign, ref: Reference | None, caps: dict[str, float]) -> EvidenceItem:
    weight = design.weight
    if ref is not None and ref.certainty is not None and design.type != "summary":
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


def _article_word(label: str) -> str:
    return f"an {label}" if label[0].lower() in "aeiou" else f"a {label}"


def _reason(items: list[EvidenceItem], score: float | None, non_human: bool, capped: bool) -> str:
    """One plain sentence saying why a section has its grade."""
    designs = vocabulary().designs
    if not items:
        return "No source is cited for this part, so it is not graded."
    if score is None:
        kinds = {item.type for item in items}
        if kinds == {"summary"}:
            return (
                "It rests only on summaries written by others, which are not studies, "
                "so it is not graded."
            )
        return (
            "It rests on summaries and on guidance that states no certainty, not on studies, "
            "so it is not graded."
        )
    if non_human:
        if capped:
            return (
                "Every study behind it is in animals or in the lab, so it stays Very low "
                "whatever a source's stated certainty."
            )
        return (
            "Every study behind it is in animals or in the lab, so it cannot rate above Very low."
        )
    best = max((i for i in items if i.weight is not None), key=lambda i: i.weight or 0.0)
    label = designs[best.type].label.lower()
    if best.origin == "reference":
        where = f"reference [{best.reference_id}]"
        if best.type == "guideline":
            return f"Its strongest support is the certainty that guideline {where} states."
        return f"Its strongest support is {_article_word(label)}, {where}."
    return f"Its strongest support is {_article_word(label)} named in the text."


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
    # Summaries, guidelines, reviews and opinion summarise; studies are what claims rest on.
    studies = [
        item for item in items if item.level is not None and item.level not in vocab.opinion_levels
    ]
    non_human = bool(studies) and not any(item.human for item in studies)
    if non_human:
        flags.append(FLAG_NON_HUMAN_ONLY)
    if items and all(item.type == "summary" for item in items):
        flags.append(FLAG_SUMMARY_ONLY)
    elif items and not studies:
        flags.append(FLAG_OPINION_ONLY)

    weights = [item.weight for item in items if item.weight is not None]
    score = max(weights) if weights else None
    capped = False
    if non_human and score is not None and score > vocab.non_human_cap:
        score, capped = vocab.non_human_cap, True
    band = vocab.band(score)
    years = [item.year for item in items if item.year is not None]
    counts: dict[int, int] = {}
    for item in items:
        if item.level is not None:
            counts[item.level] = counts.get(item.level, 0) + 1
    return SectionEvidence(
        score=score,
        label=band["label"] if band else NOT_GRADED,
        flags=flags,
        reason=_reason(items, score, non_human, capped),
        capped=capped,
        items=items,
        counts_by_level=counts,
        human_share=(sum(bool(item.human) for item in studies) / len(studies)) if studies else None,
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


def section_evidence(article: Article, section: Section) -> SectionEvidence:
    """One section's evidence; callers that need several sections use `article_evidence`."""
    return article_evidence(article)[section.id]
