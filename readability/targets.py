"""Reading-level targets per tier, from one YAML file shared by the app and the report.

The file is validated by pydantic: an unknown key, a missing source or a tier that is not in the
tier registry (content/tiers.yaml) is an error naming the file and field, never a silent default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints, model_validator

from cache.data_files import reads_data_files
from content.tiers import tier_registry

# READABILITY_TARGETS_FILE may name another targets file, keyed by the registry's tiers.
TARGETS_FILE = Path(
    os.environ.get("READABILITY_TARGETS_FILE") or Path(__file__).with_name("targets.yaml")
)
Verdict = Literal["pass", "warn", "miss"]
VERDICT_WORDS: dict[str, str] = {
    "pass": "Meets target",
    "warn": "Above goal, within limit",
    "miss": "Misses target",
}


class TargetsFileError(ValueError):
    """targets.yaml does not match its schema; the message names the file and the field."""


@dataclass(frozen=True)
class Target:
    tier: str
    goal: float | None
    max: float | None
    source: str = ""

    def verdict(self, grade: float) -> Verdict:
        """pass at or under the goal, warn between goal and max, miss above max."""
        if self.max is not None and grade > self.max:
            return "miss"
        if self.goal is not None and grade > self.goal:
            return "warn"
        return "pass"

    def meets(self, grade: float) -> bool:
        """Whether a grade is within the hard limit (the editor's approval check)."""
        return self.verdict(grade) != "miss"

    def judgement(self, grade: float) -> dict[str, Any]:
        """The target fields of the report and `score --tier` contracts, for one grade.

        `target` is the limit (kept under its first name for existing readers); `goal` and
        `limit` name both numbers so a "warn" (above goal, within limit) reads as what it is.
        """
        return {
            "target": self.max,
            "goal": self.goal,
            "limit": self.max,
            "meets_target": self.meets(grade),
            "verdict": self.verdict(grade),
        }

    def describe(self) -> str:
        """Human words for the target, e.g. 'goal grade 6, at most 8'."""
        if self.max is None and self.goal is None:
            return "no reading-level limit"
        parts = []
        if self.goal is not None:
            parts.append(f"goal grade {self.goal:g}")
        if self.max is not None:
            parts.append(f"at most {self.max:g}")
        return ", ".join(parts)


class TargetSpec(BaseModel):
    """One tier's entry in targets.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    goal: float | None = Field(ge=0, le=25)
    max: float | None = Field(ge=0, le=25)
    source: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

    @model_validator(mode="after")
    def _goal_within_limit(self) -> TargetSpec:
        if self.goal is not None and self.max is not None and self.goal > self.max:
            raise ValueError(f"goal {self.goal:g} is above max {self.max:g}")
        return self


class TargetsFile(RootModel[dict[str, TargetSpec]]):
    """The whole file: exactly one entry per registered tier."""

    @model_validator(mode="after")
    def _tiers_match_registry(self) -> TargetsFile:
        registered = set(tier_registry())
        missing, unknown = registered - set(self.root), set(self.root) - registered
        if missing or unknown:
            raise ValueError(
                f"tiers must match content/tiers.yaml: missing {sorted(missing)}, "
                f"unknown {sorted(unknown)}"
            )
        return self


@reads_data_files
@cache
def load_targets(path: Path = TARGETS_FILE) -> dict[str, Target]:
    """Targets by tier, read and validated once per file (again after `forget_data()`)."""
    try:
        parsed = TargetsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise TargetsFileError(f"{path}: {exc}") from exc
    specs = parsed.root
    # In registry order (simplest first), whatever the order in the file.
    return {
        tier: Target(tier, specs[tier].goal, specs[tier].max, specs[tier].source)
        for tier in tier_registry()
    }


def target_for(tier: str) -> Target:
    return load_targets()[tier]
