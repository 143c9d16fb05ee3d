"""`deploy/run up | down | status | add | db`: the reader as replicas behind HAProxy, one machine.

`up` starts a throwaway PostgreSQL cluster (a socket in the state folder, no TCP port), migrates
its schema once, starts N Streamlit replicas of app.py on loopback ports (each with its own result
cache and data folder, all sharing the database and one generated cookie secret, the content
read-only), then HAProxy in front with cookie-sticky sessions and health checks. It waits until
HAProxy has seen every replica pass a check, and prints the readers' address as its last line.
`down` stops all of it and removes the state folder. Everything it started is recorded in
`state.json` in the state folder (`DEPLOY_STATE_DIR`, default /tmp/health-reader-deploy).

The cookie secret reaches the replicas as `STREAMLIT_SERVER_COOKIE_SECRET` (Streamlit reads its
sensitive options from the environment) rather than `--server.cookieSecret`: a command line is
readable by every user through `ps`, a process's environment only by its owner.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import fcntl
import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from deploy.postgres import Cluster
from deploy.postgres import missing_reason as postgres_missing

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
DEFAULT_STATE_DIR = Path("/tmp/health-reader-deploy")
DEFAULT_REPLICAS = 2
HOST = "127.0.0.1"
BACKEND = "replicas"
COOKIE = "SERVERID"
HEALTH_PATH = "/_stcore/health"
READY_TIMEOUT_S = 60.0
STOP_GRACE_S = 10.0


class DeployError(Exception):
    """Something stopped the deployment; the message says what and where to look."""


# --- Where things live ---------------------------------------------------------------------------


def state_dir() -> Path:
    return Path(os.environ.get("DEPLOY_STATE_DIR") or DEFAULT_STATE_DIR)


class State:
    """The state folder: what is running, its ports and pids, the config and the secret."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "state.json"
        self.secret_file = folder / "cookie_secret"
        self.haproxy_config = folder / "haproxy.cfg"
        self.haproxy_pidfile = folder / "haproxy.pid"
        self.haproxy_socket = folder / "haproxy.sock"
        self.postgres_folder = folder / "postgres"
        self.data: dict[str, Any] = {}
        if self.file.exists():
            self.data = json.loads(self.file.read_text())

    def save(self) -> None:
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=2) + "\n")
        tmp.replace(self.file)

    @property
    def replicas(self) -> list[dict[str, Any]]:
        return self.data.setdefault("replicas", [])

    def cookie_secret(self) -> str:
        """The deployment's Streamlit cookie secret, made once per `up` (file mode 0600)."""
        if not self.secret_file.exists():
            fd = os.open(self.secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
        return self.secret_file.read_text().strip()


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One `deploy/run` at a time per state folder."""
    folder.mkdir(parents=True, exist_ok=True)
    # The postgres user must reach its cluster folder inside: traversable, not listable.
    folder.chmod(0o711)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


# --- Small helpers -------------------------------------------------------------------------------


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def healthy(port: int, timeout: float = 2.0) -> bool:
    """Whether the replica on `port` answers `ok` on Streamlit's health endpoint."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{HEALTH_PATH}", timeout=timeout) as r:
            return r.status == 200 and r.read().decode(errors="replace").strip() == "ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int | None, marker: str) -> bool:
    """Whether `pid` is still the process we started (its command line contains `marker`);
    a pid reused by something else after ours died is never touched."""
    if not pid:
        return False
    line = cmdline(pid)
    return bool(line) and marker in line and not _zombie(pid)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def wait_until(check: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)  # polling a port or a pid: there is no event to wait on
    return check()


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def ensure_package(command: str, package: str, present: Callable[[], bool]) -> None:
    """Install a Debian package with apt-get when its command is absent (as .ci/run does)."""
    if present():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise DeployError(f"{command} not found: install the Debian package {package!r}")
    say(f"installing {package} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (["update", "-qq"], ["install", "-y", "-qq", package]):
        subprocess.run(["apt-get", *args], check=True, env=env, capture_output=True, timeout=600)
    if not present():
        raise DeployError(f"{command} still not found after installing {package}")


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy",) if Path(p).exists()), None
    )


# --- Replicas ------------------------------------------------------------------------------------


def replica_env(state: State, replica: dict[str, Any]) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": state.data["database_url"],
        "READER_CACHE_DIR": replica["cache"],
        "XDG_DATA_HOME": replica["data"],
        "CONTENT_READ_ONLY": "1",
        "STREAMLIT_SERVER_COOKIE_SECRET": state.cookie_secret(),
        # Streamlit's full garbage collection after every script run was 37 % of a busy
        # replica's CPU; off, a replica held about twice the readers at the same memory
        # (README, Load). A reader app's runs make little cyclic garbage.
        "STREAMLIT_RUNNER_POST_SCRIPT_GC": "false",
        "PYTHONUNBUFFERED": "1",
    }


