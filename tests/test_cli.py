"""Command-line contracts: output shapes and exit codes of `python -m content` and `readability`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from content.cli import main as content_main
from content.model import TIERS
from readability.cli import main as readability_main
from readability.report import COLUMNS, report_csv, report_rows
from tests.samples import CLINICAL_TEXT, SCORE_KEYS, valid_article

ROOT = Path(__file__).resolve().parents[1]
EXPORT_KEYS = {"id", "title", "status", "updated", "summary", "sections", "references", "problems"}
SECTION_KEYS = {"id", "heading", "group", "tiers", "citations", "evidence"}
REFERENCE_KEYS = {"id", "type", "title", "source", "year"}


def run_module(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m …` as a user would, from the repo root."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- python -m content validate ------------------------------------------------------------


def test_validate_exits_0_with_dangling_citation_warnings() -> None:
    frozen = "tests/fixtures/frozen/gut-brain-axis.yaml"
    result = run_module("content", "validate", frozen)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    dangling = [line for line in lines if "has no matching reference" in line]
    assert any("citation [5]" in line for line in dangling)
    assert any("citation [6]" in line for line in dangling)
    for line in dangling:
        where, severity, _ = line.split(": ", 2)
        assert where.startswith(f"{frozen}:sections[")
        assert severity == "warning"


def test_validate_shipped_articles_exits_0_without_dangling_citations() -> None:
    result = run_module("content", "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "has no matching reference" not in result.stdout


@pytest.mark.parametrize(
    ("status", "expected_exit"),
    [("draft", 0), ("no-such-status", 1)],
)
def test_validate_exit_code_follows_errors(
    write_article: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    status: str,
    expected_exit: int,
) -> None:
    path = write_article(valid_article(status=status))
    assert content_main(["validate", str(path.parent)]) == expected_exit
    out = capsys.readouterr().out
    assert ("error:" in out) is (expected_exit == 1)


def test_validate_json_lists_problems(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_article(valid_article(status="nope"))
    assert content_main(["validate", "--format", "json", str(path)]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert problems == [
        {"severity": "error", "where": f"{path}:status", "message": problems[0]["message"]}
    ]
    assert "draft" in problems[0]["message"]


def test_validate_missing_path_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert content_main(["validate", "/no/such/folder"]) == 2
    assert "no such file" in capsys.readouterr().err


# --- python -m content export ----------------------------------------------------------------


def test_export_gut_brain_axis_json_contract() -> None:
    result = run_module("content", "export", "gut-brain-axis", "--format", "json")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert set(article) >= EXPORT_KEYS
    assert article["updated"] == "2026-12-04"
    assert article["status"] == "draft"
    assert len(article["sections"]) == 7
    for section in article["sections"]:
        assert set(section) >= SECTION_KEYS
        assert all(section["tiers"][tier] for tier in TIERS)
        assert all(isinstance(ref_id, str) for ref_id in section["citations"])
        assert {"score", "label", "flags", "rank", "reason"} <= set(section["evidence"])
        evidence = section["evidence"]
        assert evidence["rank"] == ["Not graded", "Very low", "Low", "Moderate", "High"].index(
            evidence["label"]
        )
        assert evidence["reason"].endswith(".")
    assert all(set(r) >= REFERENCE_KEYS for r in article["references"]) and article["references"]
    for ref in article["references"]:  # issue 17: no summaries written by others
        assert ref["type"] != "summary"
        assert (ref["issuer"] is not None) == (ref["type"] == "guideline")
    assert "error" not in {p["severity"] for p in article["problems"]}
    for name in ("key_points", "actions"):
        assert set(article[name]) == set(TIERS)
        assert all(isinstance(items, list) for items in article[name].values())
    assert 2 <= len(article["key_points"]["patient"]) <= 4
    assert article["actions"]["patient"]
    assert article["review"] is None  # nobody has reviewed it: never invented


def test_export_clamps_a_capped_score_into_the_very_low_band(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = valid_article()
    data["references"][1]["certainty"] = "high"  # the guideline behind the animal section
    data["review"] = {"by": "Dr A. Reviewer", "date": "2026-02-01"}
    assert content_main(["export", str(write_article(data))]) == 0
    exported = json.loads(capsys.readouterr().out)
    evidence = exported["sections"][1]["evidence"]
    assert (evidence["label"], evidence["rank"]) == ("Very low", 1)
    assert evidence["score"] < 0.25  # inside the Very low band, whatever the certainty
    assert "animals or in the lab" in evidence["reason"]
    assert exported["references"][1]["issuer"] == "A Society"
    assert exported["review"] == {"by": "Dr A. Reviewer", "date": "2026-02-01"}


def test_export_yaml_and_file_path(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    import yaml

    path = write_article(valid_article())
    assert content_main(["export", str(path), "--format", "yaml"]) == 0
    exported = yaml.safe_load(capsys.readouterr().out)
    assert exported["id"] == "sample-article"
    assert exported["sections"][1]["evidence"]["flags"] == ["animal or lab evidence only"]


def test_export_unknown_id_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert content_main(["export", "no-such-article"]) == 2
    assert "no article file or id 'no-such-article'" in capsys.readouterr().err


def test_export_of_a_non_article_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = tmp_path / "notes.txt"
    stray.write_text("just some notes", encoding="utf-8")
    assert content_main(["export", str(stray)]) == 1
    assert f"{stray}: error: expected a mapping" in capsys.readouterr().err


def test_export_invalid_article_exits_1(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_article(valid_article(updated="soon"))
    assert content_main(["export", str(path)]) == 1
    assert ":updated: error:" in capsys.readouterr().err


# --- python -m readability score ------------------------------------------------------------


def test_score_from_stdin_with_tier_verdict() -> None:
    result = run_module("readability", "score", "-", "--tier", "patient", stdin=CLINICAL_TEXT)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert set(scores) >= SCORE_KEYS
    assert scores["verdict"] == "miss" and scores["meets_target"] is False
    assert scores["target"] == 8


def test_score_file_without_tier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text_file = tmp_path / "text.md"
    text_file.write_text("- Short plain words. [1]\n- Easy to read. [2]\n", encoding="utf-8")
    assert readability_main(["score", str(text_file)]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["sentences"] == 2 and "verdict" not in scores


def test_score_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert readability_main(["score", "/no/such/file.md"]) == 2
    assert "cannot read" in capsys.readouterr().err


# --- python -m readability report -----------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_report() -> list[dict]:
    result = run_module("readability", "report", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_report_has_section_and_whole_tier_rows(shipped_report: list[dict]) -> None:
    rows = [r for r in shipped_report if r["article"] == "gut-brain-axis"]
    assert all(set(COLUMNS) == set(row) for row in rows)
    assert len([r for r in rows if r["section"] is not None]) == 7 * 3
    whole = {r["tier"]: r for r in rows if r["section"] is None}
    assert set(whole) == set(TIERS)


def test_gut_brain_tiers_meet_their_targets(shipped_report: list[dict]) -> None:
    whole = {
        r["tier"]: r
        for r in shipped_report
        if r["article"] == "gut-brain-axis" and r["section"] is None
    }
    assert whole["patient"]["consensus_grade"] <= 8
    assert whole["student"]["consensus_grade"] <= 12
    assert whole["clinician"]["consensus_grade"] >= whole["patient"]["consensus_grade"] + 3
    assert all(row["meets_target"] for row in whole.values())


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_report_text_formats(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    path = write_article(valid_article())
    assert readability_main(["report", str(path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "sample-article" in out and "first-section" in out
    if fmt == "csv":
        assert out.splitlines()[0].split(",") == list(COLUMNS)
        assert len(out.splitlines()) == 1 + 3 * (2 + 1)


def test_report_check_fails_when_a_whole_tier_misses(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = valid_article()
    for section in data["sections"]:
        section["tiers"]["patient"] = CLINICAL_TEXT + " [1]"
    path = write_article(data)
    assert readability_main(["report", str(path), "--format", "json", "--check"]) == 1
    assert "miss: sample-article patient" in capsys.readouterr().err


def test_report_check_passes_on_the_shipped_library() -> None:
    result = run_module("readability", "report", "--check")
    assert result.returncode == 0, result.stderr


def test_report_skips_broken_files_and_names_them(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_article(valid_article())
    write_article("id: [broken", name="broken")
    assert readability_main(["report", str(good.parent), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert {r["article"] for r in json.loads(captured.out)} == {"sample-article"}
    assert "broken.yaml" in captured.err


def test_report_check_fails_when_a_file_fails_to_load(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_article(valid_article())
    assert readability_main(["report", str(good.parent), "--check"]) == 0
    write_article("id: [broken", name="broken")
    assert readability_main(["report", str(good.parent), "--check"]) == 1
    assert "broken.yaml failed to load" in capsys.readouterr().err


def test_report_does_not_call_warnings_skipped(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A loaded article's warnings are not "skipped"; a failed file's lines say their severity."""
    data = valid_article(id="wrong-name")  # loads, validates, but its id does not match its file
    data["summary"] = {"patient": "Only a patient summary. [1]"}  # warnings: no other summaries
    folder = write_article(data, name="renamed").parent
    write_article(valid_article(summary={"patient": "A summary. [1]"}))  # warnings only
    assert readability_main(["report", str(folder), "--format", "csv"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("skipped: ") and "renamed.yaml" in lines[0]
    assert all(not line.startswith("skipped") for line in lines[1:])
    assert any(": warning: " in line for line in lines[1:])
    assert any(": error: " in line for line in lines[1:])
    assert not any("sample-article" in line for line in lines)


def test_report_keeps_numeric_target_and_adds_goal_and_limit(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_article(valid_article())
    assert readability_main(["report", str(path), "--format", "json"]) == 0
    whole = {r["tier"]: r for r in json.loads(capsys.readouterr().out) if r["section"] is None}
    assert (whole["patient"]["target"], whole["patient"]["goal"], whole["patient"]["limit"]) == (
        8,
        6,
        8,
    )
    assert whole["clinician"]["limit"] is None
    assert readability_main(["report", str(path)]) == 0
    header = capsys.readouterr().out.splitlines()[0].split()
    assert {"goal", "limit", "verdict"} <= set(header)


def test_report_csv_is_exactly_what_the_cli_prints(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from content.loader import load_library

    path = write_article(valid_article())
    assert readability_main(["report", str(path.parent), "--format", "csv"]) == 0
    rows = report_rows(load_library(path.parent).articles.values())
    assert capsys.readouterr().out == report_csv(rows)


# --- python -m readability check ------------------------------------------------------------

FINDING_KEYS = {"article", "tier", "section", "severity", "rule", "message", "excerpt"}
CLEAN_TIERS = {
    "patient": "- Gut bacteria make small chemicals. [1]\n"
    "- These can send signals to the brain. [1]",
    "student": "- Gut bacteria release metabolites, small molecules produced as they grow and "
    "divide. [1]\n- These metabolites can signal to the brain through nerves, the immune system "
    "and hormones. [1]",
    "clinician": "- Commensal microbiota secrete bioactive metabolites with systemic "
    "neuroendocrine consequences. [1]\n- These metabolites modulate central neurochemistry via "
    "vagal afferent and endocrine pathways. [1]",
}


def checked_article(patient: str | None = None, **changes: object) -> dict:
    """One section graded High (a trial), written to pass every check unless changed."""
    tiers = dict(CLEAN_TIERS, **({"patient": patient} if patient else {}))
    data = valid_article(
        summary={t: "Gut bacteria may affect the brain. [1]" for t in TIERS},
        sections=[{"id": "only", "heading": "Only", "tiers": tiers}],
        references=[valid_article()["references"][0]],
    )
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("patient", "exit_code", "rules"),
    [
        pytest.param(None, 0, set(), id="clean"),
        pytest.param(
            "- Some people get IBS after an infection. [1]", 0, {"abbreviation"}, id="warning-only"
        ),
        pytest.param(
            "- Gut bacteria make small chemicals. [1]\n- These can send signals to the brain. [2]",
            1,
            {"citation-parity"},
            id="error",
        ),
    ],
)
def test_check_exit_code_and_json_shape(
    write_article: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    patient: str | None,
    exit_code: int,
    rules: set[str],
) -> None:
    path = write_article(checked_article(patient))
    assert readability_main(["check", str(path), "--format", "json"]) == exit_code
    findings = json.loads(capsys.readouterr().out)
    assert isinstance(findings, list)
    assert {f["rule"] for f in findings} == rules
    for finding in findings:
        assert FINDING_KEYS <= set(finding) <= FINDING_KEYS | {"term"}
        assert finding["article"] == "sample-article" and finding["tier"] == "patient"
        assert finding["section"] == "only" and finding["severity"] in ("error", "warning")


def test_check_text_output(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    clean = write_article(checked_article())
    assert readability_main(["check", str(clean)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("no findings") and len(out.splitlines()) == 1
    warned = write_article(checked_article("- Some people get IBS after it. [1]", id="warned"))
    assert readability_main(["check", str(warned)]) == 0
    out = capsys.readouterr().out
    assert "warning: warned patient only: abbreviation:" in out
    assert '"Some people get IBS after it."' in out


def test_check_accepted_error_does_not_fail(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    patient = "- Gut bacteria make small chemicals. [1]\n- These can send signals to the brain. [2]"
    accept = [{"rule": "citation-parity", "excerpt": "send signals", "why": "A checked quote."}]
    path = write_article(checked_article(patient, checks={"accept": accept}))
    assert readability_main(["check", str(path), "--format", "json"]) == 0
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["accepted"] is True and finding["why"] == "A checked quote."
    assert (
        FINDING_KEYS | {"accepted", "why"}
        <= set(finding)
        <= FINDING_KEYS | {"accepted", "why", "term"}
    )


def test_check_fails_on_a_file_that_does_not_load(
    write_article: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_article(checked_article())
    write_article("id: [broken", name="broken")
    assert readability_main(["check", str(good.parent), "--format", "json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert (finding["article"], finding["rule"], finding["severity"]) == ("broken", "load", "error")
    assert finding["tier"] is None and finding["section"] is None


def test_check_missing_path_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert readability_main(["check", "/no/such/folder"]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_check_shipped_corpus_as_a_user_runs_it() -> None:
    """The default folder is the shipped corpus; the exit code follows its error findings."""
    result = run_module("readability", "check", "--format", "json")
    findings = json.loads(result.stdout)
    assert all(set(f) >= FINDING_KEYS for f in findings)
    errors = [f for f in findings if f["severity"] == "error" and not f.get("accepted")]
    assert result.returncode == (1 if errors else 0), result.stderr


# --- python -m content import ---------------------------------------------------------------


def test_import_into_a_folder_names_the_file_after_the_id_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = ROOT / "seeds" / "gut-brain-axis.txt"
    assert content_main(["import", str(seed), "-o", str(tmp_path)]) == 0
    (written,) = tmp_path.glob("*.yaml")
    assert content_main(["export", str(written)]) == 0
    capsys.readouterr()
    before = written.read_text(encoding="utf-8")
    written.write_text(before + "# edited by hand\n", encoding="utf-8")
    assert content_main(["import", str(seed), "-o", str(written)]) == 1
    assert "--force" in capsys.readouterr().err
    assert written.read_text(encoding="utf-8").endswith("# edited by hand\n")
    assert content_main(["import", str(seed), "-o", str(written), "--force"]) == 0
    assert written.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("name", ["gut-brain", "my-draft-2"])
def test_import_to_a_named_file_takes_its_id_and_validates_at_once(
    tmp_path: Path, name: str
) -> None:
    seed = ROOT / "seeds" / "gut-brain-axis.txt"
    out = tmp_path / "drafts" / f"{name}.yaml"
    out.parent.mkdir()
    assert content_main(["import", str(seed), "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["id"] == name
    assert content_main(["validate", str(out)]) == 0
    assert content_main(["export", str(out)]) == 0


def test_import_to_a_file_name_that_is_no_id_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = ROOT / "seeds" / "gut-brain-axis.txt"
    assert content_main(["import", str(seed), "-o", str(tmp_path / "My Draft.yaml")]) == 1
    assert "must be an article id" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_import_into_a_new_folder_creates_it(tmp_path: Path) -> None:
    seed = ROOT / "seeds" / "gut-brain-axis.txt"
    assert content_main(["import", str(seed), "-o", f"{tmp_path}/drafts/"]) == 0
    assert len(list((tmp_path / "drafts").glob("*.yaml"))) == 1


def test_report_rows_tell_progress_after_each_article(write_article: Callable[..., Path]) -> None:
    from content.loader import load_library
    from readability.report import report_rows

    first = write_article(valid_article())
    write_article(valid_article(id="second-article"))
    heard: list[int] = []
    rows = report_rows(load_library(first.parent).articles.values(), heard.append)
    assert heard == [1, 2]
    assert {r["article"] for r in rows} == {"sample-article", "second-article"}
