"""content_read_only(): the setting the deployment uses, and a folder the process cannot write."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.read_only import content_read_only


@pytest.mark.parametrize("value", ["1", "true", "TRUE", " yes ", "on"])
def test_the_setting_makes_content_read_only(value, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONTENT_READ_ONLY", value)
    assert content_read_only(tmp_path)


@pytest.mark.parametrize("value", ["", "0", "false", "no"])
def test_a_writable_folder_without_the_setting_is_writable(value, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CONTENT_READ_ONLY", value)
    assert not content_read_only(tmp_path)


def test_a_missing_folder_is_read_only(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CONTENT_READ_ONLY", raising=False)
    assert content_read_only(tmp_path / "absent")


def test_default_is_the_content_folder(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CONTENT_READ_ONLY", raising=False)
    monkeypatch.setenv("CONTENT_DIR", str(tmp_path / "absent"))
    assert content_read_only()
    monkeypatch.setenv("CONTENT_DIR", str(tmp_path))
    assert not content_read_only()
