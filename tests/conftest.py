"""Shared fixtures: the repo root, temporary content folders, a clean environment."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from cache import results as score_cache
from tests.postgres import Cluster
from tests.postgres import missing_reason as postgres_missing

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# gut-brain-axis as it shipped before issue 17 rebuilt it (commercial summaries, dangling [5] and
# [6]): the tests that pin that file's grades, findings and seed outline read this frozen copy.
FROZEN = ROOT / "tests" / "fixtures" / "frozen"


@pytest.fixture(scope="session", autouse=True)
def _textstat_offline(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests compare our figures with textstat's own, and textstat needs NLTK's copy of the CMU
    dictionary (downloaded, unless given): written once per session into a throwaway folder."""
    from readability.dictionary import ensure_cmudict

    ensure_cmudict(tmp_path_factory.mktemp("nltk_data"))


@pytest.fixture(autouse=True)
def _default_content_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start from the shipped articles unless they point CONTENT_DIR elsewhere."""
    monkeypatch.delenv("CONTENT_DIR", raising=False)


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """Write article data (or raw text) as `<name>.yaml` into a temporary content folder."""
    folder = tmp_path / "articles"
    folder.mkdir()

    def write(data: dict[str, Any] | str, name: str | None = None) -> Path:
        if isinstance(data, dict):
            name = name or data.get("id", "article")
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        else:
            text = data
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


# --- Feedback database: never the real one -------------------------------------------------------


_FEEDBACK_FOLDER = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Every test, AppTest and server started by a test writes feedback to a throwaway file.

    Set for the whole process (servers started by the browser tests inherit it); tests that need
    their own database point DATABASE_URL elsewhere with monkeypatch.
    """
    folder = tempfile.mkdtemp(prefix="feedback-tests-")
    config.stash[_FEEDBACK_FOLDER] = folder
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/feedback.db"
    os.environ["XDG_DATA_HOME"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    if folder := config.stash.get(_FEEDBACK_FOLDER, None):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the session: skipped without binaries, except in CI."""
    if reason := postgres_missing():
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true, so the PostgreSQL tests must run, but {reason}", pytrace=False)
        pytest.skip(reason)
    cluster = Cluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty score cache folder of the test's own; open cache files are closed afterwards."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("READER_CACHE_DIR", str(folder))
    yield folder
    for cache in score_cache._caches.values():
        cache.close()
    score_cache._caches.clear()
    score_cache._by_environment.clear()


@pytest.fixture
def article_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped articles as CONTENT_DIR, so a test may edit or save one."""
    folder = tmp_path / "articles"
    shutil.copytree(Path(__file__).resolve().parents[1] / "content" / "articles", folder)
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    return folder
