"""`python -m benchmarks.load --url URL --users 50 --minutes 2`: readers on Streamlit's protocol.

Runs Locust headless in a child process (`benchmarks/load/locustfile.py`; its gevent patching
stays out of this process), each simulated reader opening the library, an article in a random
tier, switching tier once and answering "Was this page right for you?" (`journey.py`). Then it
prints per step the p50 and p95 time until the server's `script_finished`, the error count, the
servers' memory (RSS) and CPU when their pids are known, and the CPU the load generator used.

Where the server comes from:
- `--url URL` (with `--pids` for memory and CPU figures): anything already running;
- `--replicas N` without `--url`: `deploy/run up --replicas N` (HAProxy, N replicas, PostgreSQL)
  when the repository has it, stopped again afterwards; without `deploy/run`, only N = 1: one
  plain replica started here on a temporary SQLite database.

Only loopback addresses are accepted: this is a load generator, bounded in time (`--seconds` or
`--minutes`, plus a fixed grace) and aimed at this machine only.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.load.journey import RECONNECT, STEPS, append_ack, read_lines, visit
from benchmarks.load.replica import REPO, replica

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DEPLOY = REPO / "deploy" / "run"
GRACE_S = 120  # beyond the run time and stop timeout: start, spawn, writing the files
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Target:
    url: str
    pids: list[int] = field(default_factory=list)
    how: str = "given"


def _loopback(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if parts.scheme not in ("http", "https") or not ok:
        raise SystemExit(f"--url must be http(s) on a loopback address, not {url!r}")
    return url.rstrip("/")


# --- Process figures from /proc ------------------------------------------------------------------


def rss_bytes(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return None
    return int(fields[1]) * PAGE_SIZE


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (and its waited-for children), from /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / TICKS


class MemorySampler(threading.Thread):
    """Each pid's RSS once a second: the peak during the run, not just the end."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peak: dict[int, int] = {}
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            for pid in self.pids:
                if (rss := rss_bytes(pid)) is not None:
                    self.peak[pid] = max(self.peak.get(pid, 0), rss)
            self._stop_event.wait(1.0)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


# --- The server ----------------------------------------------------------------------------------


