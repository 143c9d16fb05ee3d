"""The README stays true: its commands are the ones CI runs, and its tools exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```bash\n(python3 -m venv[^\n]+)\n```", README)


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = _commands()
    assert len(commands) == 2
    assert "streamlit run app.py" in commands[0]
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci_script.splitlines()


@pytest.mark.parametrize("requirement_file", ["requirements.txt", "requirements-dev.txt"])
def test_every_dependency_is_pinned_and_explained(requirement_file: str) -> None:
    lines = (ROOT / requirement_file).read_text(encoding="utf-8").splitlines()
    packages = [ln for ln in lines if ln and not ln.startswith(("#", "-r"))]
    assert packages
    for line in packages:
        name, _, version = line.partition("==")
        assert version, f"{line} is not pinned"
        assert f"**{name.lower()}**" in README.lower(), f"README does not say why {name}"


def test_lint_and_format_are_clean() -> None:
    ruff = [sys.executable, "-m", "ruff"]
    check = subprocess.run([*ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [*ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout


def test_folder_tree_names_every_top_level_module_and_folder() -> None:
    """A newcomer finds each part from the README's tree."""
    tree = README.split("## Folder tree", 1)[1].split("```")[1]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    top_level = {path.split("/")[0] for path in tracked if not path.startswith(".")}
    top_level -= {"README.md", "pyproject.toml", "requirements.txt", "requirements-dev.txt"}
    for name in sorted(top_level):
        shown = f"{name}/" if (ROOT / name).is_dir() else name
        assert shown in tree, f"README folder tree does not mention {shown}"
