"""Every page in-process with AppTest: personas, tier text, readability, chart, hostile URLs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
import yaml
from streamlit.testing.v1 import AppTest

import ui
from content import load_library
from content.evidence import vocabulary
from content.model import Article
from content.reader_text import glossary_terms, link_citations, matches_query, without_citations
from content.safe_markdown import safe_link, safe_markdown
from content.url_params import persona_from_url, search_from_url
from readability import assess_tier, load_targets

APP = Path(__file__).resolve().parents[1] / "app.py"
ARTICLE_PAGE = "pages/article.py"
ABOUT_PAGE = "pages/about.py"
PERSONAS = ("patient", "student", "clinician")
SHIPPED = "gut-brain-axis"
HOSTILE_IDS = {
    "path-traversal": "../../etc/passwd",
    "absolute-path": "/etc/passwd",
    "script-tag": "<script>alert(1)</script>",
    "markdown-link": "[x](javascript:alert(1))",
    "unknown-id": "no-such-article",
    "empty": "",
    "yaml-suffix": "tiny-article.yaml",
}


# --- Test content, built in code ------------------------------------------------------------------


def tiny_article(**changes: Any) -> dict[str, Any]:
    """A two-section article whose tiers share no phrase; cites a reference [9] that is missing."""
    data: dict[str, Any] = {
        "id": "tiny-article",
        "title": "Do tummy germs talk to the head?",
        "status": "under_review",
        "updated": "2026-02-01",
        "topics": ["microbiome", "testing"],
        "summary": {
            "patient": "Yes, a little bit. [1]",
            "student": "Yes, through several signalling routes. [1]",
            "clinician": "Yes, via neural, immune and endocrine pathways. [1, 2]",
        },
        "sections": [
            {
                "id": "talking",
                "heading": "Gut-brain signalling",
                "group": "How the signals travel",
                "headings": {"patient": "How your tummy talks"},
                "tiers": {
                    "patient": "- Germs in your tummy can send notes to your head. [1]\n"
                    "- Nobody knows how much this matters yet. [9]",
                    "student": "- Gut microbes signal the brain along the vagus nerve. [1]",
                    "clinician": "- Microbial metabolites modulate vagal afferent firing. [1, 2]",
                },
            },
            {
                "id": "mice",
                "heading": "Animal models",
                "group": "How the signals travel",
                "basis": ["animal"],
                "tiers": {
                    "patient": "- Tests in mice hint at this. [2]",
                    "student": "- Experiments in mice suggest the same link. [2]",
                    "clinician": "- Germ-free murine models show altered behaviour. [2]",
                },
            },
        ],
        "references": [
            {"id": "1", "type": "cohort", "title": "A cohort", "source": "A J", "year": 2020},
            {
                "id": "2",
                "type": "guideline",
                "title": "Advice",
                "source": "A Soc",
                "year": 2024,
                "issuer": "A Soc",
            },
        ],
        "actions": {"patient": ["Ask your doctor."]},
        "glossary": {"tummy": "your belly", "vagus nerve": "a long nerve from brain to gut"},
    }
    data.update(changes)
    return data


@pytest.fixture
def content_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary CONTENT_DIR: the tiny article, an approved twin, and one broken file."""
    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder, tiny_article())
    _write(
        folder,
        tiny_article(
            id="approved-article",
            title="Is fibre good for the gut?",
            status="approved",
            topics=["nutrition"],
            summary={
                "patient": "Yes, fibre helps. [1]",
                "student": "Fibre feeds helpful bacteria. [1]",
                "clinician": "Dietary fibre increases short-chain fatty acid output. [1]",
            },
            sections=_without_dangling(tiny_article()["sections"]),
        ),
    )
    (folder / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    st.cache_resource.clear()
    yield folder
    st.cache_resource.clear()


def _without_dangling(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tiny article's sections minus the missing [9]: an approved article may not cite it."""
    for section in sections:
        section["tiers"] = {t: text.replace("[9]", "[1]") for t, text in section["tiers"].items()}
    return sections


def _write(folder: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    (folder / f"{data['id']}.yaml").write_text(text, encoding="utf-8")


def loaded(article_id: str) -> Article:
    return load_library().articles[article_id]


def first_phrase(article: Article, tier: str) -> str:
    """The first sentence of the first section's text in a tier, as it reads on the page."""
    text = without_citations(article.sections[0].tiers.get(tier))
    first = next(line for line in text.splitlines() if line.strip())
    first = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", first)
    return re.split(r"(?<=[.!?])\s+", first.strip())[0].rstrip(".")


# --- Driving the app ------------------------------------------------------------------------------


def open_page(page: str | None = None, **params: str) -> AppTest:
    """Start at app.py like a browser, then switch page; params are set before every run."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    _set_params(at, params)
    at.run()
    if page:
        _set_params(at, params)
        at.switch_page(page).run()  # one run: the persona is read from the URL on every run
    return at


def _set_params(at: AppTest, params: dict[str, str]) -> None:
    for name, value in params.items():
        at.query_params[name] = value


def level_control(at: AppTest) -> Any:
    """The on-page reading-level switch every page draws near its top."""
    return at.get_by_key(ui.PERSONA_KEY)


def body_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.get_by_key("article_body").markdown)


def all_text(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "warning", "title", "header", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def main_links(at: AppTest) -> list[Any]:
    return [n for n in at.main if getattr(n, "type", None) == "page_link"]


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def has_key(at: AppTest, key: str) -> bool:
    try:
        at.get_by_key(key)
    except KeyError:
        return False
    return True


# --- Article page: tiers switch with the persona --------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_article_shows_only_the_chosen_tier(content_dir, persona):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona=persona)
    no_exception(at)
    assert level_control(at).value == persona
    article = loaded("tiny-article")
    text = body_text(at)
    assert first_phrase(article, persona) in text
    for other in PERSONAS:
        if other != persona:
            assert first_phrase(article, other) not in text


@pytest.mark.parametrize("persona", PERSONAS)
def test_shipped_article_tier_text_switches_with_the_persona(persona):
    at = open_page(ARTICLE_PAGE, id=SHIPPED, persona=persona)
    no_exception(at)
    article = loaded(SHIPPED)
    text = body_text(at)
    assert first_phrase(article, persona) in text
    assert at.title[0].value == article.title
    if persona != "patient":
        assert first_phrase(article, "patient") not in text
    else:
        assert first_phrase(article, "clinician") not in text


def test_switching_the_level_swaps_the_text_and_writes_the_url(content_dir):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona="patient")
    article = loaded("tiny-article")
    assert first_phrase(article, "patient") in body_text(at)
    level_control(at).set_value("clinician").run()
    no_exception(at)
    assert first_phrase(article, "clinician") in body_text(at)
    assert first_phrase(article, "patient") not in body_text(at)
    assert at.query_params["persona"] == "clinician"
    assert at.query_params["id"] == "tiny-article"  # the rest of the address is kept


@pytest.mark.parametrize(
    ("persona", "heading", "absent"),
    [
        ("patient", "How your tummy talks", "Gut-brain signalling"),
        ("clinician", "Gut-brain signalling", "How your tummy talks"),
    ],
)
def test_section_headings_follow_the_tier(content_dir, persona, heading, absent):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona=persona)
    headings = [h.value for h in at.header] + [h.value for h in at.subheader]
    assert heading in headings
    assert absent not in headings


def test_group_headings_show_for_students_and_clinicians_only(content_dir):
    group = "How the signals travel"
    clinician = open_page(ARTICLE_PAGE, id="tiny-article", persona="clinician")
    patient = open_page(ARTICLE_PAGE, id="tiny-article", persona="patient")
    assert group in [h.value for h in clinician.header]
    assert group not in [h.value for h in patient.header]


def test_other_levels_are_built_only_when_opened(content_dir):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona="patient")
    article = loaded("tiny-article")
    popovers = [n for n in at.main if getattr(n, "type", None) == "popover"]
    labels = {p.proto.popover.label for p in popovers}
    assert labels == {"More detail: student version", "More detail: clinician version"}
    assert all(len(p.children) == 0 for p in popovers)

    at.session_state["level_talking_clinician"] = True
    at.run()
    no_exception(at)
    opened = at.get_by_key("level_talking_clinician")
    assert first_phrase(article, "clinician") in "\n".join(m.value for m in opened.markdown)


# --- Article page: citations, references, glossary, status, disclaimer ---------------------------


def reference_lists(at: AppTest) -> list:
    """The HTML blocks that hold a reference list (the frame adds a style-only one too)."""
    return [h for h in at.html if 'id="ref-' in h.proto.body]


def test_citations_link_to_anchored_references_and_missing_ones_stay_visible(content_dir):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona="patient")
    text = body_text(at)
    assert '[1](#ref-1 "Go to reference 1")' in text
    assert "source 9 being checked" in text
    assert "reference missing" not in all_text(at)
    (references,) = reference_lists(at)
    assert 'id="ref-1"' in references.proto.body and 'id="ref-2"' in references.proto.body
    assert "Cohort study" in references.proto.body  # the type badge
    assert "The text mentions [9]: we are still checking that source" in all_text(at)


def test_reference_list_escapes_what_the_file_says(content_dir):
    data = tiny_article()
    data["references"][0]["title"] = "<img src=x onerror=alert(1)> A cohort"
    _write(content_dir, data)
    st.cache_resource.clear()
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona="clinician")
    no_exception(at)
    (references,) = reference_lists(at)
    body = references.proto.body
    assert "<img" not in body and "&lt;img" in body


@pytest.mark.parametrize(("persona", "expected"), [("patient", True), ("clinician", False)])
def test_glossary_lists_the_words_on_the_page_for_patients(content_dir, persona, expected):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona=persona)
    glossaries = [e for e in at.expander if e.label.startswith("Words used on this page")]
    assert bool(glossaries) is expected
    if expected:
        words = "\n".join(m.value for m in glossaries[0].markdown)
        assert "**tummy**: your belly" in words
        assert "vagus nerve" not in words  # only in the student text


@pytest.mark.parametrize("article_id", ["tiny-article", "approved-article"])
def test_pending_review_banner_unless_a_reviewer_approved_it_in_the_app(content_dir, article_id):
    """`status: approved` typed into a file grants nothing (issue 18): only a reviewer's
    approval in the app, bound to the file's bytes, lifts the notice."""
    at = open_page(ARTICLE_PAGE, id=article_id, persona="patient")
    warnings = " ".join(w.value for w in at.warning)
    assert "Pending review" in warnings
    assert "Reviewed by" not in all_text(at)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("draft", "This article is a draft:"),
        ("under_review", "This article is under review:"),
        ("submitted", "This article is waiting for review:"),
    ],
)
def test_pending_review_banner_says_the_status_in_a_sentence(content_dir, status, words):
    path = content_dir / "tiny-article.yaml"
    path.write_text(re.sub(r"(?m)^status: .*$", f"status: {status}", path.read_text()))
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona="patient")
    assert words in at.warning[0].value


