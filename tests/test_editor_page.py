"""The /editor page in-process with AppTest, and the data behind its views."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
import yaml
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import content
from content import TIERS, Article, load_library
from readability.checks import Finding, check_article
from readability.sentences import hardest_sentences
from tests.test_pages import tiny_article
from ui import editor_data as data
from ui import editor_views as views

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
EDITOR_PAGE = "pages/editor.py"
SHIPPED = "gut-brain-axis"
VIEWS = ("overview", "problems", "article", "sections", "feedback")
BROKEN_YAML = "id: broken\ntitle: [unclosed\n"


# --- Test content ---------------------------------------------------------------------------------


def write(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def clean_caches():
    """Streamlit caches live for the process: start and end every test with them empty."""
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_caches) -> Path:
    """A temporary CONTENT_DIR: the tiny article, a twin with a bad field, and broken YAML."""
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, tiny_article())
    write(folder, tiny_article(id="bad-status", status="published"))
    (folder / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    return folder


@pytest.fixture(params=["shipped", "tmp"])
def any_corpus(request, clean_caches) -> str:
    """Each view runs on the shipped articles and on the temporary corpus with broken files."""
    if request.param == "tmp":
        request.getfixturevalue("corpus")
    return request.param


def open_editor(**params: str) -> AppTest:
    """Open /editor as a fresh browser tab would, with the given URL parameters."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(EDITOR_PAGE).run()
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "warning", "success", "title", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def table(at: AppTest, key: str) -> pd.DataFrame:
    """The data of the table drawn inside the container with this key."""
    return at.get_by_key(key).dataframe[0].value


def has_key(at: AppTest, key: str) -> bool:
    try:
        at.get_by_key(key)
    except KeyError:
        return False
    return True


# --- Every view renders -------------------------------------------------------------------------

# What each view must draw, by widget or container key.
VIEW_KEYS = {
    "overview": ["editor_overview_table", "editor_report_csv"],
    "problems": ["editor_problems_table"],
    "article": ["editor_article", "editor_tier", "editor_section_table"],
    "sections": ["editor_article", "editor_section", *(f"editor_side_{t}" for t in TIERS)],
    "feedback": ["editor_feedback"],
}


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_without_exception(any_corpus, view):
    at = open_editor(view=view)
    no_exception(at)
    assert at.get_by_key("editor_view").value == view
    keys = VIEW_KEYS[view]
    if view == "problems" and any_corpus == "shipped" and not load_library().problems:
        # A clean corpus (the shipped one since issue 17) is said to be clean, with no table.
        assert "Every article file loaded with no problem." in texts(at)
        keys = []
    for key in keys:
        assert has_key(at, key), key
    if view == "overview":
        assert at.get("vega_lite_chart"), "the heatmap is missing"


def test_page_offers_sign_in_and_is_read_only_without_it():
    at = open_editor()
    no_exception(at)
    assert [b.label for b in at.button if b.label == "Sign in"] == ["Sign in"]
    assert {t.label for t in at.text_input} >= {"User name", "Password"}
    assert "Without signing in, this page is read-only." in " ".join(c.value for c in at.caption)
    assert not [b for b in at.button if b.label in {"Approve", "Submit for review"}]


def test_page_starts_with_the_shared_frame():
    source = (ROOT / EDITOR_PAGE).read_text(encoding="utf-8")
    code = [line for line in source.splitlines() if line and not line.startswith(("#", '"""'))]
    first_statement = next(line for line in code if not line.startswith(("import", "from")))
    assert first_statement.startswith('persona = ui.frame("Editor"')


def test_reader_pages_do_not_link_to_the_editor():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    links = [n.proto.page for n in at.sidebar if getattr(n, "type", None) == "page_link"]
    assert links and not any("editor" in page for page in links)


# --- Overview -------------------------------------------------------------------------------------


