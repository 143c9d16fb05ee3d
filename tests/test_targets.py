"""Tier targets: one YAML file, one verdict rule, shared by the app and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.model import TIERS
from readability.targets import TARGETS_FILE, Target, TargetsFileError, load_targets


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
    assert tuple(targets) == TIERS
    assert (targets["patient"].goal, targets["patient"].max) == (6, 8)
    assert targets["student"].max == 12
    assert targets["clinician"].max is None
    sources = {tier: target.source for tier, target in targets.items()}
    assert set(sources) == set(TIERS)
    assert "AMA" in sources["patient"] and "NIH" in sources["patient"]
    assert all(sources.values())


GOOD = TARGETS_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        pytest.param(GOOD.replace("  max: 8", "  maxx: 8"), "maxx", id="typo-in-key"),
        pytest.param(GOOD.replace("  goal: 6", "  goal: six"), "goal", id="not-a-number"),
        pytest.param(GOOD.replace("  goal: 6", "  goal: 9"), "above max", id="goal-above-limit"),
        pytest.param(GOOD.replace("student:", "students:"), "students", id="unknown-tier"),
        pytest.param(
            GOOD.split("student:")[0], "missing ['clinician', 'student']", id="missing-tier"
        ),
        pytest.param(
            GOOD.replace("  source: >-\n    Professional", "  note: >-\n    Professional"),
            "source",
            id="missing-source",
        ),
    ],
)
def test_a_broken_targets_file_is_an_error_naming_file_and_field(
    tmp_path: Path, text: str, complaint: str
) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetsFileError) as raised:
        load_targets(path)
    assert str(path) in str(raised.value)
    assert complaint in str(raised.value)


def test_a_reordered_file_still_lists_tiers_simplest_first(tmp_path: Path) -> None:
    patient, rest = GOOD.split("student:")
    path = tmp_path / "targets.yaml"
    path.write_text("student:" + rest + "\n" + patient.split("\n", 4)[-1], encoding="utf-8")
    assert tuple(load_targets(path)) == TIERS