@pytest.mark.parametrize(
    ("persona", "words"),
    [
        ("patient", "local emergency number"),
        ("student", "not medical advice"),
        ("clinician", "For healthcare professionals"),
    ],
)
def test_disclaimer_fits_the_persona(content_dir, persona, words):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona=persona)
    assert words in at.info[-1].value


# --- Article page: readability panel and evidence chart -------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_readability_panel_scores_exactly_the_tier_shown(content_dir, persona):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona=persona)
    panel = at.get_by_key("readability_panel")
    metrics = {m.label: m.value for m in panel.metric}
    expected = assess_tier(loaded("tiny-article"), persona).whole
    assert metrics["Reading grade (consensus)"] == f"{expected.consensus_grade:.1f}"
    assert metrics["Flesch-Kincaid grade"] == f"{expected.flesch_kincaid_grade:.1f}"
    assert metrics["Flesch Reading Ease"] == f"{expected.flesch_reading_ease_display:.0f} of 100"
    assert metrics["SMOG grade"] == f"{expected.smog_index:.1f}"
    assert metrics["Words / sentences"] == f"{expected.words} / {expected.sentences}"
    assert "Reading time" in metrics
    panel_text = "\n".join(c.value for c in panel.caption)
    assert "SMOG is defined on 30+ sentences" in panel_text  # the low-confidence note
    verdicts = "\n".join(m.value for m in panel.markdown)
    assert re.search(r"Meets target|Above goal, within limit|Misses target", verdicts)
    (per_section,) = panel.table
    assert len(per_section.value) == 2


