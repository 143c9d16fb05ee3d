"""Tier targets: one YAML file, one verdict rule, shared by the app and the report."""

from __future__ import annotations

import pytest

from content.model import TIERS
from readability.targets import TARGETS_FILE, Target, load_targets


@pytest.mark.parametrize(
    ("goal", "limit", "grade", "verdict"),
    [
        (6, 8, 5.9, "pass"),
        (6, 8, 6.0, "pass"),
        (6, 8, 7.2, "warn"),
        (6, 8, 8.0, "warn"),
        (6, 8, 8.1, "miss"),
        (None, 12, 11.0, "pass"),
        (None, 12, 12.5, "miss"),
        (None, None, 25.0, "pass"),
    ],
)
def test_verdict(goal: float | None, limit: float | None, grade: float, verdict: str) -> None:
    target = Target("any", goal, limit)
    assert target.verdict(grade) == verdict
    assert target.meets(grade) is (verdict != "miss")


def test_every_tier_has_a_target_and_the_file_cites_its_sources() -> None:
    targets = load_targets()
    assert set(targets) == set(TIERS)
    assert (targets["patient"].goal, targets["patient"].max) == (6, 8)
    assert targets["student"].max == 12
    assert targets["clinician"].max is None
    text = TARGETS_FILE.read_text(encoding="utf-8")
    assert "AMA" in text and "NIH" in text