@contextlib.contextmanager
def target(args: argparse.Namespace, work: Path) -> Iterator[Target]:
    if args.url:
        yield Target(_loopback(args.url), list(args.pids))
        return
    if DEPLOY.exists():
        up = subprocess.run(
            [str(DEPLOY), "up", "--replicas", str(args.replicas)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        try:
            if up.returncode != 0:
                raise SystemExit(f"deploy/run up failed:\n{up.stderr[-2000:]}")
            url = _loopback(up.stdout.strip().splitlines()[-1])
            status = subprocess.run(
                [str(DEPLOY), "status", "--format", "json"],
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
            pids = [int(row["pid"]) for row in json.loads(status.stdout) if row.get("pid")]
            yield Target(url, pids, f"deploy/run up --replicas {args.replicas}")
        finally:
            subprocess.run([str(DEPLOY), "down"], capture_output=True, timeout=300)
        return
    if args.replicas != 1:
        raise SystemExit(
            "deploy/run is not in this repository: only --replicas 1 (a plain replica) works"
        )
    env = {
        "DATABASE_URL": os.environ.get("LOAD_DATABASE_URL") or f"sqlite:///{work}/feedback.db",
    }
    with replica(env, cpu=args.server_cpu, log_dir=work) as running:
        yield Target(running.url, [running.pid], f"one replica ({env['DATABASE_URL']})")


# --- Locust --------------------------------------------------------------------------------------


def run_locust(
    args: argparse.Namespace, url: str, prefix: Path | None, acks: Path, steps: Path
) -> tuple[int, float]:
    """Locust in its own process; returns its exit code and the CPU seconds it used."""
    seconds = args.seconds or round(args.minutes * 60)
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate or max(1.0, args.users / 10)),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        str(args.stop_timeout),
        "--host",
        url,
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    if prefix is not None:
        command += ["--csv", str(prefix)]
    if args.locust_cpu is not None:
        command = ["taskset", "-c", str(args.locust_cpu), *command]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "LOAD_ACKS_FILE": str(acks),
        "LOAD_STEPS_FILE": str(steps),
        "LOAD_THINK": f"{args.think[0]},{args.think[1]}",
        "LOAD_STEP_TIMEOUT": str(args.step_timeout),
        "LOAD_RECONNECT_WITHIN": str(args.reconnect_within),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL)
    try:
        code = proc.wait(timeout=seconds + args.stop_timeout + GRACE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return code, used


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value that `share` of the values do not exceed."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def step_figures(rows: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[dict]]:
    """Per step: tries, errors, p50 and p95 seconds of the steps that succeeded; and the
    errors grouped by step and message."""
    steps: dict[str, dict[str, Any]] = {}
    errors: dict[tuple[str, str], int] = {}
    for name in (*STEPS, RECONNECT):
        mine = [r for r in rows if r["step"] == name]
        if name == RECONNECT and not mine:
            continue
        ok = [r["s"] for r in mine if not r["error"]]
        steps[name] = {
            "tries": len(mine),
            "errors": len(mine) - len(ok),
            "p50_s": _round(percentile(ok, 0.50)),
            "p95_s": _round(percentile(ok, 0.95)),
            "max_s": _round(max(ok, default=None)),
        }
        for r in mine:
            if r["error"]:
                key = (name, r["error"][:300])
                errors[key] = errors.get(key, 0) + 1
    grouped = [{"step": k[0], "error": k[1], "count": n} for k, n in errors.items()]
    return steps, sorted(grouped, key=lambda e: -e["count"])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --- Main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    about = (__doc__ or "").splitlines()[0]
    p = argparse.ArgumentParser(prog="python -m benchmarks.load", description=about)
    p.add_argument("--url", help="the readers' address (loopback), e.g. http://127.0.0.1:8501")
    p.add_argument("--replicas", type=int, default=1, help="without --url: how many (default 1)")
    p.add_argument("--pids", type=int, nargs="*", default=[], help="server pids to measure")
    p.add_argument("--users", type=int, default=50, help="concurrent readers (default 50)")
    p.add_argument("--spawn-rate", type=float, help="readers started per second (users / 10)")
    p.add_argument("--minutes", type=float, default=2.0, help="run time (default 2)")
    p.add_argument("--seconds", type=int, help="run time in seconds, for short runs")
    p.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="seconds a reader pauses between steps and between visits (1 3)",
    )
    p.add_argument(
        "--stop-timeout",
        type=int,
        default=30,
        help="seconds readers get to finish their visit when the time is up (30)",
    )
    p.add_argument("--step-timeout", type=float, default=30.0, help="seconds per step (30)")
    p.add_argument(
        "--reconnect-within",
        type=float,
        default=10.0,
        help="seconds a reader whose stream broke keeps reconnecting (10; 0: give up at once)",
    )
    p.add_argument("--csv", type=Path, help="also write Locust's CSV files with this prefix")
    p.add_argument("--acks", type=Path, help="write acknowledged answers here (JSON)")
    p.add_argument("--json", type=Path, help="write the summary here (JSON)")
    p.add_argument("--locust-cpu", type=int, help="pin Locust to this core (taskset)")
    p.add_argument("--server-cpu", type=int, help="pin a replica started here to this core")
    p.add_argument("--no-warm-up", action="store_true", help="skip the first visit")
    args = p.parse_args(argv)
    if args.users < 1 or (args.seconds is not None and args.seconds < 1) or args.minutes <= 0:
        p.error("--users, --seconds and --minutes must be positive")
    if args.minutes * 60 > 3600 or (args.seconds or 0) > 3600:
        p.error("a run is at most an hour")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="load-"))
    try:
        with target(args, work) as server:
            summary = measure(args, server, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_summary(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0 if summary["errors"] == 0 else 1


def measure(args: argparse.Namespace, server: Target, work: Path) -> dict[str, Any]:
    from content.tiers import TIER_NAMES, tier_label

    tiers = {name: tier_label(name) for name in TIER_NAMES}
    warm_errors: list[str] = []
    acks_lines, step_lines = work / "acks.jsonl", work / "steps.jsonl"
    if not args.no_warm_up:  # first runs load the library and fill caches: not in the figures

        def note(step: str, seconds: float, size: int, error: BaseException | None) -> None:
            if error is not None:
                warm_errors.append(f"{step}: {error}")

        warm_ack = visit(
            server.url,
            tiers,
            note,
            rng=random.Random(0),
            timeout=args.step_timeout,
            reconnect_within=args.reconnect_within or None,
        )
        if warm_ack is not None:  # its answer is a row too: the acknowledgements list it
            append_ack(acks_lines, warm_ack)
    load_before = os.getloadavg()
    rss_before = {pid: rss_bytes(pid) for pid in server.pids}
    cpu_before = {pid: cpu_seconds(pid) for pid in server.pids}
    sampler = MemorySampler(server.pids)
    sampler.start()
    if args.csv:
        args.csv.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    code, locust_cpu = run_locust(args, server.url, args.csv, acks_lines, step_lines)
    wall = time.monotonic() - started
    sampler.stop()
    load_after = os.getloadavg()
    acks = read_lines(acks_lines)
    if args.acks:
        args.acks.write_text(json.dumps(acks, indent=1) + "\n")
    steps, failures = step_figures(read_lines(step_lines))
    errors = sum(row["errors"] for row in steps.values())
    servers = []
    for pid in server.pids:
        before, after = cpu_before.get(pid), cpu_seconds(pid)
        base, peak, end = rss_before.get(pid), sampler.peak.get(pid), rss_bytes(pid)
        servers.append(
            {
                "pid": pid,
                "rss_before_mb": _mb(base),
                "rss_peak_mb": _mb(peak),
                "rss_after_mb": _mb(end),
                "per_session_mb": (
                    round((peak - base) / 2**20 / (args.users / max(1, len(server.pids))), 2)
                    if peak and base
                    else None
                ),
                "cpu_s": None if after is None or before is None else round(after - before, 1),
                "cpu_share": (
                    None if after is None or before is None else round((after - before) / wall, 2)
                ),
            }
        )
    tries = sum(row["tries"] for row in steps.values())
    server_cpu = [row["cpu_s"] for row in servers if row["cpu_s"] is not None]
    return {
        "url": server.url,
        "server": server.how,
        "users": args.users,
        "run_s": args.seconds or round(args.minutes * 60),
        "think_s": list(args.think),
        "wall_s": round(wall, 1),
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "locust_exit": code,
        "locust_cpu_s": round(locust_cpu, 1),
        "locust_cpu_share": round(locust_cpu / wall, 2),
        "visits": steps["library"]["tries"],
        "acknowledged": len(acks),
        "distinct_ack_keys": len({(a["session"], a["article"], a["tier"]) for a in acks}),
        "steps": steps,
        # Robust on a shared machine: what each step cost the servers, however long it waited.
        "server_cpu_per_step_s": (
            round(sum(server_cpu) / tries, 3) if server_cpu and tries else None
        ),
        "errors": errors,
        "failures": failures,
        "warm_up_errors": warm_errors,
        "servers": servers,
    }


def _mb(value: int | None) -> float | None:
    return round(value / 2**20, 1) if value else None


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def print_summary(s: dict[str, Any]) -> None:
    print()
    print(
        f"{s['users']} readers for {s['run_s']} s against {s['url']} ({s['server']}); "
        f"{s['cores']} cores, load average {s['load_average_before'][0]} before, "
        f"{s['load_average_after'][0]} after"
    )
    print(f"{'step':<12} {'tries':>7} {'errors':>7} {'p50':>8} {'p95':>8} {'max':>8}")
    for name, row in s["steps"].items():
        print(
            f"{name:<12} {row['tries']:>7} {row['errors']:>7} {_s(row['p50_s']):>8} "
            f"{_s(row['p95_s']):>8} {_s(row['max_s']):>8}"
        )
    print(
        f"visits {s['visits']}, errors {s['errors']}, answers acknowledged {s['acknowledged']}"
        f" ({s['distinct_ack_keys']} distinct session/article/tier keys)"
    )
    for failure in s["failures"]:
        print(f"  error x{failure['count']} at {failure['step']}: {failure['error'][:160]}")
    for row in s["servers"]:
        print(
            f"server pid {row['pid']}: RSS {row['rss_before_mb']} MB before, peak "
            f"{row['rss_peak_mb']} MB, {row['rss_after_mb']} MB after; about "
            f"{row['per_session_mb']} MB per open session; CPU {row['cpu_s']} s "
            f"({row['cpu_share']} of a core)"
        )
    if s["server_cpu_per_step_s"] is not None:
        print(f"server CPU per step (all servers): {s['server_cpu_per_step_s']:.3f} s")
    print(
        f"load generator (Locust, one process): CPU {s['locust_cpu_s']} s over {s['wall_s']} s "
        f"({s['locust_cpu_share']} of a core)"
    )
    if s["warm_up_errors"]:
        print(f"warm-up visit errors: {s['warm_up_errors']}")


if __name__ == "__main__":
    sys.exit(main())