@pytest.mark.parametrize("persona", PERSONAS)
def test_evidence_chart_and_its_words_are_present(content_dir, persona):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona=persona)
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    (bars,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "bar"]
    assert bars["encoding"]["x"]["field"] == "position"  # bar length is the grade
    assert bars["encoding"]["color"]["field"] == "kind"
    panel = at.get_by_key("evidence_chart")
    assert "is not a formal GRADE rating, and it never goes above Moderate" in "\n".join(
        c.value for c in panel.caption
    )
    (table,) = panel.table
    assert len(table.value) == 2


@pytest.mark.parametrize(
    ("persona", "words"),
    [
        ("patient", "we are not sure"),
        ("student", "never above Moderate"),
        ("clinician", "USPSTF certainty of net benefit"),
    ],
)
def test_evidence_explanation_is_written_for_the_persona(content_dir, persona, words):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona=persona)
    panel = at.get_by_key("evidence_chart")
    assert words in "\n".join(m.value for m in panel.markdown)


def test_shipped_article_has_panel_chart_and_body():
    at = open_page(ARTICLE_PAGE, id=SHIPPED, persona="clinician")
    no_exception(at)
    for key in ("article_body", "readability_panel", "evidence_chart"):
        assert has_key(at, key), key
    assert len(at.get("vega_lite_chart")) == 1
    assert len(at.get_by_key("readability_panel").metric) == 6


