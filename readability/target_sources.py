"""Where each tier's reading target comes from: the comments beside it in targets.yaml.

The sources live as comments so the YAML stays small; this reads them back for the About page, so
the file stays the one place they are written.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from readability.targets import TARGETS_FILE

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):")
_COMMENT = re.compile(r"^\s+#\s?(.*)$")


@cache
def target_sources(path: Path = TARGETS_FILE) -> dict[str, str]:
    """The indented comment lines under each top-level tier key, joined into one paragraph."""
    sources: dict[str, list[str]] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if key := _TOP_KEY.match(line):
            current = key.group(1)
            sources[current] = []
        elif current and (comment := _COMMENT.match(line)):
            sources[current].append(comment.group(1).strip())
    return {tier: " ".join(lines) for tier, lines in sources.items()}
