"""Loading and validation: exact error locations, warnings as data, one broken file isolated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from content.loader import MAX_FILE_BYTES, content_dir, load_article, load_library
from tests.samples import valid_article


def _with(path: str, value: Any) -> dict[str, Any]:
    """A valid article with one nested field (dotted path, list indexes as numbers) replaced."""
    data = valid_article()
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node: Any = data
    for key in parents:
        node = node[key]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return data


_DELETE = object()
_UNCITED_REFERENCE = {"id": "3", "type": "cohort", "title": "Unused", "source": "J", "year": 2021}


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("status", "published", "status"),
        ("updated", "last tuesday", "updated"),
        ("id", "../../etc/passwd", "id"),
        ("sections.0.heading", _DELETE, "sections[0].heading"),
        ("sections.1.tiers.patient", ["not", "text"], "sections[1].tiers.patient"),
        ("sections.0.basis", ["astrology"], "sections[0].basis[0]"),
        ("references.1.type", "blog", "references[1].type"),
        ("references.0.year", 1066, "references[0].year"),
        ("references.0.id", "one", "references[0].id"),
        ("sections", [], "sections"),
        ("colour", "blue", "colour"),
        ("sections.0.tiers.patient", "x" * 20_001, "sections[0].tiers.patient"),
    ],
)
def test_schema_errors_name_the_file_and_field(
    write_article: Callable[..., Path], field: str, value: Any, where: str
) -> None:
    path = write_article(_with(field, value), name="sample-article")
    result = load_article(path)
    assert result.article is None
    errors = [p for p in result.problems if p.severity == "error"]
    assert [p.where for p in errors] == [f"{path}:{where}"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: [unclosed", "invalid YAML at line 1"),
        ("", "got empty"),
        ("- a list\n- not a mapping", "got list"),
        ("title: !!python/object:os.system ls", "invalid YAML"),
    ],
    ids=["bad-yaml", "empty", "list", "unsafe-tag"],
)
def test_unreadable_files_give_one_clear_error(
    write_article: Callable[..., Path], text: str, message: str
) -> None:
    result = load_article(write_article(text, name="broken"))
    assert result.article is None
    assert len(result.problems) == 1
    assert message in result.problems[0].message


def test_oversized_file_is_refused_before_parsing(write_article: Callable[..., Path]) -> None:
    path = write_article("x" * (MAX_FILE_BYTES + 1), name="huge")
    result = load_article(path)
    assert result.article is None
    assert "limit" in result.problems[0].message


def test_non_utf8_file_is_an_error(write_article: Callable[..., Path]) -> None:
    path = write_article("", name="latin")
    path.write_bytes("title: caf\xe9".encode("latin-1"))
    assert "not UTF-8" in load_article(path).problems[0].message


def test_id_must_match_the_file_name(write_article: Callable[..., Path]) -> None:
    result = load_article(write_article(valid_article(), name="other-name"))
    assert result.article is None
    assert result.problems[-1].where.endswith(":id")


def test_a_broken_file_never_stops_the_rest(write_article: Callable[..., Path]) -> None:
    good = write_article(valid_article())
    write_article("id: [broken", name="broken")
    write_article(valid_article(id="other", status="nonsense"), name="other")
    library = load_library(good.parent)
    assert list(library.articles) == ["sample-article"]
    assert sorted(r.path.name for r in library.failed) == ["broken.yaml", "other.yaml"]
    assert all(p.severity == "error" for r in library.failed for p in r.problems)


def test_duplicate_article_ids_keep_the_first(write_article: Callable[..., Path]) -> None:
    first = write_article(valid_article())
    copy = first.with_name("zz-copy.yaml")
    copy.write_text(first.read_text())
    library = load_library(first, copy)
    assert list(library.articles) == ["sample-article"]
    assert library.failed[0].path == copy


@pytest.mark.parametrize(
    ("data", "where_suffix", "message_part"),
    [
        (
            _with("sections.0.tiers.clinician", "- Detail. [1, 9]"),
            "sections[0].tiers",
            "citation [9]",
        ),
        (_with("references.0.title", "A trial") | {"summary": {}}, "summary.patient", "summary"),
        (_with("sections.1.tiers.student", _DELETE), "sections[1].tiers.student", "no student"),
        (
            _with(
                "sections.1.tiers",
                {"patient": "- Mice.", "student": "- Mice.", "clinician": "- Mice."},
            ),
            "sections[1]",
            "cites no source",
        ),
        (
            valid_article(references=[*valid_article()["references"], _UNCITED_REFERENCE]),
            "references[2]",
            "never cited",
        ),
    ],
    ids=[
        "dangling-citation",
        "missing-summary",
        "missing-tier",
        "uncited-section",
        "uncited-reference",
    ],
)
def test_warnings_keep_the_article_servable(
    write_article: Callable[..., Path], data: dict[str, Any], where_suffix: str, message_part: str
) -> None:
    result = load_article(write_article(data))
    assert result.article is not None
    warnings = [p for p in result.problems if p.where.endswith(":" + where_suffix)]
    assert warnings and all(p.severity == "warning" for p in warnings)
    assert any(message_part in p.message for p in warnings)


def test_valid_article_has_no_problems(write_article: Callable[..., Path]) -> None:
    result = load_article(write_article(valid_article()))
    assert result.article is not None
    assert result.problems == []


def test_content_dir_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, write_article: Callable[..., Path]
) -> None:
    path = write_article(valid_article())
    monkeypatch.setenv("CONTENT_DIR", str(path.parent))
    assert content_dir() == path.parent
    assert list(load_library().articles) == ["sample-article"]


def test_shipped_library_loads_without_errors() -> None:
    library = load_library()
    assert "gut-brain-axis" in library.articles
    assert not library.failed