# --- Hostile and unknown parameters ---------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE_IDS.values(), ids=HOSTILE_IDS.keys())
def test_hostile_article_ids_get_a_friendly_message(content_dir, hostile):
    at = open_page(ARTICLE_PAGE, id=hostile, persona="patient")
    no_exception(at)
    assert "couldn't find that article" in at.warning[0].value
    assert hostile not in all_text(at) or hostile == ""
    assert not has_key(at, "article_body")
    assert not has_key(at, "readability_panel")
    back = [link for link in main_links(at) if "library" in link.proto.label.lower()]
    assert back and back[0].proto.query_string == "persona=patient"


def test_missing_id_gets_the_same_message(content_dir):
    at = open_page(ARTICLE_PAGE, persona="patient")
    no_exception(at)
    assert "couldn't find that article" in at.warning[0].value


@pytest.mark.parametrize("page", [None, ARTICLE_PAGE, ABOUT_PAGE])
@pytest.mark.parametrize("persona", ["hacker", "<script>alert(1)</script>", "", " "])
def test_unknown_or_empty_persona_shows_patient_selected(content_dir, page, persona):
    at = open_page(page, id="tiny-article", persona=persona)
    no_exception(at)
    assert level_control(at).value == "patient"
    assert ui.PERSONA_OFFERS["patient"] in at.sidebar.caption[0].value
    assert "wasn't one we know" in at.info[0].value
    assert at.query_params["persona"] == persona  # read as it is, never rewritten
    assert "<script>" not in all_text(at)
    if page == ARTICLE_PAGE:
        assert first_phrase(loaded("tiny-article"), "patient") in body_text(at)


@pytest.mark.parametrize("page", [None, ARTICLE_PAGE, ABOUT_PAGE])
@pytest.mark.parametrize(
    ("value", "persona"),
    [("Patient", "patient"), ("CLINICIAN", "clinician"), (" Student ", "student")],
)
def test_persona_in_the_url_is_case_insensitive(content_dir, page, value, persona):
    at = open_page(page, id="tiny-article", persona=value)
    no_exception(at)
    assert level_control(at).value == persona
    assert not [i for i in at.info if "wasn't one we know" in i.value]
    assert at.query_params["persona"] == value
    if page == ARTICLE_PAGE:
        assert first_phrase(loaded("tiny-article"), persona) in body_text(at)


# --- First visit: the persona prompt --------------------------------------------------------------


def test_first_visit_without_persona_asks_once(content_dir):
    at = open_page()
    no_exception(at)
    assert has_key(at, "persona_prompt")
    assert {b.label for b in at.button} >= {"Patient", "Student", "Clinician"}
    at.button(key="choose_clinician").click().run()
    no_exception(at)
    assert level_control(at).value == "clinician"
    assert at.query_params["persona"] == "clinician"
    assert not has_key(at, "persona_prompt")
    at.switch_page(ABOUT_PAGE).run()
    assert not has_key(at, "persona_prompt")


