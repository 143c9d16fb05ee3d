"""Reading-level targets per tier, from one YAML file shared by the app and the report."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

TARGETS_FILE = Path(__file__).with_name("targets.yaml")
Verdict = Literal["pass", "warn", "miss"]
VERDICT_WORDS: dict[str, str] = {
    "pass": "Meets target",
    "warn": "Above goal, within limit",
    "miss": "Misses target",
}


@dataclass(frozen=True)
class Target:
    tier: str
    goal: float | None
    max: float | None

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
        """The target fields of the report and `score --tier` contracts, for one grade."""
        return {
            "target": self.max,
            "goal": self.goal,
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


@cache
def load_targets(path: Path = TARGETS_FILE) -> dict[str, Target]:
    """Targets by tier, read once per process."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {tier: Target(tier, spec.get("goal"), spec.get("max")) for tier, spec in raw.items()}


def target_for(tier: str) -> Target:
    return load_targets()[tier]