def new_replica(state: State) -> dict[str, Any]:
    """The next replica's name (r1, r2, …), port and folders, recorded before it starts."""
    taken = {r["name"] for r in state.replicas}
    number = 1
    while f"r{number}" in taken:
        number += 1
    name = f"r{number}"
    folder = state.folder / "replicas" / name
    replica = {
        "name": name,
        "port": free_port(),
        "pid": None,
        "cache": str(folder / "cache"),
        "data": str(folder / "data"),
        "log": str(folder / "streamlit.log"),
    }
    state.replicas.append(replica)
    return replica


def start_replica(state: State, replica: dict[str, Any]) -> None:
    for key in ("cache", "data"):
        Path(replica[key]).mkdir(parents=True, exist_ok=True)
    with open(replica["log"], "ab") as log:
        proc = subprocess.Popen(
            streamlit_command(APP, replica["port"]),
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: `down` stops it and its children
            env=replica_env(state, replica),
        )
    replica["pid"] = proc.pid


def streamlit_command(script: Path, port: int) -> list[str]:
    """`streamlit run script` as every server of ours runs it: on loopback, headless, no usage
    statistics and no file watcher (an edit must not prompt a rerun; content changes are read
    by the app's own snapshot). The replicas, the load generator's and the tests' servers."""
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", HOST,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip


def replica_marker(replica: dict[str, Any]) -> str:
    return f"--server.port {replica['port']}"


def wait_replica(replica: dict[str, Any], timeout: float = READY_TIMEOUT_S) -> None:
    def ready() -> bool:
        if not alive(replica["pid"], replica_marker(replica)):
            raise DeployError(
                f"replica {replica['name']} exited before answering its health check; "
                f"tail of {replica['log']}:\n{tail(Path(replica['log']))}"
            )
        return healthy(replica["port"], timeout=1.0)

    if not wait_until(ready, timeout):
        raise DeployError(
            f"replica {replica['name']} did not answer 'ok' on port {replica['port']} within "
            f"{timeout:.0f} s; tail of {replica['log']}:\n{tail(Path(replica['log']))}"
        )


def stop_group(pid: int | None, marker: str) -> None:
    """SIGTERM the process group we started, then SIGKILL what is left after a grace period."""
    if not alive(pid, marker):
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, sig)
        if wait_until(lambda: not alive(pid, marker), STOP_GRACE_S, 0.1):
            return


# --- HAProxy -------------------------------------------------------------------------------------


def haproxy_config(state: State) -> str:
    """Sticky sessions by cookie (its value is the replica's name), WebSocket-friendly timeouts,
    health checks every second, and a second try on another replica when one is down."""
    servers = "\n".join(
        f"    server {r['name']} {HOST}:{r['port']} check cookie {r['name']}"
        for r in state.replicas
    )
    return f"""# Written by deploy/run; regenerated on every `up` and `add`.
global
    stats socket {state.haproxy_socket} mode 600 level admin
    stats timeout 10s

defaults
    mode http
    option http-server-close
    option redispatch
    retries 2
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # An upgraded WebSocket (one reader's Streamlit session) may stay quiet for a long time.
    timeout tunnel 1h
    timeout client-fin 10s
    timeout http-request 10s
    timeout queue 30s

frontend readers
    bind {HOST}:{state.data["port"]}
    default_backend {BACKEND}

backend {BACKEND}
    balance roundrobin
    # A Streamlit session lives in one process: the cookie brings a reader back to it.
    cookie {COOKIE} insert indirect nocache
    option httpchk GET {HEALTH_PATH}
    http-check expect string ok
    # A busy replica may answer its health check slowly: 5 s, and three misses, before it
    # leaves the pool (a dead one refuses the connection at once, so it is out in about 3 s).
    timeout check 5s
    default-server inter 1s fall 3 rise 1
{servers}
"""


