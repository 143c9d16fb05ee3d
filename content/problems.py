"""Problems found in content, kept as data so every tool can print, count or filter them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding: `where` names the file and the field path, e.g. `a.yaml:sections[2].tiers`.

    `blocking` errors stop an article being served. A non-blocking error (say, a dangling
    citation in an approved article) fails `content validate` and so the content gate, while
    readers still get the article, shown as pending review: a typo must not make it vanish.
    """

    severity: Severity
    where: str
    message: str
    blocking: bool = field(default=True, compare=False)

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"severity": self.severity, "where": self.where, "message": self.message}


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem is an error (the command-line tools exit 1)."""
    return any(p.severity == "error" for p in problems)


def blocks_serving(problems: list[Problem]) -> bool:
    """True when an error means the article cannot be served at all."""
    return any(p.severity == "error" and p.blocking for p in problems)
