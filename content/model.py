"""The article format: one pydantic model per YAML mapping, so every error has an exact location."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model, model_validator

from content.tiers import TIER_NAMES

# The reading tiers, simplest first, from the registry (content/tiers.yaml).
TIERS: tuple[str, ...] = TIER_NAMES
STATUSES: tuple[str, ...] = ("draft", "submitted", "under_review", "approved")

Status = Literal["draft", "submitted", "under_review", "approved"]
StudyType = Literal[
    "systematic_review",
    "meta_analysis",
    "rct",
    "cohort",
    "case_control",
    "cross_sectional",
    "case_series",
    "expert_opinion",
    "narrative_review",
    "animal",
    "in_vitro",
    "mechanistic",
    "guideline",
    "summary",
    "other",
]
Certainty = Literal["high", "moderate", "low", "very_low"]
# The schemes whose ratings a reference may carry: a closed list, so a typo is an error.
CertaintyScheme = Literal["GRADE", "USPSTF"]
# What a systematic review or meta-analysis pooled; unstated counts as mixed.
Pools = Literal["randomised", "observational", "mixed"]
POOLING_TYPES = ("systematic_review", "meta_analysis")

# Ids appear in URLs and file names: a strict slug keeps both safe.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
ReferenceId = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,4}$")]
# Long enough for any real section, short enough that a hostile file cannot exhaust memory.
Markdown = Annotated[str, StringConstraints(max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _PerTier(_Strict):
    """Base of the per-tier models: one optional field per registered tier."""

    def get(self, tier: str) -> Any:
        return getattr(self, tier, None)


def _per_tier(name: str, doc: str, field_type: Any, **field_args: Any) -> type[_PerTier]:
    """A model with one optional field per tier in the registry (content/tiers.yaml), in its
    order: a new tier there is a new field here, with no code to change."""
    fields: dict[str, Any] = {
        tier: (field_type | None, Field(default=None, **field_args)) for tier in TIER_NAMES
    }
    model = create_model(name, __base__=_PerTier, __doc__=doc, __module__=__name__, **fields)
    return model


TierText = _per_tier(
    "TierText",
    "The same content written for each reader; a missing tier is a warning, not an error.",
    Markdown,
)
TierHeadings = _per_tier(
    "TierHeadings",
    "Optional per-tier headings, for when the canonical heading is jargon to a patient.",
    ShortText,
)


class Section(_Strict):
    id: Slug
    heading: ShortText
    group: ShortText | None = None
    headings: TierHeadings = TierHeadings()
    basis: list[StudyType] = Field(
        default_factory=list,
        description="Study designs behind the section's claims, where the text or source says so.",
    )
    outcome: ShortText | None = Field(
        default=None,
        description="The outcome this section reports, to pick a reference's rating for it.",
    )
    tiers: TierText

    def heading_for(self, tier: str) -> str:
        """The heading this reader sees: the tier's own, else the canonical one."""
        return getattr(self.headings, tier, None) or self.heading


class StatedCertainty(_Strict):
    """A certainty the source itself reports, in a named scheme, optionally for one outcome."""

    level: Certainty
    scheme: CertaintyScheme
    outcome: ShortText | None = None

    def about(self, outcome: str | None) -> bool:
        """Whether this rating speaks to `outcome` (a rating or a section naming none matches)."""
        return self.outcome is None or outcome is None or _same(self.outcome, outcome)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class Reference(_Strict):
    id: ReferenceId
    type: StudyType
    title: ShortText
    source: ShortText = Field(description="Publisher or journal.")
    year: int = Field(ge=1800, le=2100)
    certainty: Certainty | StatedCertainty | list[StatedCertainty] | None = Field(
        default=None,
        description=(
            "The certainty the source itself states, only where it states one: a single level "
            "(a GRADE rating), or {level, scheme, outcome}, or a list of those for a review "
            "that rates several outcomes."
        ),
    )
    pools: Pools | None = Field(
        default=None,
        description=(
            "For a systematic review or meta-analysis: what it pooled (randomised, "
            "observational or mixed). Unstated counts as mixed."
        ),
    )
    issuer: ShortText | None = Field(
        default=None,
        description="For a guideline: the professional body or public agency that issued it.",
    )
    source_label: ShortText | None = Field(
        default=None, description="The source page's own label for the reference, kept as found."
    )

    @model_validator(mode="after")
    def _rates_only_what_it_can(self) -> Reference:
        if self.certainty is not None and self.type == "summary":
            raise ValueError(
                "a summary rates nothing: `certainty` is only for a source that states its own"
            )
        if self.pools is not None and self.type not in POOLING_TYPES:
            raise ValueError(
                "`pools` is only for a systematic review or meta-analysis (what it pooled)"
            )
        return self

    def stated(self) -> list[StatedCertainty]:
        """Every certainty the source states; a bare level is a GRADE rating of no named outcome."""
        if self.certainty is None:
            return []
        if isinstance(self.certainty, str):
            return [StatedCertainty(level=self.certainty, scheme="GRADE")]
        if isinstance(self.certainty, StatedCertainty):
            return [self.certainty]
        return list(self.certainty)