def test_overview_has_one_row_per_article_and_tier(corpus):
    at = open_editor()
    no_exception(at)
    frame = table(at, "editor_overview_table")
    assert sorted(frame["Article"].unique()) == ["tiny-article"]  # the other two failed to load
    assert list(frame["Tier"]) == ["Patient", "Student", "Clinician"]
    assert set(frame["Verdict"]) <= {"Meets target", "Above goal, within limit", "Misses target"}
    assert {"Grade", "Goal", "Limit", "Status", "Topics"} <= set(frame.columns)


def test_overview_filters_narrow_the_table(corpus):
    write(corpus, tiny_article(id="second", title="Another", status="draft", topics=["sleep"]))
    at = open_editor()
    assert table(at, "editor_overview_table")["Article"].nunique() == 2
    at.get_by_key("editor_topics").set_value(["sleep"]).run()
    no_exception(at)
    assert set(table(at, "editor_overview_table")["Article"]) == {"second"}
    at.get_by_key("editor_tiers").set_value(["student"]).run()
    assert list(table(at, "editor_overview_table")["Tier"]) == ["Student"]


EVERY_ROW = {("a", "patient"), ("a", "student"), ("b", "patient"), ("b", "student")}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, EVERY_ROW),
        ({"statuses": ["draft"]}, {("b", "patient"), ("b", "student")}),
        ({"topics": ["sleep"]}, {("a", "patient"), ("a", "student")}),
        ({"topics": ["gut"]}, EVERY_ROW),
        ({"verdicts": ["miss"]}, {("b", "patient")}),
        ({"tiers": ["student"]}, {("a", "student"), ("b", "student")}),
        ({"query": "FIBRE"}, {("b", "patient"), ("b", "student")}),
        ({"query": "  a "}, {("a", "patient"), ("a", "student")}),
        ({"statuses": ["approved"], "verdicts": ["miss"]}, set()),
    ],
)
def test_filter_overview(filters, expected):
    frame = pd.DataFrame(
        [
            ("a", "Sleep and the gut", "approved", "sleep, gut", "patient", "pass"),
            ("a", "Sleep and the gut", "approved", "sleep, gut", "student", "warn"),
            ("b", "Fibre", "draft", "gut", "patient", "miss"),
            ("b", "Fibre", "draft", "gut", "student", "pass"),
        ],
        columns=["article", "title", "status", "topics", "tier", "verdict"],
    )
    shown = data.filter_overview(frame, **filters)
    assert set(zip(shown["article"], shown["tier"], strict=True)) == expected


# --- The CSV download equals the command line's CSV ------------------------------------------


