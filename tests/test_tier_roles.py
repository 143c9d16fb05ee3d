"""The tier registry is true: code asks for roles, and a fourth tier needs no code change.

A temporary registry and targets file add `caregiver` between patient and student; in a
subprocess (the registry is read once per process) an article with that tier validates, scores,
reports, passes the checks, and renders on the library and article pages through AppTest.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TIER_NAMES = {"patient", "student", "clinician"}
CODE = ["app.py", "pages", "ui", "content", "readability"]


def _tier_literals() -> list[str]:
    found = []
    for root in CODE:
        path = ROOT / root
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and node.value in TIER_NAMES:
                    found.append(f"{file.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    return found


def test_no_python_code_names_a_tier() -> None:
    """Only content/tiers.yaml says which tiers exist and which is plain or reference."""
    assert _tier_literals() == []


PATIENT = (
    "- Your gut has lots of tiny living things. They help you digest food. [1]\n"
    "- Some of them make small chemicals. These may reach your brain. [1]"
)
CAREGIVER = (
    "- The gut holds many bacteria, which help the person you care for digest food. [1]\n"
    "- Some bacteria release chemicals that may travel through the blood to the brain. [1]"
)
STUDENT = (
    "- The intestinal microbiota release metabolites, small molecules produced during "
    "bacterial fermentation of dietary fibre. [1]\n"
    "- These metabolites may signal to the brain through vagal nerves, immune mediators "
    "and circulating hormones. [1]"
)
CLINICIAN = (
    "- Commensal microbiota secrete bioactive short-chain fatty acids with systemic "
    "neuroendocrine and immunomodulatory consequences, characterised predominantly in "
    "gnotobiotic rodent models. [1]\n"
    "- These metabolites plausibly modulate central neurochemistry via vagal afferent, "
    "cytokine-mediated and hypothalamic-pituitary-adrenal endocrine pathways. [1]"
)


def _registry(with_caregiver: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    tiers = yaml.safe_load((ROOT / "content" / "tiers.yaml").read_text(encoding="utf-8"))
    targets = yaml.safe_load((ROOT / "readability" / "targets.yaml").read_text(encoding="utf-8"))
    if not with_caregiver:
        return tiers, targets
    caregiver = {
        "label": "Caregiver",
        "reader": "a caregiver",
        "offers": "Plain words for someone who looks after a patient.",
        "disclaimer": "**General information, not medical advice.**",
    }
    order = ["patient", "caregiver", "student", "clinician"]
    tiers = {name: tiers.get(name, caregiver) for name in order}
    targets = {
        name: targets.get(name, {"goal": 8, "max": 10, "source": "a test tier"}) for name in order
    }
    return tiers, targets


def _article(tiers: list[str]) -> dict[str, Any]:
    texts = {"patient": PATIENT, "caregiver": CAREGIVER, "student": STUDENT, "clinician": CLINICIAN}
    return {
        "id": "four-tiers",
        "title": "Do gut bacteria talk to the brain?",
        "status": "draft",
        "updated": "2026-11-30",
        "summary": {t: "They may, but we are not sure yet. [1]" for t in tiers},
        "key_points": {
            t: ["Gut bacteria make chemicals. [1]", "We are not sure yet. [1]"] for t in tiers
        },
        "actions": {t: ["Ask your doctor before taking a supplement."] for t in tiers[:-1]},
        "sections": [
            {
                "id": "chemicals",
                "heading": "Chemicals from gut bacteria",
                "tiers": {t: texts[t] for t in tiers},
            }
        ],
        "references": [
            {"id": "1", "type": "rct", "title": "A trial", "source": "A Journal", "year": 2024}
        ],
    }


APPTEST = textwrap.dedent(
    """
    import json, sys
    from streamlit.testing.v1 import AppTest
    out = {}
    for name, page, params in [
        ("library", None, {}),
        ("article", "pages/article.py", {"id": "four-tiers"}),
    ]:
        at = AppTest.from_file("app.py", default_timeout=60)
        params = {**params, "persona": sys.argv[1]}
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page:
            for key, value in params.items():
                at.query_params[key] = value
            at.switch_page(page).run()
        text = " ".join(str(e.value) for e in at.markdown) + " ".join(
            str(e.value) for e in at.caption
        )
        out[name] = {"exceptions": [str(e.value) for e in at.exception], "text": text}
    print(json.dumps(out))
    """
)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("with_caregiver", [True, False], ids=["four-tiers", "three-tiers"])
def test_a_registered_tier_works_everywhere_without_code(
    tmp_path: Path, with_caregiver: bool
) -> None:
    tiers, targets = _registry(with_caregiver)
    (tmp_path / "tiers.yaml").write_text(yaml.safe_dump(tiers, sort_keys=False), encoding="utf-8")
    (tmp_path / "targets.yaml").write_text(
        yaml.safe_dump(targets, sort_keys=False), encoding="utf-8"
    )
    articles = tmp_path / "articles"
    articles.mkdir()
    article = _article(list(tiers))
    (articles / "four-tiers.yaml").write_text(
        yaml.safe_dump(article, sort_keys=False), encoding="utf-8"
    )
    env = {
        **os.environ,
        "CONTENT_TIERS_FILE": str(tmp_path / "tiers.yaml"),
        "READABILITY_TARGETS_FILE": str(tmp_path / "targets.yaml"),
        "CONTENT_DIR": str(articles),
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    validate = _run(["-m", "content", "validate", "--format", "json"], env)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    report = _run(["-m", "readability", "report", "--format", "json", "--check"], env)
    assert report.returncode == 0, report.stdout + report.stderr
    rows = json.loads(report.stdout)
    assert {row["tier"] for row in rows} == set(tiers)
    check = _run(["-m", "readability", "check", "--format", "json"], env)
    assert check.returncode == 0, check.stdout + check.stderr
    pages = _run(["-c", APPTEST, list(tiers)[1]], env)
    assert pages.returncode == 0, pages.stderr
    shown = json.loads(pages.stdout.strip().splitlines()[-1])
    for page in ("library", "article"):
        assert shown[page]["exceptions"] == [], shown[page]
    if with_caregiver:
        assert "Caregiver" in shown["article"]["text"] or "caregiver" in shown["article"]["text"]
        assert "person you care for" in shown["article"]["text"]
