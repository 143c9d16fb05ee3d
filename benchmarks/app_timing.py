"""Server-side render times of the app's pages with AppTest, for the `CONTENT_DIR` corpus.

Run by `python -m benchmarks` in a fresh process per corpus (Streamlit's caches live in the
process): `python -m benchmarks.app_timing ARTICLE_ID REPEAT` prints one JSON line of seconds.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest  # noqa: TID251 - the benchmark drives the app

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 1800


def _timed(at: AppTest, params: dict[str, str]) -> float:
    for name, value in params.items():
        at.query_params[name] = value
    start = time.perf_counter()
    at.run(timeout=TIMEOUT)
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"page raised: {at.exception[0].value}")
    return elapsed


def _page(at: AppTest, key: str, params: dict[str, str], repeat: int) -> dict[str, float]:
    first = _timed(at, params)
    warm = [_timed(at, params) for _ in range(repeat)]
    return {f"{key}_first": first, f"{key}_warm": statistics.median(warm)}


def measure(article_id: str, repeat: int) -> dict[str, Any]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    result = _page(at, "library", {}, repeat)
    at.switch_page("pages/article.py")
    result |= _page(at, "article", {"id": article_id}, repeat)
    if (ROOT / "pages" / "editor.py").exists():
        at.switch_page("pages/editor.py")
        result |= _page(at, "editor", {}, repeat)
    return result


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]))))
