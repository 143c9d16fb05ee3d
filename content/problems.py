"""Problems found in content, kept as data so every tool can print, count or filter them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding: `where` names the file and the field path, e.g. `a.yaml:sections[2].tiers`."""

    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem would stop an article being served."""
    return any(p.severity == "error" for p in problems)
