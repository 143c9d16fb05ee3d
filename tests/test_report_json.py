"""`report_json` writes exactly what `json.dumps(rows, indent=2)` writes, only faster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from content.loader import DEFAULT_CONTENT_DIR, load_library
from readability.report import report_json, report_rows


def test_the_shipped_report_is_byte_identical() -> None:
    rows = report_rows(load_library(DEFAULT_CONTENT_DIR).articles.values())
    assert rows
    assert report_json(rows) == json.dumps(rows, indent=2)


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([], id="empty"),
        pytest.param([{}], id="empty-row"),
        pytest.param([{"a": None, "b": True, "c": False, "d": 0, "e": -3}], id="null-bool-int"),
        pytest.param(
            [{"f": 1.0, "g": 0.1, "h": 1e-7, "i": 12345678901234567.0, "j": -0.0}], id="floats"
        ),
        pytest.param(
            [{"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf")}], id="non-finite"
        ),
        pytest.param(
            [{"s": 'quote " back \\ tab \t line \n', "u": "café – 微 😀", "e": ""}], id="strings"
        ),
        pytest.param([{"é key": 1, "": 2, "50% off": "%s %d"}], id="odd-keys"),
        pytest.param([{"nested": {"a": [1, 2]}}, {"x": 1}], id="nested-falls-back"),
        pytest.param([{"t": (1, 2)}], id="tuple-falls-back"),
        pytest.param([{1: "int key"}], id="int-key-falls-back"),
        pytest.param([{"big": 10**30, "flag": True}, {"flag": None}], id="ragged"),
    ],
)
def test_edge_rows_are_byte_identical(rows: list[dict[str, Any]]) -> None:
    assert report_json(rows) == json.dumps(rows, indent=2)


def test_float_and_bool_subclasses_match_json() -> None:
    class Grade(float):
        def __repr__(self) -> str:
            return "not json"

    class Flag(int):
        pass

    rows = [{"grade": Grade(7.25), "flag": Flag(1)}]
    assert report_json(rows) == json.dumps(rows, indent=2)


def test_the_cli_json_is_the_rows_json(cache_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from readability.cli import main

    assert main(["report", str(DEFAULT_CONTENT_DIR), "--format", "json"]) == 0
    printed = capsys.readouterr().out
    rows = report_rows(load_library(DEFAULT_CONTENT_DIR).articles.values())
    assert printed == json.dumps(rows, indent=2) + "\n"