def test_skipping_the_prompt_gives_the_patient_view(content_dir):
    at = open_page()
    at.button(key="choose_skip").click().run()
    no_exception(at)
    assert level_control(at).value == "patient"
    assert not has_key(at, "persona_prompt")


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_link_that_names_a_persona_is_not_asked_again(content_dir, persona):
    at = open_page(persona=persona)
    assert not has_key(at, "persona_prompt")


# --- Frame: sidebar navigation carries the persona ------------------------------------------------


@pytest.mark.parametrize("page", [ARTICLE_PAGE, ABOUT_PAGE])
def test_sidebar_links_carry_the_persona(content_dir, page):
    at = open_page(page, id="tiny-article", persona="student")
    links = [n for n in at.sidebar if getattr(n, "type", None) == "page_link"]
    assert [link.proto.label for link in links] == [
        "Library: all articles",
        "About the scores and evidence",
    ]
    assert all(link.proto.query_string == "persona=student" for link in links)
    assert level_control(at).options == [ui.PERSONA_NAMES[p] for p in PERSONAS]


def test_on_the_library_all_articles_clears_everything_but_the_persona(content_dir):
    """A link to the page already open would not navigate: the library's own entry is a button
    that empties the search and filters (tests/browser/test_pagination.py clicks it)."""
    at = open_page(None, persona="student", q="gut", topic="microbiome")
    links = [n for n in at.sidebar if getattr(n, "type", None) == "page_link"]
    assert [link.proto.label for link in links] == ["About the scores and evidence"]
    assert links[0].proto.query_string == "persona=student"
    at.button(key="sidebar_all_articles").click().run()
    no_exception(at)
    assert dict(at.query_params) == {"persona": "student"}
    assert at.text_input(key="library_q").value == ""


@pytest.mark.parametrize(
    ("page", "back"), [(None, False), (ARTICLE_PAGE, True), (ABOUT_PAGE, True)]
)
def test_every_page_has_the_switch_and_a_way_back_in_the_page(content_dir, page, back):
    at = open_page(page, id="tiny-article", persona="clinician")
    top = at.get_by_key("page_top")
    assert level_control(at).value == "clinician"
    assert level_control(at).label == "Reading level"
    links = [n for n in top if getattr(n, "type", None) == "page_link"]
    assert bool(links) is back
    if back:
        assert links[0].proto.label == "All articles"
        assert links[0].proto.query_string == "persona=clinician"


# --- Library --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_library_cards_show_the_readers_short_answer(content_dir, persona):
    at = open_page(persona=persona)
    no_exception(at)
    article = loaded("tiny-article")
    text = all_text(at)
    assert without_citations(article.summary.get(persona)) in text
    for other in PERSONAS:
        if other != persona:
            assert without_citations(article.summary.get(other)) not in text
    card = at.get_by_key("card_tiny-article")
    (link,) = [n for n in card if getattr(n, "type", None) == "page_link"]
    assert article.title in link.proto.label
    assert link.proto.query_string == f"id=tiny-article&persona={persona}"
    card_text = "\n".join(m.value for m in card.markdown)
    assert "Under review" in card_text and "Updated 1 February 2026" in card_text
    assert re.search(r"Meets target|Above goal, within limit|Misses target", card_text)
    assert "Evidence behind its 2 sections" in card_text


def test_library_counts_files_that_failed_to_load_in_one_neutral_line(content_dir):
    at = open_page(persona="patient")
    text = all_text(at)
    assert "1 more article is not shown right now" in text
    (editors,) = [link for link in main_links(at) if link.proto.label == "Editors: see why"]
    assert editors.proto.page.endswith("editor")
    assert editors.proto.query_string == "view=problems&persona=patient"
    assert "broken" not in text and str(content_dir) not in text
    assert [e.label for e in at.expander] == ["Filter by topic, review status or reading level"]
    assert not at.dataframe


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", {"tiny-article", "approved-article"}),
        ("fibre", {"approved-article"}),
        ("endocrine", {"tiny-article"}),  # clinician short answer, found from any tier
        ("MICROBIOME", {"tiny-article"}),  # a topic, any case
        ("no such words", set()),
    ],
)
def test_library_search(content_dir, query, shown):
    at = open_page(persona="patient")
    at.text_input[0].input(query).run()
    no_exception(at)
    cards = {k.removeprefix("card_") for k in _keys(at) if k.startswith("card_")}
    assert cards == shown
    if not shown:
        assert "No article matches" in at.info[0].value