def cli_csv(env: dict[str, str] | None = None) -> bytes:
    result = subprocess.run(
        [sys.executable, "-m", "readability", "report", "--format", "csv"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def test_csv_download_equals_the_cli_on_the_shipped_articles(clean_caches):
    page_bytes = data.report_csv_bytes(data.snapshot())
    assert page_bytes == cli_csv()
    assert page_bytes.count(b"\n") > 3 * len(TIERS)  # real rows, not just a header


def test_csv_download_equals_the_cli_on_a_corpus_with_broken_files(corpus):
    write(corpus, tiny_article(id="second", title="Another"))
    page_bytes = data.report_csv_bytes(data.snapshot())
    assert page_bytes == cli_csv({"CONTENT_DIR": str(corpus)})
    assert b"second," in page_bytes and b"broken" not in page_bytes


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MemoryMediaFileStorage]:
    """The in-memory media stores AppTest creates, so a test can read what a download serves."""
    stores: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return stores


def test_the_download_button_serves_the_cli_csv(clean_caches, media):
    at = open_editor()
    no_exception(at)
    button = at.get_by_key("editor_report_csv")
    assert button.proto.label.startswith("Download the readability report")
    served = media[-1].get_file(button.proto.url.rsplit("/", 1)[1])
    assert served.mimetype == "text/csv"
    assert served.content == cli_csv()


# --- Problems ---------------------------------------------------------------------------------


def test_problems_name_files_relative_never_absolute(corpus):
    at = open_editor(view="problems")
    no_exception(at)
    frame = table(at, "editor_problems_table")
    assert {"File", "Severity", "Field", "Message"} <= set(frame.columns)
    assert "articles/broken.yaml" in set(frame["File"])
    bad = frame[frame["File"] == "articles/bad-status.yaml"]
    assert list(bad["Field"]) == ["status"] and "published" not in "".join(bad["Field"])
    for column in frame.columns:
        for value in frame[column].astype(str):
            assert str(corpus.parent) not in value, f"absolute path in {column}: {value}"
            assert not value.startswith("/"), value


def test_a_dangling_link_is_a_problem_under_its_own_name(corpus):
    (corpus / "dangling.yaml").symlink_to(corpus / "gone.yaml")
    rows = data.problem_rows(data.snapshot().library.results, corpus)
    assert "articles/dangling.yaml" in {r["file"] for r in rows}


def test_shipped_files_are_named_from_the_repository_root(clean_caches):
    results = load_library().results
    assert results
    for result in results:
        expected = f"content/articles/{result.path.name}"
        assert data.relative_file(result.path, ROOT / "content" / "articles") == expected
        for row in data.problem_rows([result], ROOT / "content" / "articles"):
            assert row["file"] == expected


@pytest.mark.parametrize(
    ("where", "field"),
    [
        ("{path}", "(whole file)"),
        ("{path}:status", "status"),
        ("{path}:sections[2].tiers.patient", "sections[2].tiers.patient"),
    ],
)
def test_problem_field_is_split_from_the_file(tmp_path, where, field):
    from content import LoadResult, Problem

    path = tmp_path / "articles" / "x.yaml"
    result = LoadResult(path, None, [Problem("error", where.format(path=path), "bad")])
    (row,) = data.problem_rows([result], tmp_path / "articles")
    assert row["field"] == field
    assert row["file"] == "articles/x.yaml"


# --- One article, one tier; side by side; URL parameters ----------------------------------------


def test_article_view_shows_the_chosen_tier_sections(clean_caches):
    at = open_editor(view="article", article=SHIPPED, tier="student")
    no_exception(at)
    assert at.get_by_key("editor_tier").value == "student"
    frame = table(at, "editor_section_table")
    article = load_library().articles[SHIPPED]
    assert list(frame["Section"]) == [s.id for s in article.sections]
    assert list(frame["Heading"]) == [s.heading_for("student") for s in article.sections]


@pytest.mark.parametrize(
    ("params", "article", "tier"),
    [
        ({"article": "second", "tier": "clinician"}, "second", "clinician"),
        ({"article": "no-such-article", "tier": "clinician"}, "second", "clinician"),
        ({"article": "../../etc/passwd"}, "second", "patient"),
        ({"article": "<script>alert(1)</script>", "tier": "<b>"}, "second", "patient"),
        ({"tier": "expert"}, "second", "patient"),
        ({"article": "tiny-article", "tier": ""}, "tiny-article", "patient"),
    ],
)
def test_url_choices_are_validated_against_known_ids(corpus, params, article, tier):
    write(corpus, tiny_article(id="second", title="Another"))  # first by file name
    at = open_editor(view="article", **params)
    no_exception(at)
    assert at.get_by_key("editor_article").value == article
    assert at.get_by_key("editor_tier").value == tier


def test_a_changed_choice_is_written_to_the_url(corpus):
    write(corpus, tiny_article(id="second", title="Another"))
    at = open_editor(view="article")
    at.get_by_key("editor_tier").set_value("clinician").run()
    at.get_by_key("editor_article").set_value("tiny-article").run()
    no_exception(at)
    assert at.query_params["tier"] == "clinician"
    assert at.query_params["article"] == "tiny-article"


@pytest.mark.parametrize("params", [{}, {"view": "problems"}])
def test_the_editor_never_asks_which_reader_you_are(params):
    at = open_editor(**params)  # a first visit with no persona in the URL
    no_exception(at)
    assert not has_key(at, "persona_prompt")
    assert "Which best describes you?" not in texts(at)


def test_the_url_wins_on_every_run_like_browser_back(corpus):
    write(corpus, tiny_article(id="second", title="Another"))
    at = open_editor(view="article")
    at.get_by_key("editor_tier").set_value("clinician").run()
    at.get_by_key("editor_view").set_value("sections").run()
    assert at.query_params["view"] == "sections"
    # Back: the address returns to the earlier one, and the page follows it.
    at.query_params["view"] = "article"
    at.query_params["tier"] = "student"
    at.query_params["article"] = "tiny-article"
    at.run()
    no_exception(at)
    assert at.get_by_key("editor_view").value == "article"
    assert at.get_by_key("editor_tier").value == "student"
    assert at.get_by_key("editor_article").value == "tiny-article"
    del at.query_params["tier"]  # back to an address with no tier: the first tier
    at.run()
    assert at.get_by_key("editor_tier").value == "patient"


def test_unknown_view_falls_back_to_the_overview():
    at = open_editor(view="admin")
    no_exception(at)
    assert at.get_by_key("editor_view").value == "overview"


def test_side_by_side_shows_each_tier_with_grade_and_citations(corpus):
    at = open_editor(view="sections", article="tiny-article", section="talking")
    no_exception(at)
    columns = {t: at.get_by_key(f"editor_side_{t}") for t in TIERS}
    patient = " ".join(m.value for m in columns["patient"].markdown)
    clinician = " ".join(m.value for m in columns["clinician"].markdown)
    assert "How your tummy talks" in patient and "Grade" in patient
    assert "[1] A cohort" in patient and "[9]" in patient and "reference missing" in patient
    assert "[2] Advice" in clinician


def test_side_by_side_columns_follow_the_article(corpus):
    article = load_library().articles["tiny-article"]
    scored = data.assessments(data.snapshot(), article)
    columns = data.side_by_side(article, "mice", scored)
    assert [c.tier for c in columns] == list(TIERS)
    assert [c.citations for c in columns] == [[("2", "Advice")]] * 3
    assert all(c.grade is not None and c.verdict in {"pass", "warn", "miss"} for c in columns)
    assert data.side_by_side(article, "no-such-section", scored) == []


# --- Edited and added files show up without a restart ------------------------------------------


def test_an_added_article_file_shows_up_on_the_next_run(corpus):
    at = open_editor()
    assert set(table(at, "editor_overview_table")["Article"]) == {"tiny-article"}
    write(corpus, tiny_article(id="newcomer", title="Freshly added"))
    at.run()
    no_exception(at)
    assert set(table(at, "editor_overview_table")["Article"]) == {"tiny-article", "newcomer"}


def test_an_edited_article_file_shows_up_on_the_next_run(corpus):
    at = open_editor()
    assert set(table(at, "editor_overview_table")["Title"]) == {"Do tummy germs talk to the head?"}
    write(corpus, tiny_article(title="A retitled article, longer than before"))
    at.run()
    assert set(table(at, "editor_overview_table")["Title"]) == {
        "A retitled article, longer than before"
    }


def test_a_repaired_file_leaves_the_problems_view(corpus):
    at = open_editor(view="problems")
    assert "articles/broken.yaml" in set(table(at, "editor_problems_table")["File"])
    (corpus / "broken.yaml").unlink()
    at.run()
    assert "articles/broken.yaml" not in set(table(at, "editor_problems_table")["File"])


def test_reload_button_clears_the_caches(corpus):
    at = open_editor()
    before = data.snapshot()
    at.get_by_key("editor_reload").click().run()
    no_exception(at)
    assert data.snapshot().library is not before.library  # loaded afresh


def test_editor_library_equals_load_library(corpus):
    write(corpus, tiny_article(id="second", title="Another"))
    (corpus / "dangling.yaml").symlink_to(corpus / "gone.yaml")
    (corpus / "folder.yaml").mkdir()
    expected = load_library(corpus)
    got = data.snapshot().library
    assert got.articles == expected.articles
    assert got.results == expected.results


def test_an_edit_reloads_only_the_edited_file(corpus, monkeypatch):
    write(corpus, tiny_article(id="second", title="Another"))
    data.snapshot()
    loaded: list[str] = []
    real = content.load_article
    monkeypatch.setattr(content, "load_article", lambda p: loaded.append(p.name) or real(p))
    write(corpus, tiny_article(id="second", title="Edited"))
    assert data.snapshot().library.articles["second"].title == "Edited"
    assert loaded == ["second.yaml"]


def test_library_version_changes_with_size_time_and_files(tmp_path):
    (tmp_path / "a.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    first = data.library_version(tmp_path)
    assert [name for name, *_ in first] == ["a.yaml"]
    (tmp_path / "a.yaml").write_text("xy", encoding="utf-8")
    second = data.library_version(tmp_path)
    assert second != first
    (tmp_path / "b.yaml").write_text("x", encoding="utf-8")
    assert [name for name, *_ in data.library_version(tmp_path)] == ["a.yaml", "b.yaml"]
    assert data.library_version(tmp_path / "missing") == ()


# --- Excerpts are shown in context, escaped ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excerpt", "expected"),
    [
        ("Germs talk to the head.", "talk", "Germs <mark>talk</mark> to the head."),
        ("Germs TALK to the head.", "talk", "Germs <mark>TALK</mark> to the head."),
        (
            "<script>alert(1)</script> proves it",
            "proves",
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>proves</mark> it",
        ),
        (
            "Plain text.",
            "<img src=x onerror=alert(1)>",
            "<mark>&lt;img src=x onerror=alert(1)&gt;</mark>",
        ),
        ("a" * 10 + "X" + "b" * 10, "X", "…aaa<mark>X</mark>bbb…"),
    ],
)
def test_highlight_html_marks_the_excerpt_and_escapes_everything(text, excerpt, expected):
    context = 3 if "X" in text else 160
    assert views.highlight_html(text, excerpt, context) == expected


@pytest.mark.parametrize(
    ("source", "excerpt", "expected"),
    [
        ("Germs **talk** to you. [1]", "talk", "Germs **<mark>talk</mark>** to you. [1]"),
        # found only in the clean prose (emphasis and the citation are gone there)
        ("Germs **talk to** you. [1]", "talk to you", "Germs <mark>talk to you</mark>."),
        ("Nothing here.", "absent words", "<mark>absent words</mark> in: Nothing here."),
        ("<b>bold</b> claim", "claim", "&lt;b&gt;bold&lt;/b&gt; <mark>claim</mark>"),
    ],
)
def test_context_html_finds_the_excerpt_in_source_or_clean_prose(source, excerpt, expected):
    assert views.context_html(source, excerpt) == expected


# --- Findings of the check engine and the hardest sentences --------------------------------------


def open_findings(article: Article, tier: str) -> list[Finding]:
    return [f for f in check_article(article) if f.tier in (tier, None)]


PLANTED = "This proves <script>alert(1)</script> germs always cure sadness."
ACCEPTED_WHY = "The sources differ on purpose <b>here</b>."


@pytest.fixture
def planted(corpus: Path) -> Article:
    """The tiny article with an overclaim planted in its animal section and one finding accepted."""
    data = tiny_article()
    data["sections"][1]["tiers"]["patient"] = f"- {PLANTED} [2]"
    data["checks"] = {
        "accept": [
            {
                "rule": "citation-parity",
                "section": "summary",
                "excerpt": "Yes, through several signalling routes.",
                "why": ACCEPTED_WHY,
            }
        ]
    }
    write(corpus, data)
    return load_library(corpus).articles["tiny-article"]


def test_the_planted_article_has_open_and_accepted_findings(planted):
    found = check_article(planted)
    assert any(f.rule == "overclaim" and f.tier == "patient" for f in found)
    assert any(f.accepted for f in found)


@pytest.mark.parametrize("tier", TIERS)
def test_overview_counts_open_findings_by_rule(planted, tier):
    expected = Counter(f.rule for f in check_article(planted) if f.tier == tier and not f.accepted)
    at = open_editor()
    frame = table(at, "editor_overview_table")
    row = frame[(frame["Article"] == planted.id) & (frame["Tier"] == tier.capitalize())].iloc[0]
    assert {rule: row[rule] for rule in data.FINDING_RULES} == {
        rule: expected[rule] for rule in data.FINDING_RULES
    }
    assert row["Findings"] == sum(expected.values())


@pytest.mark.parametrize("tier", TIERS)
def test_article_view_shows_every_finding_of_the_tier(planted, tier):
    at = open_editor(view="article", article=planted.id, tier=tier)
    no_exception(at)
    shown = at.get_by_key("editor_findings").get("html")
    expected = open_findings(planted, tier)
    assert len(shown) == len(expected)
    bodies = "\n".join(h.proto.body for h in shown)
    for finding in expected:
        assert html.escape(finding.message) in bodies
    if any(f.accepted for f in expected):
        assert f"Accepted: {html.escape(ACCEPTED_WHY)}" in bodies


def test_the_shipped_article_view_lists_what_the_engine_finds(clean_caches):
    article = load_library().articles[SHIPPED]
    at = open_editor(view="article", article=SHIPPED, tier="patient")
    assert len(at.get_by_key("editor_findings").get("html")) == len(
        open_findings(article, "patient")
    )


@pytest.mark.parametrize("tier", TIERS)
def test_hardest_sentences_come_first_each_with_its_grade(clean_caches, tier):
    article = load_library().articles[SHIPPED]
    at = open_editor(view="article", article=SHIPPED, tier=tier)
    box = at.get_by_key("editor_hardest")
    grades = [float(re.search(r"Grade ([\d.]+)", m.value).group(1)) for m in box.markdown]
    expected = hardest_sentences(article, tier)
    assert grades == [round(g, 1) for _, g in expected]
    assert grades == sorted(grades, reverse=True) and grades
    marked = [h.proto.body for h in box.get("html")]
    assert len(marked) == len(expected)
    assert all("<mark>" in body for body in marked)


def test_a_planted_overclaim_is_shown_marked_and_escaped(planted):
    at = open_editor(view="article", article="tiny-article", tier="patient")
    no_exception(at)
    bodies = "\n".join(h.proto.body for h in at.get_by_key("editor_findings").get("html"))
    assert "overclaim" in " ".join(e.label for e in at.get_by_key("editor_findings").expander)
    assert re.search(r"<mark>[^<]*proves[^<]*</mark>", bodies)
    assert "<script" not in bodies  # never raw article HTML


def test_rule_filter_keeps_rows_with_open_findings_of_that_rule():
    frame = pd.DataFrame(
        {
            "article": ["a", "a", "b"],
            "title": ["A", "A", "B"],
            "status": ["draft"] * 3,
            "topics": [""] * 3,
            "tier": ["patient", "student", "patient"],
            "verdict": ["pass"] * 3,
            **{rule: [0, 0, 0] for rule in data.FINDING_RULES},
        }
    )
    frame.loc[1, "long-sentence"] = 2
    frame.loc[2, "overclaim"] = 1
    assert list(data.filter_overview(frame, rules=["long-sentence"])["tier"]) == ["student"]
    both = data.filter_overview(frame, rules=["long-sentence", "overclaim"])
    assert list(both["article"]) == ["a", "b"]
