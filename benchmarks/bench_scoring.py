"""How long scoring a library takes, against bare textstat on the same texts; prints figures.

Run: `.venv/bin/python benchmarks/bench_scoring.py [--articles N]`. It copies the shipped
articles under new ids into a temporary folder, then times loading and the full report (every
article × tier × section plus whole tiers) in a cold process-level cache, and the same texts
scored by calling textstat's seven public functions directly.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import textstat  # noqa: E402
import yaml  # noqa: E402

from content.loader import load_library  # noqa: E402
from content.model import TIERS  # noqa: E402
from readability.assess import tier_markdown  # noqa: E402
from readability.clean import clean_markdown  # noqa: E402
from readability.dictionary import ensure_cmudict  # noqa: E402
from readability.report import report_rows  # noqa: E402
from readability.scores import score_clean_text  # noqa: E402

BARE_TEXTSTAT = (
    textstat.flesch_kincaid_grade,
    textstat.flesch_reading_ease,
    textstat.smog_index,
    textstat.gunning_fog,
    textstat.coleman_liau_index,
    textstat.automated_readability_index,
    textstat.dale_chall_readability_score,
)


def make_library(folder: Path, count: int) -> None:
    """Copies of the shipped articles with new ids; each text varied so no cache can cheat."""
    sources = [a.model_dump(mode="json") for a in load_library().articles.values()]
    for n in range(count):
        data = sources[n % len(sources)]
        data = {**data, "id": f"bench-{n:05d}"}
        data["sections"] = [
            {
                **s,
                "tiers": {
                    t: f"{v}\n- Copy number {n} of this text." for t, v in s["tiers"].items() if v
                },
            }
            for s in data["sections"]
        ]
        (folder / f"bench-{n:05d}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    ensure_cmudict()
    textstat.flesch_kincaid_grade("Warm the syllable dictionary once.")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_library(folder, args.articles)
        t0 = time.perf_counter()
        library = load_library(folder)
        t1 = time.perf_counter()
        rows = report_rows(library.articles.values())
        t2 = time.perf_counter()
        # Memory is traced in a second, untimed pass: tracing slows Python several-fold.
        score_clean_text.cache_clear()
        tracemalloc.start()
        report_rows(load_library(folder).articles.values())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        texts = []
        for article in library.articles.values():
            for tier in TIERS:
                texts.append(clean_markdown(tier_markdown(article, tier)))
                texts += [clean_markdown(s.tiers.get(tier)) for s in article.sections]
        t3 = time.perf_counter()
        for text in texts:
            for formula in BARE_TEXTSTAT:
                formula(text)
        t4 = time.perf_counter()
        score_clean_text.cache_clear()

    print(f"articles: {len(library.articles)}   report rows: {len(rows)}   texts: {len(texts)}")
    print(
        f"load + validate:        {t1 - t0:8.3f} s  "
        f"({(t1 - t0) / args.articles * 1000:.2f} ms/article)"
    )
    print(f"report (our scoring):   {t2 - t1:8.3f} s  ({(t2 - t1) / len(texts) * 1e6:.0f} µs/text)")
    print(f"bare textstat, 7 calls: {t4 - t3:8.3f} s  ({(t4 - t3) / len(texts) * 1e6:.0f} µs/text)")
    print(f"ratio ours / bare:      {(t2 - t1) / (t4 - t3):8.2f}")
    print(f"peak traced memory:     {peak / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