# A statement that opens an article or says what a reader can do: one or two short sentences.
Statement = Annotated[str, StringConstraints(min_length=1, max_length=400)]


_TierStatementsBase = _per_tier(
    "TierStatements",
    'Short statements per tier: key points ("What you need to know") or actions.',
    list[Statement],
    max_length=10,
)


class TierStatements(_TierStatementsBase):  # type: ignore[misc,valid-type]
    """Short statements per tier: key points ("What you need to know") or actions."""

    def get(self, tier: str) -> list[str]:
        return list(getattr(self, tier, None) or [])


class Question(_Strict):
    """One teach-back question: asked after the article, answered anonymously, with the reason
    shown either way so the reader leaves knowing the right answer."""

    id: Slug
    section: Slug = Field(
        description="The section where the answer is (the reader is linked there)."
    )
    ask: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    options: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = Field(
        min_length=3, max_length=6
    )
    answer: int = Field(ge=0, description="The index of the right option (0 is the first).")
    why: Annotated[str, StringConstraints(min_length=1, max_length=400)] = Field(
        description="Where the answer is in the text, said plainly."
    )
    same_as: Slug | None = Field(
        default=None, description="The id of the question asking the same fact in another tier."
    )

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> Question:
        if self.answer >= len(self.options):
            raise ValueError(
                f"answer {self.answer} is not one of the {len(self.options)} options "
                "(0 is the first)"
            )
        if len({o.casefold() for o in self.options}) != len(self.options):
            raise ValueError("two options are the same")
        return self


_TierQuestionsBase = _per_tier(
    "TierQuestions",
    "Two to four teach-back questions per tier, about the same facts in every tier.",
    list[Question],
    max_length=4,
)


class TierQuestions(_TierQuestionsBase):  # type: ignore[misc,valid-type]
    """Two to four teach-back questions per tier, about the same facts in every tier."""

    def get(self, tier: str) -> list[Question]:
        return list(getattr(self, tier, None) or [])


class Review(_Strict):
    """Who reviewed the article and when; only ever a real person's review."""

    by: ShortText
    date: dt.date


class Acceptance(_Strict):
    """An editor's justified exception to one editorial-check finding."""

    rule: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]{0,40}$")]
    section: ShortText | None = None
    excerpt: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    why: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class Checks(_Strict):
    accept: list[Acceptance] = Field(default_factory=list, max_length=100)


class Article(_Strict):
    id: Slug
    title: ShortText
    status: Status
    updated: dt.date
    topics: list[Annotated[str, StringConstraints(min_length=1, max_length=60)]] = Field(
        default_factory=list, max_length=20
    )
    summary: TierText = TierText()
    key_points: TierStatements = Field(
        default_factory=TierStatements,
        description="Two to four short statements per tier that open the article.",
    )
    actions: TierStatements = Field(
        default_factory=TierStatements,
        description="What the reader can do or ask, per tier (required for patients).",
    )
    questions: TierQuestions = Field(
        default_factory=TierQuestions,
        description="Teach-back questions per tier: did the reader understand?",
    )
    review: Review | None = Field(
        default=None, description="Shown to readers only when a person has reviewed it."
    )
    checks: Checks = Field(default_factory=Checks)
    sections: list[Section] = Field(min_length=1, max_length=200)
    references: list[Reference] = Field(default_factory=list, max_length=500)
    glossary: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=80)],
        Annotated[str, StringConstraints(min_length=1, max_length=500)],
    ] = Field(default_factory=dict)

    @property
    def approved(self) -> bool:
        return self.status == "approved"

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def reference(self, reference_id: str) -> Reference | None:
        return next((r for r in self.references if r.id == reference_id), None)
