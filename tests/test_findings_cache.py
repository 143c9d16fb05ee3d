"""The findings cache: warm findings equal cold ones, and any change to the inputs recomputes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import readability.checks.engine as checks
from cache import results as score_cache
from content.loader import DEFAULT_CONTENT_DIR, load_library
from content.model import Article
from readability.check_words import check_words
from tests.test_checks import NOT_GRADED, OVERCLAIMING
from tests.test_checks import article as planted_article

ROOT = Path(__file__).resolve().parents[1]


# Each test starts with an empty cache folder of its own (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("cache_dir")


@pytest.fixture
def articles() -> list[Article]:
    """The shipped articles plus planted ones with findings, one of them accepted."""
    accept = [
        {"rule": "overclaim", "section": "only", "excerpt": "always lift", "why": "Quoted rule."}
    ]
    planted = [
        planted_article(patient=OVERCLAIMING, grade=NOT_GRADED),
        planted_article(patient=OVERCLAIMING, grade=NOT_GRADED, checks={"accept": accept}),
        planted_article(patient="- Acupuncture and borborygmi eased the pain. [1]"),
    ]
    return [*planted, *load_library(DEFAULT_CONTENT_DIR).articles.values()]


def _count_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    runs: list[str] = []
    real = checks.find_all

    def spy(article: Article) -> list[checks.Finding]:
        runs.append(article.id)
        return real(article)

    monkeypatch.setattr(checks, "find_all", spy)
    return runs


def _flush() -> None:
    score_cache.result_cache().flush()


def test_warm_findings_are_identical_without_checking_again(
    articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = [checks.check_article(a) for a in articles]
    assert any(cold), "the shipped corpus should have some findings to compare"
    _flush()
    runs = _count_runs(monkeypatch)
    warm = [checks.check_article(a) for a in articles]
    assert runs == []
    assert warm == cold
    assert warm == [checks.find_all(a) for a in articles]


def test_accepted_findings_keep_their_reason(
    articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    accepted = [f for a in articles for f in checks.check_article(a) if f.accepted]
    assert accepted
    _flush()
    runs = _count_runs(monkeypatch)
    again = [f for a in articles for f in checks.check_article(a) if f.accepted]
    assert runs == [] and again == accepted and all(f.why for f in again)


def test_an_edited_article_is_checked_again(
    articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = articles[0]
    checks.check_article(article)
    _flush()
    runs = _count_runs(monkeypatch)
    edited = article.model_copy(update={"title": article.title + " (edited)"})
    checks.check_article(edited)
    assert runs == [article.id]
    calmed = articles[1].model_copy(
        update={"checks": articles[1].checks.model_copy(update={"accept": []})}
    )
    assert not any(f.accepted for f in checks.check_article(calmed))


def test_a_new_checks_version_checks_again(
    articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = checks.check_article(articles[0])
    _flush()
    monkeypatch.setattr(checks, "checks_version", lambda: "rules edited")
    runs = _count_runs(monkeypatch)
    assert checks.check_article(articles[0]) == cold
    assert runs == [articles[0].id]


def test_other_word_lists_check_again(
    articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    checks.check_article(articles[0])
    _flush()
    stricter = check_words().model_copy(update={"rare_word_zipf": 6.0})
    monkeypatch.setattr(checks, "check_words", lambda: stricter)
    runs = _count_runs(monkeypatch)
    checks.check_article(articles[0])
    assert runs == [articles[0].id]


def test_the_checks_version_covers_the_word_lists_and_wordfreq() -> None:
    version = checks.checks_version()
    assert version == checks.checks_version()
    assert version != score_cache.source_fingerprint("readability.checks")


def test_a_fully_warm_check_never_loads_wordfreq(tmp_path: Path) -> None:
    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "cache")}
    script = (
        "import sys; from readability.cli import main; main(['check', sys.argv[1]]);"
        "print('wordfreq' in sys.modules)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(DEFAULT_CONTENT_DIR)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        for _ in range(2)
    ]
    cold, warm = (r.stdout.rsplit("\n", 2)[-2] for r in runs)
    assert (cold, warm) == ("True", "False")
    assert runs[0].stdout.rsplit("\n", 2)[0] == runs[1].stdout.rsplit("\n", 2)[0]
