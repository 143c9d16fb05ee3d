"""`python -m benchmarks.load.faults kill-replica|restart-db|add-replica|series`: faults survived.

Each drill brings up its own deployment (`deploy/run up`, two replicas behind HAProxy on one
PostgreSQL, a private `DEPLOY_STATE_DIR` and `DEPLOY_PORT`), runs the load generator
(`python -m benchmarks.load --url …`) through HAProxy, does the harm while the readers read, and
reports what the readers saw and what the database kept. `deploy/run down` always runs after.

- `kill-replica`: SIGKILL one replica a third into the run. Readers on it reconnect through
  HAProxy (within 10 s) and reload their page from its address; one probe reader on an article
  page of the killed replica checks that it comes back with the same title and reading level.
- `restart-db`: `deploy/run db stop`, a pause, `db start`, a third into the run. Pages keep
  rendering; answers during the outage get "We could not save your answer"; after it they are
  saved. A probe reader answering in a loop times when answers stop and start being saved.
- `add-replica`: `deploy/run add` under light load: the migration revision and the version
  table stay as they were, nothing in the answers or audit tables changes, the new replica is UP
  in HAProxy and serves sessions.
- `series`: the 1-vs-2-replicas figures: one deployment per replica count, one load run per
  reader count.

In every drill the distinct acknowledged (session, article, tier) keys are compared with the rows
of `feedback_answers` (an answer replaces an earlier one per session token, article and tier), and
every acknowledged (article, tier, answer) must be among the rows: nothing acknowledged is lost.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, NoReturn

from benchmarks.load.journey import ANSWER_WORDS, QUESTION, SEND, THANKS
from benchmarks.load.protocol import Session
from benchmarks.load.replica import REPO

RUN = REPO / "deploy" / "run"
COMMAND_TIMEOUT_S = 120
# ui/feedback_form.py's words when the database did not take the answer.
NOT_SAVED = "We could not save your answer"
LOAD_GRACE_S = 240  # beyond the run time: warm-up, stop timeout, summary


# --- Pure helpers (unit-tested) -------------------------------------------------------------------


def compare_acks(acks: list[dict[str, Any]], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Acknowledged answers against the database's rows.

    `acks`: `{session, article, tier, answer}`; `rows`: `{article_id, tier, answer}`. The rows
    keep the last answer per session token, article and tier, so the latest ack per key counts.
    `lost` lists acknowledged (article, tier, answer) that no row carries.
    """
    latest: dict[tuple[str, str, str], dict[str, Any]] = {}
    for ack in sorted(acks, key=lambda a: a.get("at", 0)):
        latest[(ack["session"], ack["article"], ack["tier"])] = ack
    wanted = Counter((a["article"], a["tier"], a["answer"]) for a in latest.values())
    held = Counter((r["article_id"], r["tier"], r["answer"]) for r in rows)
    lost = wanted - held
    return {
        "acknowledged": len(acks),
        "distinct_ack_keys": len(latest),
        "rows": len(rows),
        "equal": len(latest) == len(rows) and not lost,
        "lost": sorted(f"{a}/{t}/{w}" for (a, t, w), n in lost.items() for _ in range(n)),
    }


def split_failures(failures: list[dict[str, Any]]) -> dict[str, int]:
    """The load summary's grouped errors: answers not saved (or not thanked for), broken streams
    (`Disconnected`, or a `ProtocolError` from before that class), slow steps, failed
    reconnects, everything else."""
    out = {
        "answer_not_saved": 0,
        "answer_not_acknowledged": 0,
        "stream_lost": 0,
        "step_timeout": 0,
        "reconnect_failed": 0,
        "other": 0,
    }
    for failure in failures:
        text, count = failure["error"], int(failure["count"])
        if failure["step"] == "answer" and NOT_SAVED in text:
            out["answer_not_saved"] += count
        elif failure["step"] == "answer" and "no acknowledgement" in text:
            # The journey quotes the last text about answers, which may be the form's caption
            # rather than the warning: the page did not thank the reader, whatever it said.
            out["answer_not_acknowledged"] += count
        elif failure["step"] == "reconnect":
            out["reconnect_failed"] += count
        elif text.startswith("StepTimeout"):  # a slow run, the stream still open
            out["step_timeout"] += count
        elif text.startswith(("Disconnected", "ProtocolError", "WebSocket", "Connection")):
            out["stream_lost"] += count
        else:
            out["other"] += count
    return out


