"""A throwaway PostgreSQL cluster for the feedback tests: one per test session, on a socket.

The cluster itself is `deploy.postgres.Cluster` (the deployment starts the same kind); here it
lives in a fresh folder under /tmp (pytest's tmp_path is root-only, and under root the server runs
as the `postgres` user) and hands out one empty schema per test.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from deploy import postgres
from deploy.postgres import PORT, USER, find_bindir, missing_reason

__all__ = ["PORT", "USER", "Cluster", "find_bindir", "missing_reason"]


class Cluster(postgres.Cluster):
    """initdb, start, stop and remove a cluster; hand out fresh schemas by URL."""

    def __init__(self) -> None:
        super().__init__(Path(tempfile.mkdtemp(prefix="pg-feedback-")))
        self._names = itertools.count(1)

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
