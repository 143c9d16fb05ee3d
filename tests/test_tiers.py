"""The tier registry is the one list of tiers: the model, the targets and the UI agree with it."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from content.model import TierHeadings, TierStatements, TierText
from content.tiers import tier_registry
from readability.targets import load_targets


def test_registry_lists_tiers_simplest_first() -> None:
    assert list(tier_registry()) == ["patient", "student", "clinician"]


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(lambda: tuple(TierHeadings.model_fields), id="TierHeadings fields"),
        pytest.param(lambda: tuple(TierText.model_fields), id="TierText fields"),
        pytest.param(lambda: tuple(TierStatements.model_fields), id="TierStatements fields"),
        pytest.param(lambda: tuple(load_targets()), id="targets.yaml"),
    ],
)
def test_every_tier_list_matches_the_registry(names) -> None:
    assert tuple(names()) == tuple(tier_registry())


def test_a_typo_in_the_registry_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "tiers.yaml"
    broken.write_text("patient: {label: Patient, reader: a patient, offer: x, disclaimer: y}\n")
    with pytest.raises(pydantic.ValidationError):
        tier_registry.__wrapped__(broken)
