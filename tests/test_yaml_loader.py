"""Articles load the same with libyaml's safe loader and with PyYAML's pure-Python fallback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from content import loader
from content.loader import DEFAULT_CONTENT_DIR, load_article, load_library
from tests.samples import valid_article

LOADERS = [
    pytest.param(
        getattr(yaml, "CSafeLoader", None),
        id="libyaml",
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml"),
    ),
    pytest.param(yaml.SafeLoader, id="pure-python"),
]


@pytest.fixture(params=LOADERS)
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    monkeypatch.setattr(loader, "YAML_LOADER", request.param)
    return request.param


def test_the_fast_loader_is_used_where_libyaml_is_present() -> None:
    expected = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    assert loader.YAML_LOADER is expected


def test_both_loaders_give_the_same_articles(yaml_loader: type) -> None:
    shipped = sorted(DEFAULT_CONTENT_DIR.glob("*.yaml"))
    for path in shipped:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml_loader)
        assert data == yaml.safe_load(path.read_text(encoding="utf-8"))
    library = load_library(DEFAULT_CONTENT_DIR)
    assert len(library.articles) == len(shipped)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: [unclosed", "invalid YAML at line 1: expected ',' or ']'"),
        ("title: !!python/object:os.system ls", "could not determine a constructor"),
        ("id: " + "[" * 2000, "invalid YAML"),
    ],
    ids=["unclosed", "unsafe-tag", "deep-nesting"],
)
def test_both_loaders_report_bad_files_the_same_way(
    yaml_loader: type, write_article: Callable[..., Path], text: str, message: str
) -> None:
    result = load_article(write_article(text, name="broken"))
    assert result.article is None
    assert len(result.problems) == 1
    assert message in result.problems[0].message


def test_a_valid_article_loads_with_either_loader(
    yaml_loader: type, write_article: Callable[..., Path]
) -> None:
    result = load_article(write_article(valid_article()))
    assert result.article is not None
    assert result.article.id == "sample-article"
