"""`python -m benchmarks analysis`: the writing desk's live analysis, timed (issue 19).

Times `readability.analysis.analyse` plus `highlighted_html` on a plain-tier text of about 300
words, warm (word lists, wordfreq and the Markdown parser loaded by a first run), as the write
view runs them each time an editor checks a text: once on pasted text (no article), once as one
section of a shipped article (the engine's article rules too). Each run edits the text (a
sentence with the run's number), so no cache keyed on the whole text answers; caches of single
words stay warm, as they do in the app. Prints the median and 95th percentile of each, and the
first run (in a fresh process it reads the word lists and wordfreq's data).

The goal (issue 19): median under 150 ms on this machine, highlighting included.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from content.loader import DEFAULT_CONTENT_DIR, load_library  # noqa: E402
from content.model import Article  # noqa: E402
from content.tiers import plain_tier, reference_tier  # noqa: E402
from readability.analysis import analyse, highlighted_html, part_text  # noqa: E402

GOAL_MS = 150.0
ARTICLE_ID = "gut-brain-axis"


def sample(article: Article, tier: str, words: int = 300) -> tuple[str, str]:
    """About `words` words of the tier's own prose: its sections' texts in order, joined as
    paragraphs until there are enough, and the id of the first section (to stand in for)."""
    texts: list[str] = []
    for section in article.sections:
        text = part_text(article, tier, section.id)
        if text:
            texts.append(text)
        if sum(len(t.split()) for t in texts) >= words:
            break
    joined = "\n\n".join(texts)
    ends = [m.end() for m in re.finditer(r"\S+", joined)]
    return joined[: ends[min(words, len(ends)) - 1]], article.sections[0].id


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of the values."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def timed(run: Callable[[int], str], repeat: int) -> tuple[float, list[float], list[float]]:
    """Milliseconds of a first run (which may load data), then the wall and the CPU
    milliseconds of each of `repeat` runs after it (on a shared machine the CPU figure shows
    the work, the wall figure the wait)."""
    start = time.perf_counter()
    run(-1)
    first = (time.perf_counter() - start) * 1000
    wall, cpu = [], []
    for i in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run(i)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return first, wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks analysis", description=__doc__)
    parser.add_argument("--repeat", type=int, default=50, help="timed runs (at least 20)")
    parser.add_argument("--words", type=int, default=300, help="words in the text (300)")
    args = parser.parse_args(argv)
    if args.repeat < 20:
        parser.error("--repeat must be at least 20")
    tier = plain_tier()
    article = load_library(DEFAULT_CONTENT_DIR).articles[ARTICLE_ID]
    text, section = sample(article, tier, args.words)
    # The most technical tier's prose checked as plain text: many findings to mark.
    hard, _ = sample(article, reference_tier(), args.words)

    def edited(i: int, base: str = text) -> str:
        return f"{base} This is check {i}."

    def pasted(i: int) -> str:
        changed = edited(i)
        return highlighted_html(changed, analyse(changed, tier).spans)

    def pasted_hard(i: int) -> str:
        changed = edited(i, hard)
        return highlighted_html(changed, analyse(changed, tier).spans)

    def in_article(i: int) -> str:
        changed = edited(i)
        result = analyse(changed, tier, article=article, part=section)
        return highlighted_html(changed, result.spans)

    load = os.getloadavg()[0]
    print(
        f"cores: {os.cpu_count()}, load average before: {load:.2f}; text: "
        f"{len(text.split())} words of {ARTICLE_ID} ({tier}), {args.repeat} warm runs each",
        flush=True,
    )
    print("| Analysis + highlighting | First run | Median | p95 | CPU median | Goal | Met |")
    print("|---|---:|---:|---:|---:|---|---|")
    for name, run in [
        ("pasted text (no article)", pasted),
        (f"one section of {ARTICLE_ID} (article rules too)", in_article),
        (f"pasted {reference_tier()} prose checked as {tier} text", pasted_hard),
    ]:
        first, times, cpu = timed(run, args.repeat)
        median = statistics.median(times)
        met = "yes" if median < GOAL_MS else "**no**"
        print(
            f"| {name} | {first:.0f} ms | {median:.1f} ms | {percentile(times, 0.95):.1f} ms | "
            f"{statistics.median(cpu):.1f} ms | median < {GOAL_MS:g} ms | {met} |",
            flush=True,
        )
    counts = [
        len(analyse(text, tier).findings),
        len(analyse(text, tier, article=article, part=section).findings),
        len(analyse(hard, tier).findings),
    ]
    print(
        f"findings in each row: {', '.join(map(str, counts))}; "
        f"load average after: {os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
