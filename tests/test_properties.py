"""Property-based tests: arbitrary Unicode, bytes and YAML-shaped data never crash cleaning,
scoring, loading or the URL and Markdown guards; bad input only ever becomes a named Problem.

Example counts stay modest so the suite stays fast; Hypothesis keeps any failure it finds in its
database and replays it first next time.
"""

from __future__ import annotations

import math
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from content import TIERS, Article, Problem
from content.loader import load_article
from content.safe_markdown import safe_link, safe_markdown
from content.url_params import MAX_QUERY_CHARS, known_values, persona_from_url, search_from_url
from content.validation import parse_article
from readability import clean_markdown, score_markdown

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Text built from Markdown's own punctuation finds more structure than uniform Unicode does.
MARKDOWN_ALPHABET = st.sampled_from(
    list("[]()!<>*_`#-:/\\\n \t\"'&;.") + ["http", "javascript", "data", "//", "![", "](", "&#58;"]
)
markdownish = st.lists(st.one_of(MARKDOWN_ALPHABET, st.text(max_size=3)), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=400), markdownish)

# Keys the article model knows, so generated mappings get past the first "unknown field" check.
ARTICLE_KEYS = list(Article.model_fields)
yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
)
yaml_data = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=12), st.sampled_from(ARTICLE_KEYS)), inner),
    ),
    max_leaves=25,
)


# --- Cleaning and scoring -------------------------------------------------------------------------


@FAST
@given(any_text)
@example("- one\n- two\n\n1. three")
@example("\x00\ufeff\u202e")
def test_cleaning_returns_text_for_any_input(text):
    assert isinstance(clean_markdown(text), str)


@FAST
@given(any_text)
@example("")
@example("!!! ??? ...")
@example("1.5 2.5 3.5")
def test_scoring_returns_finite_scores_for_any_input(text):
    scores = score_markdown(text)
    assert scores.words >= 0 and scores.sentences >= 0
    assert math.isfinite(scores.consensus_grade)
    assert scores.reading_time_seconds >= 0


# --- Loading --------------------------------------------------------------------------------------


def _only_problems(result, name: str) -> None:
    assert all(isinstance(p, Problem) for p in result.problems)
    if result.article is None:
        assert any(p.severity == "error" for p in result.problems)
        assert all(name in p.where for p in result.problems)  # each names the file


@FAST
@given(st.binary(max_size=600))
@example(b"\xff\xfe\x00")
@example(b"id: x\ntitle: [unclosed\n")
@example(b"on: yes\nno: off\n")
def test_loading_any_bytes_gives_problems_never_an_exception(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "some-article.yaml"
    path.write_bytes(data)
    _only_problems(load_article(path), "some-article.yaml")


@FAST
@given(yaml_data)
def test_loading_any_yaml_shaped_data_gives_problems_never_an_exception(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("yaml") / "some-article.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _only_problems(load_article(path), "some-article.yaml")


@FAST
@given(yaml_data)
def test_parsing_any_data_gives_problems_never_an_exception(data):
    article, problems = parse_article(data, "x.yaml")
    assert article is None or isinstance(article, Article)
    assert all(isinstance(p, Problem) for p in problems)


def test_loading_deeply_nested_yaml_gives_a_problem(tmp_path: Path):
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 5000, encoding="utf-8")
    result = load_article(path)
    assert result.article is None and result.problems


# --- What the URL and the article text may do -----------------------------------------------------

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]


def _loads_or_leaves(markdown: str) -> list[str]:
    """Images and links to anything but http(s) or this app, as a CommonMark parse finds them."""
    found = []
    for block in _PARSER.parse(markdown):
        for token in block.children or []:
            if token.type == "image":
                found.append(f"image {token.attrs.get('src')}")
            if token.type == "link_open" and not safe_link(str(token.attrs.get("href", ""))):
                found.append(f"link {token.attrs.get('href')}")
    return found


@settings(max_examples=150, deadline=None)
@given(any_text)
@example("![a](http://x/y.png)")
@example("[a](javascript:alert(1))")
@example("[a]: javascript:x\n\n[b][a] ![c][a]")
@example("![![x](y)](z)")
def test_safe_markdown_leaves_no_image_and_no_unsafe_link(text):
    assert _loads_or_leaves(safe_markdown(text)) == []


@FAST
@given(st.text(max_size=40))
@example("Clinician")
def test_persona_from_url_is_a_known_tier_or_none(value):
    persona = persona_from_url(value)
    assert persona is None or persona in TIERS
    if value.strip().casefold() in TIERS:
        assert persona == value.strip().casefold()


@FAST
@given(st.text(max_size=500))
def test_search_from_url_is_one_short_printable_line(value):
    query = search_from_url(value)
    assert len(query) <= MAX_QUERY_CHARS
    assert query.isprintable() and query == query.strip()


@FAST
@given(st.lists(st.text(alphabet=string.ascii_lowercase + "-", max_size=8), max_size=8))
def test_known_values_keeps_only_known_ones_once(values):
    allowed = ["meets", "above-goal", "misses"]
    kept = known_values(values, allowed)
    assert set(kept) <= set(allowed) and len(kept) == len(set(kept))
