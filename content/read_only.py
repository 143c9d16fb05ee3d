"""Whether this process may save article files: off on replicas that share one content folder.

Several replicas behind a load balancer read the same articles; letting each one write them would
leave the copies out of step. The deployment sets `CONTENT_READ_ONLY=1`, and a content folder the
process cannot write is read-only too (everything here runs as root, so the setting is the usual
way; see deploy/). The writing desk asks this before offering to save.
"""

from __future__ import annotations

import os
from pathlib import Path

from content.loader import content_dir

READ_ONLY_ENV = "CONTENT_READ_ONLY"
_TRUE = {"1", "true", "yes", "on"}


def content_read_only(folder: Path | None = None) -> bool:
    """True when `CONTENT_READ_ONLY` is 1/true/yes/on, or `folder` (default the content folder)
    is missing or not writable by this process."""
    if os.environ.get(READ_ONLY_ENV, "").strip().casefold() in _TRUE:
        return True
    folder = folder or content_dir()
    return not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK))