def test_library_filters_by_status_and_topic(content_dir):
    at = open_page(persona="patient")
    # `status: approved` typed in a file grants nothing: readers filter by the review record
    at.multiselect[1].select("approved").run()
    assert not {k for k in _keys(at) if k.startswith("card_")}
    at.multiselect[1].unselect("approved").run()
    at.multiselect[1].select("under_review").run()
    assert "card_approved-article" in {k for k in _keys(at) if k.startswith("card_")}
    at.multiselect[1].unselect("under_review").run()
    at.multiselect[0].select("testing").run()
    assert {k for k in _keys(at) if k.startswith("card_")} == {"card_tiny-article"}
    at.multiselect[0].select("nutrition").run()
    assert {k for k in _keys(at) if k.startswith("card_")} == {
        "card_tiny-article",
        "card_approved-article",
    }


def _keys(at: AppTest) -> set[str]:
    return {n.key for n in at.main if getattr(n, "key", None)}


# --- About ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_about_page_renders_the_scale_and_targets_from_their_files(persona):
    at = open_page(ABOUT_PAGE, persona=persona)
    no_exception(at)
    assert at.title[0].value == "About this reader"
    tables = {tuple(t.value.index.names): t.value for t in at.table}
    designs = tables[("Design",)]
    assert len(designs) == len(vocabulary().designs)
    assert set(designs.index) == {d.label for d in vocabulary().designs.values()}
    targets = tables[("Reader",)]
    assert load_targets()["patient"].source in " ".join(targets["Why, and the source"])
    assert "not a formal GRADE rating" in all_text(at)


# --- Reader text helpers the pages rely on --------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("A [1].", 'A \\[[1](#ref-1 "Go to reference 1")\\].'),
        ("A [1, 2].", "A \\[[1](#ref-1 *), [2](#ref-2 *)\\]."),
        ("A [1-2].", "A \\[[1](#ref-1 *), [2](#ref-2 *)\\]."),
        ("A [5].", "A \\[**5 (reference missing)**\\]."),
        ("A [link](https://x.org).", "A [link](https://x.org)."),
        ("No markers.", "No markers."),
    ],
    ids=["one", "list", "range", "missing", "markdown-link-untouched", "none"],
)
def test_link_citations(markdown, expected):
    linked = link_citations(markdown, ["1", "2"])
    pattern = re.escape(expected).replace(re.escape("*)"), r'"[^"]+"\)')
    assert re.fullmatch(pattern, linked), linked


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Your tummy hurts.", ["tummy"]),
        ("Two receptors fire.", ["receptor"]),
        ("Tummyache is not a term.", []),
        ("The IBS clinic.", ["IBS"]),
    ],
)
def test_glossary_terms_found_as_whole_words(text, terms):
    glossary = {"tummy": "belly", "receptor": "a lock", "IBS": "a gut problem"}
    assert [t for t, _ in glossary_terms([text], glossary)] == terms


def test_search_needs_every_word(content_dir):
    assert matches_query(loaded("tiny-article"), "tummy germs")
    assert not matches_query(loaded("tiny-article"), "tummy fibre")


# --- Library: search and filters in the URL -------------------------------------------------------


def cards(at: AppTest) -> set[str]:
    return {k.removeprefix("card_") for k in _keys(at) if k.startswith("card_")}


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"topic": "nutrition"}, {"approved-article"}),
        ({"topic": ["nutrition", "testing"]}, {"approved-article", "tiny-article"}),
        ({"topic": ["nutrition", "no-such-topic"]}, {"approved-article"}),
        ({"status": "approved"}, set()),  # a status typed in a file grants nothing
        ({"status": "under_review"}, {"approved-article", "tiny-article"}),
        ({"status": ["approved", "under_review"]}, {"approved-article", "tiny-article"}),
        ({"status": "<script>"}, {"approved-article", "tiny-article"}),
        ({"q": "fibre"}, {"approved-article"}),
        ({"q": "FIBRE\u0000"}, {"approved-article"}),
        ({"target": ["meets", "above-goal", "misses"]}, {"approved-article", "tiny-article"}),
        ({"target": "bogus"}, {"approved-article", "tiny-article"}),
    ],
    ids=lambda v: str(v),
)
def test_library_reads_search_and_filters_from_the_url(content_dir, params, shown):
    at = open_page(persona="patient", **params)
    no_exception(at)
    assert cards(at) == shown
    assert at.query_params == {"persona": "patient", **params}  # nothing is rewritten