def write_haproxy_config(state: State) -> None:
    state.haproxy_config.write_text(haproxy_config(state))
    checked = subprocess.run(
        [state.data["haproxy"], "-c", "-q", "-f", str(state.haproxy_config)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if checked.returncode != 0:
        raise DeployError(f"HAProxy rejects {state.haproxy_config}:\n{checked.stderr.strip()}")


def haproxy_pid(state: State) -> int | None:
    try:
        pid = int(state.haproxy_pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if alive(pid, str(state.haproxy_config)) else None


def start_haproxy(state: State) -> None:
    """Start HAProxy as a daemon, or reload it: a new process takes over the port and the old
    one (`-sf`) finishes its open connections, so nobody is cut off."""
    old = haproxy_pid(state)
    command = [state.data["haproxy"], "-f", str(state.haproxy_config), "-p",
               str(state.haproxy_pidfile), "-D"]  # fmt: skip
    if old:
        command += ["-sf", str(old)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise DeployError(f"HAProxy did not start:\n{(done.stderr or done.stdout).strip()}")
    if not wait_until(lambda: haproxy_pid(state) not in (None, old), 10):
        raise DeployError("HAProxy started but wrote no pid file")


def haproxy_servers(state: State) -> dict[str, dict[str, str]]:
    """HAProxy's own view of each replica (`show stat`): status UP/DOWN and last check."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(str(state.haproxy_socket))
        sock.sendall(b"show stat\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    text = b"".join(chunks).decode(errors="replace").lstrip("# ")
    return {
        row["svname"]: row
        for row in csv.DictReader(io.StringIO(text))
        if row.get("pxname") == BACKEND and row.get("svname") not in ("FRONTEND", "BACKEND")
    }


def wait_pool(
    state: State, names: set[str] | None = None, timeout: float = READY_TIMEOUT_S
) -> None:
    """Until HAProxy has checked every replica (or those `names`) and found it up."""
    names = names or {r["name"] for r in state.replicas}
    last: dict[str, dict[str, str]] = {}

    def all_up() -> bool:
        nonlocal last
        try:
            last = haproxy_servers(state)
        except OSError:
            return False
        return all(
            last.get(n, {}).get("status") == "UP"
            and last[n].get("check_status", "").startswith("L7OK")
            for n in names
        )

    if not wait_until(all_up, timeout):
        seen = {n: (last.get(n, {}).get("status"), last.get(n, {}).get("check_status"))
                for n in names}  # fmt: skip
        raise DeployError(f"HAProxy does not see every replica healthy in {timeout:.0f} s: {seen}")


# --- Commands ------------------------------------------------------------------------------------


def anything_running(state: State) -> bool:
    return (
        any(alive(r.get("pid"), replica_marker(r)) for r in state.replicas)
        or haproxy_pid(state) is not None
        or _postgres_running(state)
    )


def _postgres_running(state: State) -> bool:
    data = state.postgres_folder / "data" / "postmaster.pid"
    try:
        pid = int(data.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return False
    return alive(pid, "postgres")


def reachable_by_postgres(folder: Path) -> None:
    """Under root the cluster runs as `postgres`, which must be able to enter every parent."""
    if os.geteuid() != 0:
        return
    for parent in folder.resolve().parents:
        if not parent.stat().st_mode & 0o001:
            raise DeployError(
                f"the postgres user cannot enter {parent} (mode "
                f"{parent.stat().st_mode & 0o777:o}): choose a DEPLOY_STATE_DIR under a folder "
                "others may traverse, such as /tmp"
            )


def postgres(state: State) -> Cluster:
    return Cluster(state.postgres_folder)


def already_up(state: State) -> str | None:
    """The readers' address when this state folder's deployment is fully up; None when nothing
    of it runs; an error when part of it runs (`up` must not start a second copy or stop it)."""
    if not (state.data and anything_running(state)):
        return None
    serving = haproxy_pid(state) is not None and _postgres_running(state)
    if serving and state.replicas and all(healthy(r["port"]) for r in state.replicas):
        return f"http://{HOST}:{state.data['port']}"
    raise DeployError("a deployment from this state folder is partly running: `down` first")


def up(state: State, replicas: int, port: int | None) -> str:
    clear(state)
    started = time.monotonic()
    ensure_package("haproxy", "haproxy", lambda: haproxy_binary() is not None)
    ensure_package("initdb", "postgresql", lambda: postgres_missing() is None)
    if (reason := postgres_missing()) is not None:
        raise DeployError(reason)
    state.data = {
        "port": port or free_port(),
        "haproxy": haproxy_binary(),
        "replicas": [],
    }
    state.cookie_secret()
    if port_open(state.data["port"]):
        raise DeployError(f"port {state.data['port']} is already in use (DEPLOY_PORT)")
    state.save()

    reachable_by_postgres(state.folder)
    cluster = postgres(state)
    state.data["database_url"] = cluster.url()
    state.save()
    cluster.init()
    cluster.start()
    say(f"postgresql: socket in {cluster.folder}")
    # Migrate once here; each replica's own first-use migration then finds nothing to do (and
    # would take the same advisory lock if it did), so replicas may start together.
    done = subprocess.run(
        [sys.executable, "-m", "feedback", "migrate"],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": state.data["database_url"]},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise DeployError(f"migration failed:\n{(done.stderr or done.stdout).strip()[-2000:]}")
    say("database migrated")

    fresh = [new_replica(state) for _ in range(replicas)]
    for replica in fresh:
        start_replica(state, replica)
    state.save()
    with ThreadPoolExecutor(len(fresh)) as pool:
        for result in [pool.submit(wait_replica, r) for r in fresh]:
            result.result()
    for replica in fresh:
        say(f"replica {replica['name']}: http://{HOST}:{replica['port']} (pid {replica['pid']})")

    write_haproxy_config(state)
    start_haproxy(state)
    state.save()
    wait_pool(state)
    say(f"haproxy: every replica healthy; up in {time.monotonic() - started:.1f} s")
    return f"http://{HOST}:{state.data['port']}"


def add(state: State) -> str:
    """One more replica while the others serve; it joins HAProxy's pool once healthy."""
    if not state.data or haproxy_pid(state) is None:
        raise DeployError("nothing is up: run `deploy/run up` first")
    replica = new_replica(state)
    start_replica(state, replica)
    state.save()
    wait_replica(replica)
    write_haproxy_config(state)
    start_haproxy(state)
    state.save()
    wait_pool(state, {replica["name"]})  # a replica that died earlier stays DOWN in the pool
    say(f"replica {replica['name']}: http://{HOST}:{replica['port']} (pid {replica['pid']})")
    return f"http://{HOST}:{state.data['port']}"


def clear(state: State) -> None:
    """Remove everything in the state folder except the lock (that `down` leaves behind)."""
    for child in state.folder.iterdir():
        if child.name == ".lock":
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    state.data = {}


def down(state: State) -> None:
    """Stop HAProxy, the replicas and PostgreSQL; remove the cluster and the state folder."""
    if not state.data and not state.postgres_folder.exists():
        say("nothing to stop")
        return
    pid = haproxy_pid(state)
    stop_group_or_pid(pid, str(state.haproxy_config))
    for replica in state.replicas:
        stop_group(replica.get("pid"), replica_marker(replica))
    if state.postgres_folder.exists():
        postgres(state).remove()
    clear(state)
    say("stopped")


def stop_group_or_pid(pid: int | None, marker: str) -> None:
    """HAProxy daemonized itself (not our process group): signal the pid alone."""
    if not alive(pid, marker):
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        if wait_until(lambda: not alive(pid, marker), STOP_GRACE_S, 0.1):
            return


def remove_folder(folder: Path) -> None:
    """The state folder, once `down` has emptied it (the lock file is the last thing in it)."""
    with contextlib.suppress(OSError):
        (folder / ".lock").unlink()
        folder.rmdir()


def status_rows(state: State) -> list[dict[str, Any]]:
    return [
        {
            "name": r["name"],
            "port": r["port"],
            "pid": r["pid"],
            "healthy": alive(r["pid"], replica_marker(r)) and healthy(r["port"]),
        }
        for r in state.replicas
    ]


def status_text(state: State, rows: list[dict[str, Any]]) -> str:
    if not state.data:
        return "nothing is up"
    lines = [f"{'NAME':<6} {'PORT':>6} {'PID':>8}  HEALTHY"]
    lines += [f"{r['name']:<6} {r['port']:>6} {r['pid']!s:>8}  {'yes' if r['healthy'] else 'no'}"
              for r in rows]  # fmt: skip
    pid = haproxy_pid(state)
    lines.append(f"haproxy: {f'running (pid {pid})' if pid else 'not running'}")
    lines.append(f"readers: http://{HOST}:{state.data['port']}")
    return "\n".join(lines)


def db(state: State, action: str) -> None:
    """Stop, start or restart the deployment's PostgreSQL (for the outage drill)."""
    if not state.data:
        raise DeployError("nothing is up")
    cluster = postgres(state)
    if action in ("stop", "restart"):
        cluster.stop()
    if action in ("start", "restart"):
        cluster.start()
    say(f"postgresql: {action} done")


# --- Command line --------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="deploy/run",
        description="Replicas of the reader behind HAProxy on one PostgreSQL, on this machine "
        "(state folder: DEPLOY_STATE_DIR, default /tmp/health-reader-deploy).",
    )
    commands = top.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start it all; prints the readers' address last")
    start.add_argument(
        "--replicas",
        type=int,
        default=int(os.environ.get("DEPLOY_REPLICAS") or DEFAULT_REPLICAS),
        help="how many Streamlit processes (default DEPLOY_REPLICAS or 2)",
    )
    start.add_argument(
        "--port",
        type=int,
        default=int(os.environ["DEPLOY_PORT"]) if os.environ.get("DEPLOY_PORT") else None,
        help="HAProxy's port on 127.0.0.1 (default DEPLOY_PORT, else a free port)",
    )
    commands.add_parser("down", help="stop everything `up` started and remove its state")
    status = commands.add_parser("status", help="each replica's name, port, pid and health")
    status.add_argument("--format", choices=("text", "json"), default="text")
    commands.add_parser("add", help="start one more replica; it joins the pool when healthy")
    database = commands.add_parser("db", help="stop, start or restart PostgreSQL")
    database.add_argument("action", choices=("stop", "start", "restart"))
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    folder = state_dir()
    if args.command in ("status", "down") and not folder.exists():
        if args.command == "status":
            print("[]" if args.format == "json" else "nothing is up")
        else:
            say("nothing to stop")
        return 0
    with locked(folder):
        state = State(folder)
        try:
            if args.command == "up":
                if args.replicas < 1:
                    raise DeployError("--replicas must be 1 or more")
                if address := already_up(state):
                    say("already up")
                    say(address)
                    return 0
                try:
                    address = up(state, args.replicas, args.port)
                except BaseException:
                    down(state)  # nothing half-started is left behind
                    remove_folder(folder)
                    raise
                say(address)
            elif args.command == "down":
                down(state)
                remove_folder(folder)
            elif args.command == "status":
                rows = status_rows(state)
                print(json.dumps(rows) if args.format == "json" else status_text(state, rows))
            elif args.command == "add":
                say(add(state))
            elif args.command == "db":
                db(state, args.action)
        except (DeployError, subprocess.SubprocessError, OSError) as exc:
            detail = getattr(exc, "stderr", None)
            print(f"deploy/run {args.command}: {exc}", file=sys.stderr)
            if detail:
                print(detail if isinstance(detail, str) else detail.decode(errors="replace"),
                      file=sys.stderr)  # fmt: skip
            return 1
    return 0
