"""One plain Streamlit replica on a loopback port, for the load run and the protocol tests.

No load balancer and no PostgreSQL: that is `deploy/run`'s job. This is the smallest server the
protocol client can talk to, started and stopped by the caller, bounded in time.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from deploy.cluster import streamlit_command

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 60.0
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Replica:
    url: str
    pid: int
    log: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In the child before exec: Linux sends it SIGTERM when the process that started it dies,
    so a load run or test killed from outside leaves no server behind."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server's own process group (started in a new session), then kill it."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)


@contextlib.contextmanager
def replica(
    env: dict[str, str] | None = None,
    *,
    port: int | None = None,
    cpu: int | None = None,
    log_dir: Path | None = None,
) -> Iterator[Replica]:
    """`streamlit run app.py` from the repo on 127.0.0.1; yields once `/_stcore/health` is ok.

    `env` is added to this process's environment (DATABASE_URL, READER_CACHE_DIR, …); `cpu`
    pins the server to one core with `taskset` so the load generator can have the other.
    """
    port = port or free_port()
    command = streamlit_command(REPO / "app.py", port)
    if cpu is not None:
        command = ["taskset", "-c", str(cpu), *command]
    fd, name = tempfile.mkstemp(prefix=f"replica-{port}-", suffix=".log", dir=log_dir)
    log = Path(name)
    with os.fdopen(fd, "wb") as out:
        proc = subprocess.Popen(
            command,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            env={**os.environ, **(env or {})},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(url):
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy within {STARTUP_TIMEOUT_S:.0f} s")
            time.sleep(0.1)  # polling a port that is not listening yet: nothing to wait on
        yield Replica(url, proc.pid, log)
    finally:
        _stop(proc)