@pytest.mark.parametrize(("params", "expanded"), [({}, False), ({"status": "approved"}, True)])
def test_library_filters_are_folded_until_one_is_set(content_dir, params, expanded):
    at = open_page(persona="patient", **params)
    (filters,) = at.expander
    assert filters.proto.expanded is expanded


@pytest.mark.parametrize(("target", "verdict"), [("meets", "pass"), ("misses", "miss")])
def test_library_target_filter_uses_the_readers_verdict(content_dir, target, verdict):
    at = open_page(persona="patient", target=target)
    expected = {
        a
        for a in ("tiny-article", "approved-article")
        if ui.assessment(a)["patient"].verdict == verdict
    }
    assert cards(at) == expected


def test_library_search_and_filters_write_the_url(content_dir):
    at = open_page(persona="student")
    at.text_input(key="library_q").input("fibre").run()
    assert at.query_params["q"] == "fibre"
    assert cards(at) == {"approved-article"}
    at.multiselect(key="library_status").select("approved").select("under_review").run()
    assert at.query_params["status"] == ["approved", "under_review"]
    at.multiselect(key="library_target").select("meets").run()
    assert at.query_params["target"] == "meets"  # AppTest shows one value unwrapped
    at.text_input(key="library_q").input("").run()
    assert "q" not in at.query_params
    assert at.query_params["persona"] == "student"


# --- Key points, actions and review ---------------------------------------------------------------

KEY_POINTS = {
    "patient": ["Your gut and brain talk.", "Nobody knows how much yet. [9]"],
    "clinician": ["Bidirectional signalling is shown in animal models. [2]"],
}
ACTIONS = {"patient": ["Ask your doctor before buying probiotics."]}


@pytest.fixture
def reviewed(content_dir: Path) -> Path:
    """The tiny article with key points, actions and a review (a test reviewer)."""
    data = tiny_article(
        key_points=KEY_POINTS, actions=ACTIONS, review={"by": "A. Tester", "date": "2026-03-02"}
    )
    _write(content_dir, data)
    st.cache_resource.clear()
    return content_dir


def test_article_shows_key_points_actions_and_review(reviewed):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona="patient")
    no_exception(at)
    points = "\n".join(m.value for m in at.get_by_key("key_points").markdown)
    assert "What you need to know" in points
    assert "- Your gut and brain talk." in points
    assert "source 9 being checked" in points  # citations read like the text's
    actions = at.get_by_key("actions")
    assert [h.value for h in actions.header] == ["What this means for you"]
    assert "Ask your doctor before buying probiotics." in actions.markdown[0].value
    assert "Reviewed by A. Tester" not in all_text(at)  # a review block in the file grants nothing
    assert "Pending review" in at.warning[0].value


def test_tier_without_actions_has_no_actions_heading(reviewed):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona="clinician")
    no_exception(at)
    assert "Bidirectional signalling" in "\n".join(
        m.value for m in at.get_by_key("key_points").markdown
    )
    assert not has_key(at, "actions")


def test_article_without_the_new_fields_still_renders(content_dir):
    # The tiny article has patient actions only: the student tier has none of the new fields.
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona="student")
    no_exception(at)
    assert not has_key(at, "key_points") and not has_key(at, "actions")
    assert has_key(at, "short_answer")
    assert "Reviewed by" not in all_text(at)


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("patient", "- Your gut and brain talk.", "Yes, a little bit."),
        ("student", "Yes, through several signalling routes.", "Your gut and brain talk."),
    ],
)
def test_library_card_shows_key_points_or_the_short_answer(reviewed, persona, expected, absent):
    at = open_page(persona=persona)
    card = "\n".join(m.value for m in at.get_by_key("card_tiny-article").markdown)
    assert expected in card
    assert absent not in card
    assert "[9]" not in card and "being checked" not in card  # no citations on cards


