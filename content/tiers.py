"""The registry of reading tiers: names, labels, offers and disclaimers, from `tiers.yaml`.

Every part of the app that needs to know the tiers asks here, so adding a tier or translating a
label is a change to one data file.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, RootModel, StringConstraints

# CONTENT_TIERS_FILE may name another registry (tests add a tier this way); its bytes are part
# of every cache version that depends on the tiers.
TIERS_FILE = Path(os.environ.get("CONTENT_TIERS_FILE") or Path(__file__).with_name("tiers.yaml"))
_Text = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class TierInfo(BaseModel):
    """One tier as readers and editors see it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: _Text
    reader: _Text
    offers: _Text
    disclaimer: _Text


class _TierFile(RootModel[dict[Annotated[str, StringConstraints(pattern=r"^[a-z]+$")], dict]]):
    pass


@cache
def tier_registry(path: Path = TIERS_FILE) -> dict[str, TierInfo]:
    """Tiers by name, simplest first; a typo or missing field in the file is an error."""
    raw = _TierFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).root
    return {name: TierInfo(name=name, **spec) for name, spec in raw.items()}


def tier_info(name: str) -> TierInfo:
    return tier_registry()[name]


TIER_NAMES: tuple[str, ...] = tuple(tier_registry())


# Roles, not names: code asks which tier plays a part; only the registry's order says which.
def plain_tier() -> str:
    """The simplest tier: it must have actions, gets the one-sentence reading-level line and the
    plain evidence words, and the plain-only rules judge it."""
    return TIER_NAMES[0]


def reference_tier() -> str:
    """The most technical tier, whose citations the others must match."""
    return TIER_NAMES[-1]


def plain_tiers() -> tuple[str, ...]:
    """Every tier but the reference tier (the ones written for lay readers)."""
    return TIER_NAMES[:-1]


def tier_label(name: str) -> str:
    """The one way to get a tier's label for display."""
    return tier_info(name).label