# --- The deployment ------------------------------------------------------------------------------


@dataclass
class Deployment:
    """One `deploy/run up` in a private state folder on a private port."""

    folder: Path
    port: int
    # How long one `deploy/run` command may take (`up` starts PostgreSQL and every replica).
    command_timeout_s: ClassVar[float] = COMMAND_TIMEOUT_S

    @property
    def state_dir(self) -> Path:
        return self.folder / "state"

    def fail(self, message: str) -> NoReturn:
        """A command that failed ends the drill (the test suite's subclass fails the test)."""
        raise SystemExit(message)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DEPLOY_STATE_DIR": str(self.state_dir), "DEPLOY_PORT": str(self.port)}
        done = subprocess.run(
            [sys.executable, str(RUN), *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=self.command_timeout_s,
        )
        if check and done.returncode != 0:
            self.fail(f"deploy/run {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def status(self) -> list[dict[str, Any]]:
        return json.loads(self.run("status", "--format", "json").stdout)

    def state(self) -> dict[str, Any]:
        return json.loads((self.state_dir / "state.json").read_text())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sql(self, query: str) -> list[dict[str, Any]]:
        """Rows of a query on the deployment's database (its Unix socket, as root)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.state()["database_url"])
        try:
            with engine.connect() as conn:
                return [dict(row._mapping) for row in conn.execute(text(query))]
        finally:
            engine.dispose()

    def answer_rows(self) -> list[dict[str, Any]]:
        return self.sql("SELECT id, article_id, tier, answer FROM feedback_answers")

    def haproxy(self) -> dict[str, str]:
        from deploy.cluster import State, haproxy_servers

        rows = haproxy_servers(State(self.state_dir))
        return {n: f"{row.get('status')} {row.get('check_status')}" for n, row in rows.items()}


@contextlib.contextmanager
def deployment(replicas: int = 2) -> Iterator[Deployment]:
    from deploy.cluster import free_port

    folder = Path(tempfile.mkdtemp(prefix="faults-"))
    folder.chmod(0o711)  # the postgres user must reach its cluster folder inside
    deploy = Deployment(folder, free_port())
    try:
        started = time.monotonic()
        deploy.run("up", "--replicas", str(replicas))
        say(f"up: {replicas} replicas at {deploy.url} in {time.monotonic() - started:.1f} s")
        yield deploy
    finally:
        deploy.run("down", check=False)
        shutil.rmtree(folder, ignore_errors=True)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The load run --------------------------------------------------------------------------------


@dataclass
class Load:
    proc: subprocess.Popen[bytes]
    work: Path
    seconds: int

    def wait_started(self, timeout: float = 120.0) -> float:
        """Until Locust runs (after the warm-up visit): the moment readers start arriving."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            if any("locust" in cmdline for cmdline in children(self.proc.pid)):
                return time.time()
            time.sleep(0.2)
        raise SystemExit(f"the load run did not start; see {self.work / 'load.log'}")

    def finish(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        try:
            self.proc.wait(timeout=self.seconds + LOAD_GRACE_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        log = (self.work / "load.log").read_text(errors="replace")
        if not (self.work / "summary.json").exists():
            raise SystemExit(f"the load run wrote no summary:\n{log[-3000:]}")
        summary = json.loads((self.work / "summary.json").read_text())
        acks = json.loads((self.work / "acks.json").read_text())
        return summary, acks


def children(pid: int) -> list[str]:
    """The command lines of a process's children (from /proc: no extra dependency)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
    return found


def start_load(
    url: str, pids: list[int], users: int, seconds: int, work: Path, *extra: str
) -> Load:
    work.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "benchmarks.load",
        "--url", url,
        "--pids", *map(str, pids),
        "--users", str(users),
        "--seconds", str(seconds),
        "--acks", str(work / "acks.json"),
        "--json", str(work / "summary.json"),
        *extra,
    ]  # fmt: skip
    with open(work / "load.log", "wb") as log:
        proc = subprocess.Popen(
            command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    return Load(proc, work, seconds)


def pids_of(deploy: Deployment) -> list[int]:
    return [int(row["pid"]) for row in deploy.status() if row.get("pid")]


def tiers() -> dict[str, str]:
    from content.tiers import TIER_NAMES, tier_label

    return {name: tier_label(name) for name in TIER_NAMES}


def server_id(session: Session) -> str | None:
    return next((c.value for c in session.cookies if c.name == "SERVERID"), None)


def step_brief(summary: dict[str, Any]) -> dict[str, Any]:
    keep = ("users", "run_s", "visits", "errors", "acknowledged", "distinct_ack_keys")
    return {
        **{k: summary.get(k) for k in keep},
        "steps": summary["steps"],
        "failures": summary["failures"],
        "load_average_before": summary["load_average_before"],
        "load_average_after": summary["load_average_after"],
    }


# --- kill-replica --------------------------------------------------------------------------------


def probe_on(url: str, replica: str, tries: int = 8) -> tuple[Session, str, str]:
    """A reader on an article page of `replica`: new sessions until HAProxy puts one there."""
    from content.tiers import reference_tier

    for _ in range(tries):
        session = Session(url, timeout=30)
        library = session.open()
        link = next(k for k in library.links if k.page == "article")
        query = f"{link.query.split('&')[0]}&persona={reference_tier()}"
        run = session.open("article", query)
        if server_id(session) == replica:
            return session, run.title or "", query
        session.close()
    raise SystemExit(f"no session landed on {replica} in {tries} tries")


def kill_replica(args: argparse.Namespace) -> dict[str, Any]:
    with deployment(2) as deploy:
        rows = deploy.status()
        victim = rows[0]
        probe, title, query = probe_on(deploy.url, victim["name"])
        load = start_load(
            deploy.url, pids_of(deploy), args.users, args.seconds, Path(args.work) / "kill"
        )
        began = load.wait_started()
        time.sleep(max(0.0, began + args.seconds / 3 - time.time()))
        killed_at = time.time()
        os.killpg(int(victim["pid"]), signal.SIGKILL)  # its own process group: replica and kids
        say(f"killed {victim['name']} (pid {victim['pid']}) {killed_at - began:.1f} s into the run")
        # The probe reader: the browser would notice the closed stream and reconnect.
        t0 = time.perf_counter()
        back = probe.reconnect(10.0)
        probe_result = {
            "reconnect_s": round(time.perf_counter() - t0, 2),
            "replica_before": victim["name"],
            "replica_after": server_id(probe),
            "same_title": back.title == title,
            "same_address": probe.page == "article" and probe.query == query,
            "address": f"/{probe.path}?{probe.query}",
        }
        probe.close()
        say(f"probe reader: {probe_result}")
        time.sleep(3)
        pool: dict[str, str] = {}
        with contextlib.suppress(OSError):
            pool = deploy.haproxy()
        summary, acks = load.finish()
        db_rows = deploy.answer_rows()
        status_after = deploy.status()
    reconnect = summary["steps"].get("reconnect", {"tries": 0, "errors": 0})
    return {
        "drill": "kill-replica",
        "killed": victim["name"],
        "killed_after_s": round(killed_at - began, 1),
        "load": step_brief(summary),
        "errors_by_kind": split_failures(summary["failures"]),
        "reconnects": {
            "tries": reconnect["tries"],
            "succeeded": reconnect["tries"] - reconnect["errors"],
            "p50_s": reconnect.get("p50_s"),
            "p95_s": reconnect.get("p95_s"),
            "max_s": reconnect.get("max_s"),
            "within_10_s": (reconnect.get("max_s") or 0) <= 10 and reconnect["errors"] == 0,
        },
        "probe_reader": probe_result,
        "haproxy_after": pool,
        "status_after": status_after,
        # The warm-up visit's answer is in the acks; so are readers on either replica.
        "acks_vs_rows": compare_acks(acks, db_rows),
    }


# --- restart-db ----------------------------------------------------------------------------------


class Prober(threading.Thread):
    """A reader after another on this thread, each opening an article and answering at once,
    each answer timed and read: when did the database stop and start taking answers? (The
    load's own journey names the step that failed, not the words the page showed.)"""

    def __init__(self, url: str, seed: int) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.seed = seed
        self.answers: list[dict[str, Any]] = []  # {at, outcome: saved|not_saved|other, said}
        self.page_errors: list[str] = []
        self.acks: list[dict[str, Any]] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        rng = random.Random(self.seed)
        names = list(tiers())
        articles: list[str] = []
        while not self._stop_event.is_set():
            try:
                with Session(self.url, timeout=30) as session:
                    if not articles:
                        library = session.open()
                        articles = [k.query.split("&")[0][3:] for k in library.links
                                    if k.page == "article"]  # fmt: skip
                    article, tier = rng.choice(articles), rng.choice(names)
                    answer = rng.choice(list(ANSWER_WORDS))
                    session.open("article", f"id={article}&persona={tier}")
                    session.set_widget(QUESTION, ANSWER_WORDS[answer])
                    run = session.set_widget(SEND)
                    at = time.time()
                    texts = run.texts if run else []
                    if run is not None and run.has_text(THANKS):
                        outcome = "saved"
                        key = {"session": session.session_id, "article": article, "tier": tier}
                        self.acks.append({**key, "answer": answer, "at": at})
                    elif run is not None and run.has_text(NOT_SAVED):
                        outcome = "not_saved"
                    else:
                        outcome = "other"
                    said = [t for t in texts if "answer" in t.lower() and "Optional" not in t]
                    self.answers.append({"at": at, "outcome": outcome, "said": said[-1:]})
            except Exception as exc:  # a page that did not render: counted, and on we go
                self.page_errors.append(f"{type(exc).__name__}: {exc}"[:300])
            self._stop_event.wait(0.2)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=60)


def restart_db(args: argparse.Namespace) -> dict[str, Any]:
    with deployment(2) as deploy:
        load = start_load(
            deploy.url, pids_of(deploy), args.users, args.seconds, Path(args.work) / "db"
        )
        began = load.wait_started()
        probers = [Prober(deploy.url, seed) for seed in range(args.probes)]
        for prober in probers:
            prober.start()
        time.sleep(max(0.0, began + args.seconds / 3 - time.time()))
        stopped_at = time.time()
        deploy.run("db", "stop")
        say(f"database stopped {stopped_at - began:.1f} s into the run")
        time.sleep(args.outage)
        started_at = time.time()
        deploy.run("db", "start")
        back_at = time.time()
        say(f"database started again after {back_at - stopped_at:.1f} s")
        summary, acks = load.finish()
        for prober in probers:
            prober.stop()
        db_rows = deploy.answer_rows()
    answers = sorted((a for p in probers for a in p.answers), key=lambda a: a["at"])
    before = [a for a in answers if a["at"] < stopped_at]
    during = [a for a in answers if stopped_at <= a["at"] <= back_at]
    after = [a for a in answers if a["at"] > back_at]
    first_saved_after = next((a["at"] for a in after if a["outcome"] == "saved"), None)
    last_unsaved = max((a["at"] for a in after if a["outcome"] != "saved"), default=None)
    kinds = split_failures(summary["failures"])
    return {
        "drill": "restart-db",
        "outage_s": round(back_at - stopped_at, 1),
        "stopped_after_s": round(stopped_at - began, 1),
        "start_command_s": round(back_at - started_at, 1),
        "load": step_brief(summary),
        "errors_by_kind": kinds,
        "page_errors": sum(
            row["errors"] for name, row in summary["steps"].items() if name != "answer"
        ),
        "answers_not_saved": kinds["answer_not_saved"],
        "probe_readers": {
            "readers": len(probers),
            "answers": len(answers),
            "before_outage": dict(Counter(a["outcome"] for a in before)),
            "during_outage": dict(Counter(a["outcome"] for a in during)),
            "after_outage": dict(Counter(a["outcome"] for a in after)),
            "first_saved_after_restart_s": (
                None if first_saved_after is None else round(first_saved_after - back_at, 2)
            ),
            "last_unsaved_after_restart_s": (
                None if last_unsaved is None else round(last_unsaved - back_at, 2)
            ),
            "timeline": [
                f"{a['at'] - stopped_at:+.1f} s {a['outcome']} {a['said']}"
                for a in answers
                if stopped_at - 10 <= a["at"] <= back_at + 15
            ],
            "page_errors": [e for p in probers for e in p.page_errors][:5],
        },
        "acks_vs_rows": compare_acks(acks + [a for p in probers for a in p.acks], db_rows),
    }


# --- add-replica ---------------------------------------------------------------------------------


def add_replica(args: argparse.Namespace) -> dict[str, Any]:
    with deployment(2) as deploy:

        def snapshot() -> dict[str, Any]:
            version = deploy.sql("SELECT version_num FROM feedback_alembic_version")
            tables = deploy.sql(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
            audit = deploy.sql("SELECT count(*) AS n, max(id) AS last FROM editorial_audit")
            return {
                "versions": sorted(r["version_num"] for r in version),
                "tables": sorted(r["table_name"] for r in tables),
                "audit_rows": audit[0]["n"],
                "answers": {
                    r["id"]: (r["article_id"], r["tier"], r["answer"]) for r in deploy.answer_rows()
                },  # fmt: skip
            }

        load = start_load(
            deploy.url, pids_of(deploy), args.users, args.seconds, Path(args.work) / "add"
        )
        load.wait_started()
        time.sleep(min(10, args.seconds / 4))
        before = snapshot()
        t0 = time.monotonic()
        deploy.run("add")
        add_s = time.monotonic() - t0
        after = snapshot()
        rows = deploy.status()
        new = rows[-1]
        pool = deploy.haproxy()
        landed = []
        for _ in range(6):  # round robin: new sessions go to each replica in turn
            with Session(deploy.url, timeout=30) as session:
                run = session.open()
                landed.append((server_id(session), run.title))
        with Session(f"http://127.0.0.1:{new['port']}", timeout=30) as direct:
            direct_title = direct.open().title
        log = Path(deploy.state()["replicas"][-1]["log"]).read_text(errors="replace")
        summary, acks = load.finish()
        db_rows = deploy.answer_rows()
    kept = all(after["answers"].get(k) == v for k, v in before["answers"].items())
    return {
        "drill": "add-replica",
        "add_s": round(add_s, 1),
        "new_replica": new,
        "haproxy_after": pool,
        "versions_before": before["versions"],
        "versions_after": after["versions"],
        "version_rows": len(after["versions"]),
        "tables_unchanged": before["tables"] == after["tables"],
        "audit_rows_before_after": [before["audit_rows"], after["audit_rows"]],
        "answers_before_kept": kept,
        "answers_before": len(before["answers"]),
        "new_replica_log_mentions_upgrade": "Running upgrade" in log,
        "sessions_through_haproxy": [f"{sid}: {title}" for sid, title in landed],
        "new_replica_served": any(sid == new["name"] for sid, _ in landed),
        "direct_title": direct_title,
        "load": step_brief(summary),
        "acks_vs_rows": compare_acks(acks, db_rows),
    }


# --- series --------------------------------------------------------------------------------------


def series(args: argparse.Namespace) -> dict[str, Any]:
    results = []
    for replicas in args.replicas:
        with deployment(replicas) as deploy:
            pids = pids_of(deploy)
            # Every replica's first visits load the library and fill its caches: not measured.
            start_load(deploy.url, pids, 2 * replicas, 10, Path(args.work) / "warm").finish()
            for users in args.readers:
                work = Path(args.work) / f"series-{replicas}-{users}"
                extra = ["--stop-timeout", str(args.stop_timeout)]
                if args.locust_cpu is not None:
                    extra += ["--locust-cpu", str(args.locust_cpu)]
                load = start_load(deploy.url, pids, users, args.seconds, work, *extra)
                summary, _ = load.finish()
                row = series_row(replicas, summary)
                say(json.dumps(row))
                results.append({**row, "summary": summary})
    return {"drill": "series", "rows": results}


def series_row(replicas: int, s: dict[str, Any]) -> dict[str, Any]:
    """One line of the 1-vs-2-replicas table from a load summary."""
    article = s["steps"]["article"]
    servers = s["servers"]
    return {
        "replicas": replicas,
        "readers": s["users"],
        "gc": os.environ.get("STREAMLIT_RUNNER_POST_SCRIPT_GC", "true"),
        "load_avg": [s["load_average_before"][0], s["load_average_after"][0]],
        "article_p50_s": article["p50_s"],
        "article_p95_s": article["p95_s"],
        "errors": s["errors"],
        "visits": s["visits"],
        "rss_peak_mb": [r["rss_peak_mb"] for r in servers],
        "per_session_mb": [r["per_session_mb"] for r in servers],
        "server_cpu_share": [r["cpu_share"] for r in servers],
        "locust_cpu_share": s["locust_cpu_share"],
        "cores": s["cores"],
    }


# --- Main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.load.faults", description=__doc__)
    p.add_argument("drill", choices=("kill-replica", "restart-db", "add-replica", "series"))
    p.add_argument("--users", type=int, default=20, help="concurrent readers (20; add: 5)")
    p.add_argument("--seconds", type=int, default=60, help="load run time (60)")
    p.add_argument("--outage", type=float, default=5.0, help="restart-db: seconds down (5)")
    p.add_argument("--probes", type=int, default=3, help="restart-db: probe readers (3)")
    p.add_argument("--replicas", type=int, nargs="+", default=[1, 2], help="series: (1 2)")
    p.add_argument("--readers", type=int, nargs="+", default=[25, 50, 100], help="series")
    p.add_argument("--stop-timeout", type=int, default=15, help="series: readers' grace (15)")
    p.add_argument("--locust-cpu", type=int, help="series: pin Locust to this core")
    p.add_argument("--json", type=Path, help="write the result here (JSON)")
    p.add_argument("--work", type=Path, help="keep the load runs' files here")
    args = p.parse_args(argv)
    if args.drill == "add-replica" and "--users" not in (argv or sys.argv):
        args.users = 5
    if not (0 < args.seconds <= 900 and 0 < args.users <= 200 and 0 < args.outage <= 60):
        p.error("--seconds (at most 900), --users (at most 200) and --outage (60) are bounded")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if RUN.exists() is False:
        raise SystemExit("deploy/run is not in this repository")
    keep = args.work is not None
    args.work = args.work or Path(tempfile.mkdtemp(prefix="faults-load-"))
    drill = {
        "kill-replica": kill_replica,
        "restart-db": restart_db,
        "add-replica": add_replica,
        "series": series,
    }[args.drill]
    try:
        result = drill(args)
    finally:
        if not keep:
            shutil.rmtree(args.work, ignore_errors=True)
    text = json.dumps(result, indent=2, default=str)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
