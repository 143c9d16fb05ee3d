"""The packages form a house: `cache` at the bottom, then `content`, then `readability`, with
`feedback`, `editorial` and the UI on top. No import runs back down-up (an `ast` walk of the
source, so lazy imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cache", "content", "readability", "feedback", "editorial", "ui", "pages")


def _package_of(path: Path) -> str:
    relative = path.relative_to(ROOT)
    return "pages" if relative.name == "app.py" else relative.parts[0]


def import_graph() -> dict[str, set[str]]:
    """Package -> the project packages its modules import (anywhere in the module)."""
    graph: dict[str, set[str]] = {name: set() for name in PACKAGES}
    files = [ROOT / "app.py", *(p for name in PACKAGES for p in (ROOT / name).rglob("*.py"))]
    for file in files:
        here = _package_of(file)
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in graph and top != here:
                    graph[here].add(top)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return path[path.index(node) :] + [node]
        for nxt in sorted(graph.get(node, ())):
            found = visit(nxt, path + [node])
            if found:
                return found
        return None

    for start in graph:
        if found := visit(start, []):
            return found
    return None


def test_content_never_imports_readability() -> None:
    assert "readability" not in import_graph()["content"]


def test_no_cycle_between_packages() -> None:
    assert _cycle(import_graph()) is None


def test_the_cache_imports_no_project_package() -> None:
    assert import_graph()["cache"] == set()


@pytest.mark.parametrize("package", ["cache", "content", "readability", "feedback", "editorial"])
def test_no_package_below_the_ui_imports_streamlit(package: str) -> None:
    for file in (ROOT / package).rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] == "streamlit" for n in names), file


def test_a_cycle_would_be_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
