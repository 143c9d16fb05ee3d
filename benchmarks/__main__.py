"""`python -m benchmarks [--articles N]`: the library's cost at scale, against bare textstat.
(`python -m benchmarks analysis` times the writing desk's live analysis: benchmarks/analysis.py.)

In one run (so a busy machine slows both sides alike), on N varied copies of the shipped
articles in a temporary folder (see `benchmarks/corpus.py`):

1. bare textstat: its 7 main metrics over every summary and section text after a regex
   clean-up, in this process: the reference time;
2. `python -m readability report DIR --format json` cold (an empty `READER_CACHE_DIR`), then
   warm (a second run), and the children's peak memory;
3. `python -m readability check DIR` warm, when this branch has that command;
4. the app (AppTest, server side, `CONTENT_DIR`) over the shipped corpus and over the N-article
   corpus, each in a fresh process: library page first and warm render, article page warm
   render, editor page when `pages/editor.py` exists.

It prints a table with the ratios against the goals of issue 11.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import make_corpus  # noqa: E402
from content.citations import strip_citations  # noqa: E402
from content.loader import DEFAULT_CONTENT_DIR, load_library  # noqa: E402
from content.model import TIERS  # noqa: E402
from readability.scores import FORMULAS  # noqa: E402
from readability.sentences import tier_parts  # noqa: E402

_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_MARKUP = re.compile(r"[*_`#>|]")


def regex_clean(markdown: str) -> str:
    """A quick clean-up for the reference: links, citations, list marks and markup removed."""
    text = _LIST_MARK.sub("", _LINK.sub(r"\1", strip_citations(markdown)))
    lines = [line.strip() for line in _MARKUP.sub("", text).splitlines() if line.strip()]
    return " ".join(line if line[-1] in ".!?" else f"{line}." for line in lines)


def section_texts(folder: Path) -> list[str]:
    """Every text a tier scores on its own (summary, each key point and action, each section),
    cleaned up by `regex_clean`."""
    texts = []
    for article in load_library(folder).articles.values():
        for tier in TIERS:
            texts += [regex_clean(t) for _, items in tier_parts(article, tier) for t in items]
    return texts


class Timing(NamedTuple):
    """Wall seconds, and CPU seconds (user + system): on a shared machine the CPU figure shows
    what the work costs, the wall figure what waiting for it costs."""

    wall: float
    cpu: float


def bare_textstat(texts: list[str]) -> Timing:
    """textstat's 7 metrics over the texts (its dictionary loaded beforehand)."""
    import textstat

    from readability.dictionary import ensure_cmudict

    ensure_cmudict()
    textstat.flesch_kincaid_grade("The dictionary loads once, before the clock starts.")
    metrics = [getattr(textstat, name) for name in FORMULAS]
    start, start_cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for metric in metrics:
            metric(text)
    return Timing(time.perf_counter() - start, time.process_time() - start_cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(args: list[str], env: dict[str, str], out: Path) -> Timing:
    """One command in a fresh interpreter, its stdout written to `out`."""
    start, start_cpu = time.perf_counter(), _children_cpu()
    with out.open("wb") as stdout:
        result = subprocess.run(args, env=env, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    elapsed = Timing(time.perf_counter() - start, _children_cpu() - start_cpu)
    if result.returncode not in (0, 1):  # `check` exits 1 when it finds errors
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr.decode()[-2000:]}")
    return elapsed


def children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def has_check_command() -> bool:
    result = subprocess.run(
        [sys.executable, "-m", "readability", "check", "--help"],
        cwd=ROOT,
        capture_output=True,
    )
    return result.returncode == 0


def app_timings(content: Path, article_id: str, cache: Path, repeat: int) -> dict[str, Any]:
    """Run `benchmarks.app_timing` in a fresh process for one content folder."""
    env = {**os.environ, "CONTENT_DIR": str(content), "READER_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.app_timing", article_id, str(repeat)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _ratio(value: float | None, base: float | None) -> float | None:
    return value / base if value is not None and base else None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["analysis"]:
        from benchmarks.analysis import main as analysis_main

        return analysis_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="warm app renders (median)")
    parser.add_argument("--no-app", action="store_true", help="skip the AppTest measurements")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    print(f"cores: {os.cpu_count()}, load average before: {load_before[0]:.2f}", flush=True)

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        root = Path(tmp)
        corpus, cache, out = root / "articles", root / "cache", root / "out"
        corpus.mkdir()
        out.mkdir()
        ids = make_corpus(corpus, args.articles)
        texts = section_texts(corpus)
        print(f"corpus: {len(ids)} articles, {len(texts)} summary and section texts", flush=True)

        reference = bare_textstat(texts)
        print(f"bare textstat: {reference}", flush=True)
        env = {**os.environ, "READER_CACHE_DIR": str(cache)}
        report = [sys.executable, "-m", "readability", "report", str(corpus), "--format", "json"]
        cold = timed_run(report, env, out / "cold.json")
        warm = timed_run(report, env, out / "warm.json")
        rows = json.loads((out / "warm.json").read_text())
        same = (out / "cold.json").read_bytes() == (out / "warm.json").read_bytes()
        print(f"report: cold {cold}, warm {warm}, {len(rows)} rows", flush=True)
        peak = children_peak_mb()

        check_warm: Timing | None = None
        if has_check_command():
            check = [sys.executable, "-m", "readability", "check", str(corpus)]
            check_cold = timed_run(check, env, out / "check-cold.txt")
            print(f"check: cold {check_cold}", flush=True)
            check_warm = timed_run(check, env, out / "check-warm.txt")
            print(f"check: warm {check_warm}", flush=True)
            peak = children_peak_mb()

        app: dict[str, dict[str, Any]] = {}
        if not args.no_app:
            shipped_id = next(iter(load_library(DEFAULT_CONTENT_DIR).articles))
            app["shipped"] = app_timings(DEFAULT_CONTENT_DIR, shipped_id, cache, args.repeat)
            print(f"app, shipped corpus: {app['shipped']}", flush=True)
            app["large"] = app_timings(corpus, ids[len(ids) // 2], cache, args.repeat)
            print(f"app, {len(ids)} articles: {app['large']}", flush=True)
        app_peak = children_peak_mb()

    load_after = os.getloadavg()
    table = results_table(args.articles, reference, cold, warm, check_warm, peak, app)
    print()
    print(table)
    print(
        f"\nreport output identical cold and warm: {same}; peak memory of any child "
        f"(app included): {app_peak:.0f} MB; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after (1-minute), {os.cpu_count()} cores"
    )
    return 0


def results_table(
    n: int,
    reference: Timing,
    cold: Timing,
    warm: Timing,
    check_warm: Timing | None,
    peak: float,
    app: dict[str, dict[str, Any]],
) -> str:
    """A Markdown table: measure, wall and CPU time, their ratios, goal, met."""
    lines = [
        f"| Measure (N = {n}) | Wall | Wall ratio | CPU | CPU ratio | Goal | Met (wall / CPU) |",
        "|---|---:|---:|---:|---:|---|---|",
    ]

    def cell(value: float | None, unit: str) -> str:
        return "-" if value is None else f"{value:.2f}{unit}"

    def met(ratio: float | None, limit: float) -> str:
        return "-" if ratio is None else ("yes" if ratio <= limit else "**no**")

    lines.append(
        f"| bare textstat, 7 metrics, each text a tier scores | {cell(reference.wall, ' s')} "
        f"| 1.00 × | {cell(reference.cpu, ' s')} | 1.00 × | reference | - |"
    )
    for name, timing, limit in [
        ("report cold", cold, 0.5),
        ("report warm", warm, 0.1),
        ("check warm", check_warm, 0.2),
    ]:
        if timing is None:
            lines.append(f"| {name} | - | - | - | - | ≤ {limit} × textstat | - (no command) |")
            continue
        wall, cpu = _ratio(timing.wall, reference.wall), _ratio(timing.cpu, reference.cpu)
        lines.append(
            f"| {name} | {cell(timing.wall, ' s')} | {cell(wall, ' ×')} | "
            f"{cell(timing.cpu, ' s')} | {cell(cpu, ' ×')} | ≤ {limit} × textstat | "
            f"{met(wall, limit)} / {met(cpu, limit)} |"
        )
    lines.append(
        f"| peak memory (report, check) | {peak:.0f} MB | - | - | - | ≤ 500 MB | "
        f"{'yes' if peak <= 500 else '**no**'} |"
    )
    shipped, large = app.get("shipped", {}), app.get("large", {})
    for page, key, limit in [
        ("library page", "library", 2.0),
        ("article page", "article", 1.5),
        ("editor page", "editor", 3.0),
    ]:
        warm_small, warm_large = shipped.get(f"{key}_warm"), large.get(f"{key}_warm")
        if warm_small is None or warm_large is None:
            note = (
                large.get("error")
                or shipped.get("error")
                or ("no such page on this branch" if app else "skipped (--no-app)")
            )
            lines.append(f"| {page} | - | - | - | - | ≤ {limit} × shipped | - ({note}) |")
            continue
        first_small, first_large = shipped.get(f"{key}_first"), large.get(f"{key}_first")
        lines.append(
            f"| {page} first render, shipped / N | {cell(first_small, ' s')} / "
            f"{cell(first_large, ' s')} | - | - | - | - | - |"
        )
        ratio = _ratio(warm_large, warm_small)
        lines.append(
            f"| {page} warm render, shipped / N | {cell(warm_small, ' s')} / "
            f"{cell(warm_large, ' s')} | {cell(ratio, ' ×')} | - | - | ≤ {limit} × shipped | "
            f"{met(ratio, limit)} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
