"""The import graph between the project's top-level packages, read with `ast` (every import,
including those inside functions): `content` never imports `readability`, `cache` imports no
project package, and no two packages import each other, directly or round a longer loop."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "pages", "ui", "content", "readability", "feedback", "cache", "editorial")


def _sources(package: str) -> list[Path]:
    if package == "app":
        return [ROOT / "app.py"]
    folder = ROOT / package
    return sorted(folder.rglob("*.py")) if folder.is_dir() else []


def _imported(path: Path) -> set[str]:
    """Top-level names this file imports; a relative import resolves inside its own package."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                names.add(path.relative_to(ROOT).parts[0])
            elif node.module:
                names.add(node.module.split(".")[0])
    return names


def package_graph() -> dict[str, set[str]]:
    """Package -> the other project packages it imports."""
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        targets: set[str] = set()
        for path in _sources(package):
            targets |= _imported(path)
        graph[package] = (targets & set(PACKAGES)) - {package}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One loop in the graph, as the packages along it, or None."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target, [*path, target])):
                return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_the_graph_is_read_from_the_sources() -> None:
    """A guard for the guard: the edges every layer is known to have are found."""
    graph = package_graph()
    assert "content" in graph["readability"]
    assert {"content", "readability"} <= graph["ui"]
    assert "ui" in graph["pages"]
    assert "cache" in graph["content"] and "cache" in graph["readability"]


def test_content_never_imports_readability() -> None:
    assert "readability" not in package_graph()["content"]


def test_the_cache_package_imports_no_project_package() -> None:
    assert package_graph()["cache"] == set()


@pytest.mark.parametrize("package", ["content", "readability", "feedback", "editorial", "cache"])
def test_packages_below_the_ui_never_import_streamlit(package: str) -> None:
    """Drawing lives in `ui/`: the rest runs from the command line and in tests without it."""
    importing = [p.name for p in _sources(package) if "streamlit" in _imported(p)]
    assert _sources(package) and importing == []


def test_no_cycle_between_packages() -> None:
    assert _cycle(package_graph()) is None


@pytest.mark.parametrize(
    ("graph", "loop"),
    [
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, None),
    ],
)
def test_the_cycle_finder_finds_loops(graph: dict[str, set[str]], loop: list[str] | None) -> None:
    assert _cycle(graph) == loop
