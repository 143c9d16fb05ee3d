"""Shared fixtures: the repo root, temporary content folders, a clean environment."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


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
