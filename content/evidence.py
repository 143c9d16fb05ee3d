"""Design-based evidence strength per section: the strongest study design behind it, never a sum.

This is an indicator built from study designs (see evidence_vocabulary.yaml), not a formal GRADE
rating: a section citing one randomised trial scores higher than one citing ten animal studies.
Summaries written by others carry no weight; a guideline counts only through the certainty it
states; a section whose every study is animal or lab work stays Very low whatever it cites.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Any, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from cache.data_files import reads_data_files
from content.citations import section_citations
from content.model import POOLING_TYPES, Article, Certainty, Reference, Section, StudyType

VOCABULARY_FILE = Path(__file__).with_name("evidence_vocabulary.yaml")

NOT_GRADED = "Not graded"
FLAG_NO_SOURCE = "no source cited"
FLAG_OPINION_ONLY = "opinion, reviews or guidelines only"
FLAG_SUMMARY_ONLY = "summaries written by others only"
FLAG_NON_HUMAN_ONLY = "animal or lab evidence only"
# The ordered grade scale, weakest first: a grade's index is its rank.
GRADE_ORDER: tuple[str, ...] = (NOT_GRADED, "Very low", "Low", "Moderate", "High")
# Certainty levels, weakest first, and the grade each is shown as.
CERTAINTY_ORDER: tuple[str, ...] = ("very_low", "low", "moderate", "high")
LEVEL_LABELS: dict[str, str] = dict(zip(CERTAINTY_ORDER, GRADE_ORDER[1:], strict=True))


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
    estimate: Certainty
    human: bool
    label: Text
    patient: Text


class SourceSpec(_Strict):
    label: Text
    patient: Text


class BandSpec(_Strict):
    min: float = Field(ge=0, le=1)
    label: Text
    plain: Text  # what the plain (simplest) tier reads
    between: Text  # what the tiers between it and the reference tier read


class VocabularyFile(_Strict):
    """The whole of evidence_vocabulary.yaml; every study type of the model exactly once."""

    levels: dict[int, LevelSpec]
    designs: dict[StudyType, DesignSpec]
    sources: dict[StudyType, SourceSpec]
    opinion_levels: list[int]
    grade_caps: dict[Certainty, float]
    design_ceiling: Certainty
    several_trials: Certainty
    pooled_trials: Certainty
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
        ceiling = CERTAINTY_ORDER.index(self.design_ceiling)
        for name, design in self.designs.items():
            if design.level not in self.levels:
                raise ValueError(f"design {name!r} has level {design.level}, not in levels")
            if CERTAINTY_ORDER.index(design.estimate) > ceiling:
                raise ValueError(
                    f"design {name!r} is estimated above design_ceiling ({self.design_ceiling})"
                )
            if not design.human and design.estimate != "very_low":
                raise ValueError(f"design {name!r} is not in people: its estimate is very_low")
        for name in ("several_trials", "pooled_trials"):
            if CERTAINTY_ORDER.index(getattr(self, name)) > ceiling:
                raise ValueError(f"{name} is above design_ceiling ({self.design_ceiling})")
        caps = [self.grade_caps[level] for level in CERTAINTY_ORDER]
        if caps != sorted(caps) or len(set(caps)) != len(caps):
            raise ValueError("grade_caps must rise strictly from very_low to high")
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
    estimate: str | None = None

    @property
    def is_design(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class Vocabulary:
    designs: dict[str, StudyDesign]
    levels: dict[int, dict[str, str]]
    grade_caps: dict[str, float]
    design_ceiling: str
    several_trials: str
    pooled_trials: str
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
        name: StudyDesign(name, d.level, d.weight, d.human, d.label, d.patient, d.estimate)
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
        design_ceiling=spec.design_ceiling,
        several_trials=spec.several_trials,
        pooled_trials=spec.pooled_trials,
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
class GradeBasis:
    """Which route a section's grade took, and from what: the `evidence.basis_of_grade` export.

    `route` is "stated" (a cited source rated its own certainty), "design" (estimated from the
    study designs cited, never above Moderate) or "none" (nothing we can rate). `why` says in
    plain words what a design estimate rests on ("one randomised trial"); empty when stated.
    """

    route: str = "none"
    level: str | None = None
    scheme: str | None = None
    outcome: str | None = None
    reference: str | None = None
    design: str | None = None
    why: str = ""
    lowered_by_basis: bool = False

    @property
    def stated(self) -> bool:
        return self.route == "stated"

    def as_json(self) -> dict[str, Any]:
        """The contract's keys exactly (issue 17)."""
        return {
            "route": self.route,
            "level": self.level,
            "scheme": self.scheme,
            "outcome": self.outcome,
            "reference": self.reference,
            "design": self.design,
        }


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
    basis_of_grade: GradeBasis = field(default_factory=GradeBasis)

    @property
    def rank(self) -> int:
        """The grade's place on the ordered scale: 0 Not graded, 1 Very low ... 4 High."""
        return GRADE_ORDER.index(self.label)

    @property
    def non_human(self) -> bool:
        """Every study design behind the section is animal, lab or mechanistic work."""
        return FLAG_NON_HUMAN_ONLY in self.flags

    @property
    def stated(self) -> bool:
        """The grade is a certainty a cited source stated, not our estimate from design."""
        return self.basis_of_grade.stated

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "label": self.label,
            "rank": self.rank,
            "reason": self.reason,
            "basis_of_grade": self.basis_of_grade.as_json(),
            "flags": list(self.flags),
            "counts_by_level": {
                str(k): v for k, v in sorted(self.counts_by_level.items(), key=lambda kv: kv[0])
            },
            "human_share": self.human_share,
            "newest_year": self.newest_year,
            "median_year": self.median_year,
            "items": [item.__dict__ for item in self.items],
        }


