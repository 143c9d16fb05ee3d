"""`.pre-commit-hooks.yaml`: other repositories run the article checks as a pre-commit hook."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from tests.test_cli import checked_article

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
# The keys pre-commit reads from a hook definition (pre-commit's MANIFEST_HOOK_DICT).
HOOK_KEYS = {
    "id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or",
    "exclude_types", "additional_dependencies", "args", "always_run", "fail_fast",
    "pass_filenames", "description", "language_version", "log_file", "minimum_pre_commit_version",
    "require_serial", "stages", "verbose",
}  # fmt: skip


def hook() -> dict:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (found,) = [h for h in hooks if h["id"] == "readability-check"]
    return found


def test_the_hook_is_a_valid_system_hook_on_article_files() -> None:
    found = hook()
    assert set(found) <= HOOK_KEYS
    assert {"id", "name", "entry", "language"} <= set(found)
    assert found["language"] == "system"
    assert found["entry"] == "python -m readability check"
    files = re.compile(found["files"])
    assert files.search("content/articles/gut-brain-axis.yaml")
    for other in ("content/tiers.yaml", "seeds/gut-brain-axis.txt", "content/articles/x.py"):
        assert not files.search(other), other


def run_entry(*paths: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry as pre-commit would (`entry` + the staged file names), with this
    interpreter as the `python` of a `language: system` hook."""
    command = shlex.split(hook()["entry"])
    assert command[0] == "python"
    return subprocess.run(
        [sys.executable, *command[1:], *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_entry_passes_a_clean_article_and_fails_one_with_an_error(
    write_article: Callable[..., Path], cache_dir: Path
) -> None:
    clean = write_article(checked_article())
    result = run_entry(clean)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("no findings")

    patient = "- Gut bacteria make small chemicals. [1]\n- These can send signals to the brain. [2]"
    wrong = write_article(checked_article(patient, id="wrong"))
    result = run_entry(clean, wrong)
    assert result.returncode == 1
    assert "error: wrong patient only: citation-parity:" in result.stdout
