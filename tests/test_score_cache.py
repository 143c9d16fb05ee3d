"""The score cache: identical scores, never stale, safe to delete, shared between processes."""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

import pytest

import readability.assess as assess
from cache import results as score_cache
from cache.results import CACHE_FILE, ResultCache, cache_key, cached, source_fingerprint
from content.loader import DEFAULT_CONTENT_DIR, load_library
from content.model import TIERS, Article
from readability.sentences import tier_parts

# Each test starts with an empty cache folder of its own (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("cache_dir")


@pytest.fixture
def article() -> Article:
    return next(iter(load_library(DEFAULT_CONTENT_DIR).articles.values()))


def _flush() -> None:
    score_cache.result_cache().flush()


def _forbid_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("scored again instead of reading the cache")

    monkeypatch.setattr(assess, "clean_markdown", refuse)
    monkeypatch.setattr(assess, "count_parts", refuse)


def test_warm_scores_are_identical_and_neither_clean_nor_count(
    article: Article, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    cold = assess.assess_article(article)
    _flush()
    assert (cache_dir / CACHE_FILE).is_file()
    _forbid_scoring(monkeypatch)
    warm = assess.assess_article(article)
    assert warm == cold


def test_cached_scores_survive_a_new_process(article: Article, cache_dir: Path) -> None:
    cold = assess.assess_article(article)
    _flush()
    # A second connection to the same file sees exactly what the first one wrote.
    other = ResultCache(cache_dir / CACHE_FILE)
    texts = [f"{part}\0{t}" for part, items in tier_parts(article, "patient") for t in items]
    stored = other.get("scores", cache_key([assess.scoring_version(), *texts]))
    assert assess._from_stored(stored)[0] == cold["patient"].whole
    # The key covers every part's text: the summary alone is not a key.
    assert other.get("scores", cache_key([assess.scoring_version(), texts[0]])) is (
        score_cache._MISSING
    )
    other.close()


def test_changed_text_is_scored_again(article: Article, monkeypatch: pytest.MonkeyPatch) -> None:
    before = assess.assess_tier(article, "patient")
    section = article.sections[0]
    data = article.model_dump()
    data["sections"][0]["tiers"]["patient"] += " More words."
    changed = Article.model_validate(data)
    after = assess.assess_tier(changed, "patient")
    assert after.sections[section.id].words == before.sections[section.id].words + 2
    assert after.whole.words == before.whole.words + 2


def test_a_new_scoring_version_scores_again(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    assess.assess_tier(article, "student")
    calls: list[int] = []
    original = assess.count_parts

    def counting(parts: object) -> object:
        calls.append(1)
        return original(parts)

    monkeypatch.setattr(assess, "count_parts", counting)
    assess.assess_tier(article, "student")
    assert calls == []
    monkeypatch.setattr(assess, "SCORER_VERSION", assess.SCORER_VERSION + 1)
    assess.assess_tier(article, "student")
    assert calls == [1]


def test_source_fingerprint_follows_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "fingerprint_probe.py"
    module.write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = source_fingerprint.__wrapped__("fingerprint_probe")
    assert source_fingerprint.__wrapped__("fingerprint_probe") == first
    module.write_text("VALUE = 2\n")
    assert source_fingerprint.__wrapped__("fingerprint_probe") != first
    with_versions = source_fingerprint.__wrapped__("fingerprint_probe", distributions=("textstat",))
    data = tmp_path / "rules.yaml"
    data.write_text("limit: 1\n")
    with_data = source_fingerprint.__wrapped__("fingerprint_probe", data_files=(data,))
    data.write_text("limit: 2\n")
    assert source_fingerprint.__wrapped__("fingerprint_probe", data_files=(data,)) != with_data
    assert with_versions != source_fingerprint.__wrapped__("fingerprint_probe")


def test_a_module_that_starts_importing_another_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The imports of each source are cached by its hash: a warm start parses nothing, and an
    edited module is parsed again, so a new project import joins the fingerprint."""
    monkeypatch.syspath_prepend(str(tmp_path))
    probe = tmp_path / "imports_probe.py"
    probe.write_text("VALUE = 1\n")
    cold = source_fingerprint.__wrapped__("imports_probe")
    _flush()
    parsed: list[bytes] = []
    real = score_cache._imported_modules

    def spy(source: bytes) -> set[str]:
        parsed.append(source)
        return real(source)

    monkeypatch.setattr(score_cache, "_imported_modules", spy)
    assert source_fingerprint.__wrapped__("imports_probe") == cold
    assert parsed == []
    probe.write_text("import content.citations\nVALUE = 1\n")
    edited = source_fingerprint.__wrapped__("imports_probe")
    assert len(parsed) >= 2  # the probe, then the module it now imports
    assert edited != cold


def test_scorer_fingerprint_covers_the_cleaner_and_what_it_imports() -> None:
    source = Path(sys.modules["readability.scores"].__file__ or "").read_bytes()
    assert "readability.clean" in score_cache._imported_modules(source)
    clean = Path(sys.modules["readability.clean"].__file__ or "").read_bytes()
    assert any(m.startswith("content.") for m in score_cache._imported_modules(clean))


@pytest.mark.parametrize(
    "damage",
    [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000, b""],
    ids=["garbage", "torn-header", "empty-file"],
)
def test_a_corrupt_cache_file_means_recompute_never_a_crash(
    article: Article, cache_dir: Path, damage: bytes
) -> None:
    expected = assess.assess_article(article)
    _flush()
    score_cache._flush_all()
    score_cache._caches.clear()
    score_cache._by_environment.clear()
    (cache_dir / CACHE_FILE).write_bytes(damage)
    for suffix in ("-wal", "-shm"):
        (cache_dir / f"{CACHE_FILE}{suffix}").unlink(missing_ok=True)
    assert assess.assess_article(article) == expected
    _flush()
    assert assess.assess_article(article) == expected


def test_deleting_the_cache_mid_run_is_harmless(article: Article, cache_dir: Path) -> None:
    expected = assess.assess_article(article)
    _flush()
    for path in cache_dir.glob(f"{CACHE_FILE}*"):
        path.unlink()
    assert assess.assess_article(article) == expected


def test_an_unusable_cache_folder_still_scores(
    article: Article, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = assess.assess_article(article)
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("READER_CACHE_DIR", str(blocker))
    monkeypatch.setattr(
        "readability.dictionary.cache_root", lambda: Path(str(tmp_path / "cache" / "dict"))
    )
    assert assess.assess_article(article) == expected


def test_a_stored_value_of_another_shape_is_replaced(cache_dir: Path) -> None:
    calls: list[int] = []

    def compute() -> dict[str, int]:
        calls.append(1)
        return {"answer": 42}

    def decode(value: dict[str, int]) -> dict[str, int]:
        return {"answer": value["answer"]}

    key = cache_key(["shape"])
    score_cache.result_cache().put("demo", key, ["an", "old", "layout"])
    assert cached("demo", ["shape"], compute, decode=decode) == {"answer": 42}
    assert cached("demo", ["shape"], compute, decode=decode) == {"answer": 42}
    assert calls == [1]


def test_cached_computes_once_per_key_and_keeps_kinds_apart() -> None:
    calls: list[str] = []

    def compute(label: str) -> list[str]:
        calls.append(label)
        return [label]

    assert cached("findings", ["a", "b"], lambda: compute("x")) == ["x"]
    assert cached("findings", ["a", "b"], lambda: compute("y")) == ["x"]
    assert cached("scores", ["a", "b"], lambda: compute("z")) == ["z"]
    # Parts are length-prefixed: ["a", "b"] and ["ab"] are different keys.
    assert cached("findings", ["ab"], lambda: compute("w")) == ["w"]
    assert calls == ["x", "z", "w"]


def test_concurrent_writers_share_one_file(cache_dir: Path) -> None:
    """Two connections (as two processes would have) and many threads write at once."""
    first, second = ResultCache(cache_dir / CACHE_FILE), ResultCache(cache_dir / CACHE_FILE)

    def write(cache: ResultCache, start: int) -> None:
        for n in range(start, start + 300):
            cache.put("load", cache_key([n]), n)
        cache.flush()

    threads = [
        threading.Thread(target=write, args=(cache, start))
        for cache, start in [(first, 0), (second, 300), (first, 600), (second, 900)]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    reader = ResultCache(cache_dir / CACHE_FILE)
    assert [reader.get("load", cache_key([n])) for n in range(1200)] == list(range(1200))
    with sqlite3.connect(cache_dir / CACHE_FILE) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for cache in (first, second, reader):
        cache.close()


def test_progress_hears_every_tier(article: Article) -> None:
    heard: list[tuple[int, int]] = []
    assess.assess_article(article, progress=lambda done, total: heard.append((done, total)))
    assert heard == [(n, len(TIERS)) for n in range(1, len(TIERS) + 1)]


def test_a_quiet_process_commits_its_results_without_being_asked(cache_dir: Path) -> None:
    """The app may not write again for hours: buffered results reach the file on their own."""
    writer = score_cache.result_cache()
    writer.put("demo", cache_key(["soon"]), "value")
    reader = ResultCache(cache_dir / CACHE_FILE)
    for _ in range(100):  # a generous wait for the background commit, not a speed check
        if reader.get("demo", cache_key(["soon"])) == "value":
            break
        threading.Event().wait(0.1)
    assert reader.get("demo", cache_key(["soon"])) == "value"
    reader.close()


def test_a_write_waits_out_another_process_holding_the_file(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker or the app may hold the file longer than one statement waits: the batch is
    tried again rather than dropped."""
    monkeypatch.setattr(score_cache, "_BUSY_TIMEOUT_SECONDS", 0.05)
    cache = ResultCache(cache_dir / CACHE_FILE)
    cache.put("load", cache_key(["first"]), 1)
    cache.flush()  # the file and its table exist
    other = sqlite3.connect(cache_dir / CACHE_FILE, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.3, other.execute, args=("COMMIT",))
    release.start()
    cache.put("load", cache_key(["second"]), 2)
    cache.flush()  # busy for 0.3 s: well past one 0.05 s wait
    release.join()
    other.close()
    reader = ResultCache(cache_dir / CACHE_FILE)
    assert reader.get("load", cache_key(["second"])) == 2
    for opened in (cache, reader):
        opened.close()


def test_a_file_locked_while_connecting_is_never_taken_for_a_corrupt_one(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "database is locked" is an OperationalError, itself a DatabaseError: taken for a corrupt
    file, the cache deleted everything another process had written."""
    monkeypatch.setattr(score_cache, "_BUSY_TIMEOUT_SECONDS", 0.05)
    monkeypatch.setattr(score_cache, "_BUSY_RETRY_SECONDS", ())
    writer = ResultCache(cache_dir / CACHE_FILE)
    writer.put("load", cache_key(["kept"]), "written by another process")
    writer.close()
    other = sqlite3.connect(cache_dir / CACHE_FILE, isolation_level=None)
    other.execute("PRAGMA journal_mode=DELETE")  # a rollback journal: an exclusive lock blocks all
    other.execute("BEGIN EXCLUSIVE")
    newcomer = ResultCache(cache_dir / CACHE_FILE)
    newcomer.put("load", cache_key(["new"]), "lost: the file was busy")
    newcomer.flush()  # cannot connect while the lock is held
    other.execute("COMMIT")
    other.close()
    reader = ResultCache(cache_dir / CACHE_FILE)
    assert reader.get("load", cache_key(["kept"])) == "written by another process"
    for opened in (newcomer, reader):
        opened.close()
