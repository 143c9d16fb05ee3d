"""A throwaway PostgreSQL cluster in a folder of our choosing (the deployment's and the tests').

`initdb` refuses to run as root, so under root the cluster's folder is owned by the `postgres`
user and the server commands run through `runuser`. The server listens on a Unix socket inside
that folder only (no TCP port), so nothing outside this machine's root and `postgres` can reach it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

PORT = 5432  # only names the socket file inside our own folder; no TCP listener
USER = "postgres"


def find_bindir() -> Path | None:
    """The folder with initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.parent.name)],
    )
    return versions[-1].parent if versions else None


def missing_reason() -> str | None:
    """Why a cluster cannot be started here, or None."""
    bindir = find_bindir()
    if bindir is None or not (bindir / "initdb").exists():
        return "PostgreSQL binaries (initdb, pg_ctl) not found (Debian: apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(USER)
        except KeyError:
            return f"running as root and there is no {USER!r} user to run initdb as"
    return None


class Cluster:
    """initdb, start, stop and remove a cluster living in `folder` (created if missing)."""

    def __init__(self, folder: Path) -> None:
        self.bindir = find_bindir()
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._as_user: list[str] = []
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o700)  # the socket inside trusts whoever reaches it: root and postgres
        if os.geteuid() == 0:
            user = pwd.getpwnam(USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", USER, "--"]

    def _run(self, *command: str) -> None:
        if self.bindir is None:
            raise FileNotFoundError(missing_reason())
        subprocess.run(
            [*self._as_user, str(self.bindir / command[0]), *command[1:]],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", USER, "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip

    def start(self) -> None:
        options = f"-k {self.folder} -p {PORT} -c listen_addresses=''"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                  "-t", "60", "start")  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        """Whether the postmaster named in the data folder's pid file is alive."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return False
        return Path(f"/proc/{pid}").exists()

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, schema: str | None = None) -> str:
        """The `postgres` database; with `schema`, every unqualified name resolves in it."""
        url = f"postgresql+psycopg://{USER}@/postgres?host={self.folder}&port={PORT}"
        return f"{url}&options=-csearch_path%3D{schema}" if schema else url