# --- Readability panel: plain words for patients --------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "plain"), [("patient", True), ("student", False), ("clinician", False)]
)
def test_patient_panel_leads_with_one_plain_statement(content_dir, persona, plain):
    at = open_page(ARTICLE_PAGE, id="tiny-article", persona=persona)
    panel = at.get_by_key("readability_panel")
    first = panel.markdown[0].value
    assert bool(re.match(r"\*\*(Easy|Fairly easy|Harder) to read", first)) is plain
    folded = [e for e in panel.expander if e.label == "How we measure this"]
    assert bool(folded) is plain
    if plain:
        assert "Flesch" not in first and "SMOG" not in first
        assert {m.label for m in folded[0].metric} >= {"Flesch-Kincaid grade", "SMOG grade"}


@pytest.mark.parametrize(
    ("grade", "words"),
    [
        (4.2, "Easy to read: about age 9 to 10, within our goal for this page (age 11 to 12 or"),
        (6.0, "Easy to read: about age 11 to 12, within our goal"),
        (7.4, "Fairly easy to read: about age 12 to 13, a little above our goal"),
        (9.0, "Harder to read than we aim for: about age 14 to 15, above our goal"),
        (13.5, "Harder to read than we aim for: college level"),
    ],
)
def test_plain_reading_words(grade, words):
    from readability import target_for

    assert ui.plain_reading_words(grade, target_for("patient")).startswith(words)


# --- Article text cannot load anything ------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("See ![a cat](http://evil.example/x.png) here", "See a cat here"),
        (
            "![alt][pic]\n\n[pic]: http://evil.example/x.png",
            "alt\n\n[pic]: http://evil.example/x.png",
        ),
        ("![outer ![inner](u)](v)", "outer inner"),
        ("[ok](https://nih.gov)", "[ok](https://nih.gov)"),
        ("[in app](/article?id=x&persona=patient)", "[in app](/article?id=x&persona=patient)"),
        ('\\[[1](#ref-1 "Go to reference 1")\\]', '\\[[1](#ref-1 "Go to reference 1")\\]'),
        ("[bad](javascript:alert(1))", "bad"),
        ("[entity](javascript&#58;alert(1))", "entity"),
        ("[other host](//evil.example/x)", "other host"),
        ("[data](data:text/html,hi)", "data"),
        ("[file](file:///etc/passwd)", "file"),
        ("<file:///etc/passwd>", "\\<file:///etc/passwd\\>"),
        ("[x][r]\n\n[r]: javascript:alert(1)", "[x][r]\n\n"),
    ],
    ids=lambda v: v[:30],
)
def test_safe_markdown(markdown, expected):
    assert safe_markdown(markdown) == expected


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://x.org", True),
        ("HTTP://x.org", True),
        ("#ref-1", True),
        ("/about?persona=patient", True),
        ("article?id=x", True),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("java\tscript:alert(1)", False),
        ("mailto:a@b.c", False),
        ("javascript&colon;alert(1)", False),
    ],
)
def test_safe_link(url, safe):
    assert safe_link(url) is safe


@pytest.mark.parametrize(
    ("value", "persona"),
    [("clinician", "clinician"), ("Clinician", "clinician"), (" STUDENT ", "student")]
    + [(None, None), ("", None), ("hacker", None), ("patient\u0000", None)],
)
def test_persona_from_url(value, persona):
    assert persona_from_url(value) == persona


def test_search_from_url_is_one_short_printable_line():
    assert search_from_url("  gut\n\tbrain\u0000 ") == "gut brain"
    assert len(search_from_url("x" * 10_000)) == 200
    assert search_from_url(None) == ""


# --- Nothing leaves the origin --------------------------------------------------------------------


def test_server_config_sends_nothing_elsewhere():
    import tomllib

    config = tomllib.loads((APP.parent / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False  # no telemetry
    assert config["browser"]["serverAddress"] == "localhost"  # no external-IP lookup on start
    assert "address" not in config.get("server", {})  # still runs behind a load balancer


def test_page_icon_is_a_local_image():
    from PIL import Image

    from ui.page_frame import PAGE_ICON

    with Image.open(PAGE_ICON) as icon:
        assert icon.size[0] == icon.size[1] >= 32
