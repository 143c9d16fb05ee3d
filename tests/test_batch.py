"""The per-file report: equal to the rows built in one process, cached by each file's bytes,
and computed by worker processes on a cold run without changing a byte of the output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import make_corpus
from cache import results as score_cache
from content import loader
from content.loader import DEFAULT_CONTENT_DIR, article_files, load_library
from readability import batch
from readability.batch import file_outcomes, report_parts
from readability.cli import main
from readability.report import joined_report_json, report_csv, report_json, report_rows
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("cache_dir")
FIRST = sorted(DEFAULT_CONTENT_DIR.glob("*.yaml"))[0].name  # the shipped file copied twice


def _edited() -> str:
    return "targets edited"


def _report(folder: Path, workers: int = 1) -> tuple[str, list[loader.LoadResult]]:
    outcomes = file_outcomes(article_files([folder]), batch.REPORT, workers=workers)
    parts, failed = report_parts(outcomes)
    return joined_report_json(parts), failed


def _expected(folder: Path) -> str:
    return report_json(report_rows(load_library(folder).articles.values()))


def _count_computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    computed: list[str] = []
    real = batch._compute

    def spy(task: batch.FileTask, path: Path, raw: bytes, key: bytes) -> batch.FileOutcome:
        computed.append(path.stem)
        return real(task, path, raw, key)

    monkeypatch.setattr(batch, "_compute", spy)
    return computed


def test_cold_and_warm_equal_the_rows_and_warm_computes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = _expected(DEFAULT_CONTENT_DIR)
    computed = _count_computed(monkeypatch)
    assert _report(DEFAULT_CONTENT_DIR) == (expected, [])
    assert len(computed) == len(article_files([DEFAULT_CONTENT_DIR]))
    score_cache.result_cache().flush()
    computed.clear()
    assert _report(DEFAULT_CONTENT_DIR) == (expected, [])
    assert computed == []


def test_an_edited_file_or_a_new_report_version_is_computed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    _report(folder)
    score_cache.result_cache().flush()
    computed = _count_computed(monkeypatch)
    edited = sorted(folder.glob("*.yaml"))[0]
    edited.write_text(edited.read_text().replace("status:", "# edited\nstatus:", 1))
    assert _report(folder) == (_expected(folder), [])
    assert computed == [edited.stem]
    computed.clear()
    monkeypatch.setattr(batch, "REPORT", batch.FileTask("report-file", _edited, batch.article_json))
    _report(folder)
    assert len(computed) == len(article_files([folder]))


@pytest.fixture
def messy_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped articles plus a duplicate id, a broken file and an oversized one; workers
    start for any number of files, one file per task."""
    folder = tmp_path / "articles"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    # A copy under another file name keeps its id: the later file is the duplicate.
    shutil.copy(folder / FIRST, folder / f"zz-{FIRST}")
    (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (folder / "huge.yaml").write_bytes(b"#" * (loader.MAX_FILE_BYTES + 1))
    monkeypatch.setattr(batch, "MIN_FILES_FOR_WORKERS", 1)
    monkeypatch.setattr(batch, "_CHUNK", 1)
    return folder


def test_broken_and_duplicate_files_fail_as_load_library_says(messy_folder: Path) -> None:
    folder = messy_folder
    library = load_library(folder)
    for workers in (1, 2):
        text, failed = _report(folder, workers)
        assert text == _expected(folder)
        assert [(f.path, f.problems) for f in failed] == [
            (f.path, f.problems) for f in library.failed
        ]
        assert {f.path.name for f in failed} == {"broken.yaml", "huge.yaml", f"zz-{FIRST}"}


def test_workers_give_the_same_bytes_and_fill_the_caches_the_app_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    make_corpus(folder, batch.MIN_FILES_FOR_WORKERS + 4)
    in_workers, failed = _report(folder, workers=2)
    assert failed == []
    score_cache.result_cache().flush()
    # Everything the workers computed is in the shared cache: nothing is computed again ...
    computed = _count_computed(monkeypatch)
    assert _report(folder, workers=2)[0] == in_workers
    assert computed == []

    # ... and loading the library for the app reads the articles the workers parsed.
    def refuse(*args: object) -> None:
        raise AssertionError("parsed again instead of reading what the workers cached")

    monkeypatch.setattr(loader, "_parse_file", refuse)
    assert in_workers == _expected(folder)


def test_one_process_is_used_for_a_few_files(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("started worker processes for a handful of files")

    monkeypatch.setattr(batch.multiprocessing, "get_context", no_pool)
    assert _report(DEFAULT_CONTENT_DIR, workers=8)[0] == _expected(DEFAULT_CONTENT_DIR)


@pytest.mark.parametrize("output", ["csv", "table", "json"])
def test_every_format_reads_the_same_rows(output: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = report_rows(load_library(DEFAULT_CONTENT_DIR).articles.values())
    assert main(["report", str(DEFAULT_CONTENT_DIR), "--format", output, "--check"]) == 0
    printed = capsys.readouterr().out
    if output == "csv":
        assert printed == report_csv(rows)
    elif output == "json":
        assert json.loads(printed) == rows and printed == report_json(rows) + "\n"
    else:
        assert all(row["article"] in printed for row in rows)


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_jobs_must_be_a_positive_whole_number(
    jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--jobs", jobs])
    assert exit_.value.code == 2
    assert "expected a whole number of 1 or more" in capsys.readouterr().err


# --- the same engine for `python -m readability check` ---------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_check_files_equals_check_library_cold_and_warm(
    workers: int, messy_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readability.checks import check_files, check_library

    folder = messy_folder
    first = folder / FIRST
    # A planted finding, so the comparison covers findings and not only their absence.
    text = first.read_text(encoding="utf-8")
    planted = text.replace("patient: ", "patient: The QZX test proves it cures everyone. ", 1)
    first.write_text(planted, encoding="utf-8")
    expected = check_library(load_library(folder))
    assert any(f.rule == "load" for f in expected) and any(f.rule != "load" for f in expected)
    files = article_files([folder])
    assert check_files(files, workers=workers) == expected
    score_cache.result_cache().flush()
    computed = _count_computed(monkeypatch)
    assert check_files(files, workers=workers) == expected
    assert computed == []


def test_a_worker_that_dies_leaves_this_process_to_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed worker (out of memory, say) breaks the pool: the report is still whole."""
    folder = tmp_path / "articles"
    folder.mkdir()
    make_corpus(folder, 12)
    monkeypatch.setattr(batch, "MIN_FILES_FOR_WORKERS", 1)
    monkeypatch.setattr(batch, "_CHUNK", 1)
    parent = os.getpid()
    real = batch._compute

    def dies_in_a_worker(
        task: batch.FileTask, path: Path, raw: bytes, key: bytes
    ) -> batch.FileOutcome:
        if os.getpid() != parent and path.stem.endswith("5"):
            os._exit(1)
        return real(task, path, raw, key)

    monkeypatch.setattr(batch, "_compute", dies_in_a_worker)
    assert _report(folder, workers=2) == (_expected(folder), [])


FORK_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from benchmarks.corpus import make_corpus
from readability import batch
folder = Path(sys.argv[2])
make_corpus(folder, 6)
batch.MIN_FILES_FOR_WORKERS, batch._CHUNK = 1, 1
print("said once", end="")  # still in the buffer when the workers are forked
sys.stderr.write("progress once")
outcomes = batch.file_outcomes(sorted(folder.glob("*.yaml")), workers=2)
print(f" {len(outcomes)} outcomes")
"""


def test_workers_do_not_print_what_was_buffered_before_the_fork(tmp_path: Path) -> None:
    """multiprocessing flushes the standard streams before it forks; a bare `os.fork` would
    leave each worker a copy of the buffer to print again when it exits."""
    folder = tmp_path / "articles"
    folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", FORK_SCRIPT, str(ROOT), str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "READER_CACHE_DIR": str(tmp_path / "cache")},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "said once 6 outcomes\n"
    assert result.stderr.count("progress once") == 1
