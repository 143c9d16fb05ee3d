"""A throwaway PostgreSQL cluster for the feedback tests: one per test session, on a socket.

`initdb` refuses to run as root, so under root the cluster lives in a folder under /tmp owned by
the `postgres` user (pytest's tmp_path is root-only) and the server commands run through
`runuser`. The server listens on a Unix socket in that folder only (no TCP port).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
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
    """initdb, start, stop and remove a cluster; hand out fresh schemas by URL."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.folder = Path(tempfile.mkdtemp(prefix="pg-feedback-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._names = itertools.count(1)
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam(USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", USER, "--"]

    def _run(self, *command: str) -> None:
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

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, schema: str | None = None) -> str:
        """The `postgres` database; with `schema`, every unqualified name resolves in it."""
        url = f"postgresql+psycopg://{USER}@/postgres?host={self.folder}&port={PORT}"
        return f"{url}&options=-csearch_path%3D{schema}" if schema else url

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.folder), port=PORT, user=USER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql)

    def new_schema(self) -> str:
        """A fresh empty schema (much cheaper than a database); returns a URL that uses it."""
        name = f"feedback_test_{next(self._names)}"
        self._execute(f'CREATE SCHEMA "{name}"')
        return self.url(name)

    def drop_schema(self, url: str) -> None:
        name = url.rsplit("%3D", 1)[1]
        self._execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
