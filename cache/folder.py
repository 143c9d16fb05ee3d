"""Where the project keeps files it can rebuild: the result cache, the pronunciation corpus."""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path:
    """The project's cache folder: `READER_CACHE_DIR` when set, else `~/.cache/tiered-reader/`.

    `XDG_CACHE_HOME` replaces `~/.cache` as usual. Everything in it can be deleted at any time:
    it is rebuilt on the next run.
    """
    override = os.environ.get("READER_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "tiered-reader"