def _item(design: StudyDesign, ref: Reference | None) -> EvidenceItem:
    return EvidenceItem(
        origin="reference" if ref is not None else "basis",
        type=design.type,
        level=design.level,
        weight=design.weight,
        human=design.human,
        reference_id=ref.id if ref else None,
        title=ref.title if ref else None,
        year=ref.year if ref else None,
    )


def _article_word(label: str) -> str:
    return f"an {label}" if label[0].lower() in "aeiou" else f"a {label}"


def _rank(level: str) -> int:
    return CERTAINTY_ORDER.index(level)


def _rates_people(ref: Reference, design: StudyDesign) -> bool:
    """Sources whose stated certainty counts: studies in people, and guidelines with an issuer."""
    if design.is_design:
        return bool(design.human)
    return ref.type == "guideline" and bool(ref.issuer)


def _stated(section: Section, refs: list[Reference]) -> GradeBasis | None:
    """The highest certainty a cited source states for this section's outcome, if any does."""
    designs = vocabulary().designs
    found = [
        (rating, ref)
        for ref in refs
        if _rates_people(ref, designs[ref.type])
        for rating in ref.stated()
        if rating.about(section.outcome)
    ]
    if not found:
        return None
    rating, ref = max(found, key=lambda pair: (_rank(pair[0].level), -int(pair[1].id)))
    return GradeBasis(
        route="stated",
        level=rating.level,
        scheme=rating.scheme,
        outcome=rating.outcome or section.outcome,
        reference=ref.id,
        design=ref.type,
    )


def _design_candidates(refs: list[Reference]) -> list[GradeBasis]:
    """What each cited design alone would earn, plus two or more trials together."""
    vocab = vocabulary()
    out: list[GradeBasis] = []
    trials = [ref for ref in refs if ref.type == "rct"]
    if len(trials) >= 2:
        out.append(
            GradeBasis(
                "design",
                vocab.several_trials,
                None,
                None,
                trials[0].id,
                "rct",
                "two or more randomised trials",
            )
        )
    for ref in refs:
        design = vocab.designs[ref.type]
        if not design.is_design or design.estimate is None:
            continue
        level, why = design.estimate, _article_word(design.label.lower())
        if ref.type in POOLING_TYPES:
            if ref.pools == "randomised":
                level, why = vocab.pooled_trials, "a review that pooled randomised trials"
            elif ref.pools == "observational":
                why = "a review that pooled observational studies"
            else:
                why = "a review of mixed or unstated study types"
        elif ref.type == "rct":
            why = "one randomised trial"
        elif not design.human:
            why = "animal or lab work only"
        out.append(GradeBasis("design", level, None, None, ref.id, ref.type, why))
    return out


