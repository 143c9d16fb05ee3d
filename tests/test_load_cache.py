"""The loading cache: a file read before comes back identical, and never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import content.loader as loader
from cache import results as score_cache
from content.loader import DEFAULT_CONTENT_DIR, load_article, load_library

# Each test starts with an empty cache folder of its own (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("cache_dir")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    return folder


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    parsed: list[Path] = []
    real = loader._parse_file

    def spy(path: Path, where: str, raw: bytes):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return real(path, where, raw)

    monkeypatch.setattr(loader, "_parse_file", spy)
    return parsed


def _flush() -> None:
    score_cache.result_cache().flush()


def test_warm_load_is_identical_without_parsing(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_library(corpus)
    _flush()
    parsed = _count_parses(monkeypatch)
    warm = load_library(corpus)
    assert parsed == []
    assert warm == cold
    assert list(warm.articles) == list(cold.articles)
    for a, b in zip(warm.results, cold.results, strict=True):
        assert [(p, p.blocking) for p in a.problems] == [(p, p.blocking) for p in b.problems]


def test_an_edited_file_is_parsed_again(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sorted(corpus.glob("*.yaml"))[0]
    cold = load_article(path)
    assert cold.article is not None
    _flush()
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f"title: {cold.article.title}", "title: A title edited since"
        ),
        encoding="utf-8",
    )
    parsed = _count_parses(monkeypatch)
    warm = load_article(path)
    assert parsed == [path]
    assert warm.article is not None and warm.article.title == "A title edited since"


def test_a_broken_edit_is_reported_not_served_from_the_cache(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sorted(corpus.glob("*.yaml"))[0]
    assert load_article(path).article is not None
    _flush()
    path.write_text("id: [unclosed\n", encoding="utf-8")
    broken = load_article(path)
    assert broken.article is None
    assert "invalid YAML" in broken.problems[0].message


def test_a_new_loading_version_parses_again(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load_library(corpus)
    _flush()
    monkeypatch.setattr(loader, "loading_version", lambda: "validation code edited")
    parsed = _count_parses(monkeypatch)
    warm = load_library(corpus)
    assert len(parsed) == len(cold.results)
    assert warm == cold


def test_the_loading_version_covers_validation_model_and_registries() -> None:
    """The fingerprint walks the loader's project imports: editing any of them invalidates."""
    reached = {name for name, _ in score_cache.project_sources("content.loader")}
    assert {"content.validation", "content.model", "content.citations", "content.evidence"} <= (
        reached
    )
    data_files = {p.name for p in Path(loader.__file__).parent.glob("*.yaml")}
    assert {"tiers.yaml", "evidence_vocabulary.yaml", "issuing_bodies.yaml"} <= data_files


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param('{"article": "{"}', id="corrupt-value"),
        pytest.param('{"article": "{\\"id\\": 3}", "problems": []}', id="model-rejects-it"),
    ],
)
def test_a_stored_value_that_does_not_decode_is_parsed_again(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, stored: str
) -> None:
    path = sorted(corpus.glob("*.yaml"))[0]
    cold = load_article(path)
    _flush()
    db = score_cache.result_cache()._connect()
    assert db is not None
    with db:
        db.execute("UPDATE results SET value = ? WHERE kind = 'loaded'", (stored,))
    parsed = _count_parses(monkeypatch)
    assert load_article(path) == cold
    assert parsed == [path]


def test_line_endings_read_as_before(corpus: Path) -> None:
    """Files are read as bytes now; CRLF and CR files must load exactly as `read_text` had it."""
    path = sorted(corpus.glob("*.yaml"))[0]
    expected = load_article(path)
    text = path.read_text(encoding="utf-8")
    for ending in ("\r\n", "\r"):
        path.write_bytes(text.replace("\n", ending).encode("utf-8"))
        assert load_article(path) == expected