def _designed(section: Section, refs: list[Reference]) -> GradeBasis | None:
    """The design estimate: the best any cited design earns, lowered by a weaker `basis`.

    A `basis` never raises the grade: it adds no design the references lack. It lowers it when
    it says the claims rest only on designs weaker than a trial (cohort, case-control, ...).
    """
    candidates = _design_candidates(refs)
    if not candidates:
        return None
    best = max(candidates, key=lambda c: _rank(c.level or "very_low"))
    designs = vocabulary().designs
    human_basis = [kind for kind in section.basis if designs[kind].human]
    if human_basis and not set(human_basis) & {"rct", *POOLING_TYPES}:
        ceiling = max((designs[k].estimate or "very_low" for k in human_basis), key=_rank)
        if _rank(ceiling) < _rank(best.level or "very_low"):
            best = replace(best, level=ceiling, lowered_by_basis=True)
    return best


def ignored_basis(
    section: Section, references: dict[str, Reference], cited: list[str]
) -> list[str]:
    """`basis` designs that would raise the grade but no cited reference has: the grade ignores
    them, and validation warns."""
    designs = vocabulary().designs
    refs = [references[r] for r in dict.fromkeys(cited) if r in references]
    cited_types = {ref.type for ref in refs}
    estimate = _designed(section, refs)
    current = _rank(estimate.level) if estimate and estimate.level else -1
    return [
        kind
        for kind in dict.fromkeys(section.basis)
        if designs[kind].human
        and kind not in cited_types
        and _rank(designs[kind].estimate or "very_low") > current
    ]


def _reason(basis: GradeBasis, items: list[EvidenceItem], non_human: bool, capped: bool) -> str:
    """One plain sentence saying why a section has its grade, and which route it took."""
    designs = vocabulary().designs
    if basis.route == "none":
        kinds = {item.type for item in items if item.origin == "reference"}
        named = (
            " The kind of study its text names is not among the sources it cites."
            if any(item.origin == "basis" for item in items)
            else ""
        )
        if not kinds:
            return f"No source is cited for this part, so it is not graded.{named}"
        if kinds == {"summary"}:
            return (
                "It rests only on summaries written by others, which are not studies, "
                f"so it is not graded.{named}"
            )
        return (
            "It rests on summaries and on guidance that states no certainty, not on studies, "
            f"so it is not graded.{named}"
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
    label = LEVEL_LABELS[basis.level or "very_low"]
    if basis.route == "stated":
        kind = designs[basis.design or "other"].label.lower()
        about = f" for {basis.outcome}" if basis.outcome else ""
        return (
            f"{label}: reference [{basis.reference}] ({kind}) rated its own certainty "
            f"{label.lower()} ({basis.scheme}){about}."
        )
    lowered = (
        " It is lowered because the text says the claims rest on weaker designs."
        if basis.lowered_by_basis
        else ""
    )
    return (
        f"{label}, estimated from study design: {basis.why}, reference [{basis.reference}]. "
        f"No cited source states its own certainty, and a design alone never rates above "
        f"{LEVEL_LABELS[vocabulary().design_ceiling]}.{lowered}"
    )


def grade_section(
    section: Section, references: dict[str, Reference], cited: list[str]
) -> SectionEvidence:
    """Grade one section: a certainty a cited source states, else an estimate from design."""
    vocab = vocabulary()
    refs = [references[ref_id] for ref_id in dict.fromkeys(cited) if ref_id in references]
    items = [_item(vocab.designs[ref.type], ref) for ref in refs]
    items += [_item(vocab.designs[kind], None) for kind in section.basis]

    flags: list[str] = []
    if not refs:
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

    basis = _stated(section, refs) or _designed(section, refs) or GradeBasis()
    score = vocab.grade_caps[basis.level] if basis.level else None
    capped = False
    if non_human and score is not None and score > vocab.non_human_cap:
        score, capped = vocab.non_human_cap, True
        basis = replace(basis, level="very_low")
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
        reason=_reason(basis, items, non_human, capped),
        capped=capped,
        items=items,
        counts_by_level=counts,
        human_share=(sum(bool(item.human) for item in studies) / len(studies)) if studies else None,
        newest_year=max(years) if years else None,
        median_year=statistics.median(years) if years else None,
        basis_of_grade=basis,
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
