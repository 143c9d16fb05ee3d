"""Issue 20, the patient kit: larger text kept in the address, the handout PDF, read-aloud."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from content import load_library
from content.url_params import large_text_from_url
from ui import charts

APP = Path(__file__).resolve().parents[1] / "app.py"
ARTICLE_PAGE = "pages/article.py"
SHIPPED = "probiotics-antibiotic-diarrhoea"


def open_page(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page:
        for name, value in params.items():
            at.query_params[name] = value
        at.switch_page(page).run()
    return at


def styles(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def link_queries(at: AppTest) -> list[str]:
    return [n.proto.query_string for n in at.main if getattr(n, "type", None) == "page_link"]


# --- Larger text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "large"),
    [
        ("large", True),
        ("LARGE", True),
        (" large ", True),
        ("huge", False),
        ("", False),
        (None, False),
    ],
)
def test_text_parameter_is_validated(value, large):
    assert large_text_from_url(value) is large


@pytest.mark.parametrize("page", [None, ARTICLE_PAGE])
def test_text_large_in_the_address_scales_the_page_and_keeps_it_in_links(page):
    at = open_page(page, id=SHIPPED, persona="clinician", text="large")
    assert not at.exception
    assert at.toggle(key="larger_text").value is True
    assert "font-size: 125%" in styles(at)
    queries = link_queries(at) + [n.proto.query_string for n in at.sidebar.get("page_link")]
    assert queries and all("text=large" in q and "persona=clinician" in q for q in queries)


@pytest.mark.parametrize("value", ["huge", "<script>", "125"])
def test_an_unknown_text_value_means_normal_text(value):
    at = open_page(ARTICLE_PAGE, id=SHIPPED, text=value)
    assert not at.exception
    assert at.toggle(key="larger_text").value is False
    assert "font-size: 125%" not in styles(at)
    assert not any("text=" in q for q in link_queries(at))


def test_the_switch_writes_the_address_and_back_off_drops_it():
    at = open_page(ARTICLE_PAGE, id=SHIPPED, persona="student")
    at.toggle(key="larger_text").set_value(True).run()
    assert at.query_params["text"] == ["large"] or at.query_params["text"] == "large"
    assert "font-size: 125%" in styles(at)
    at.toggle(key="larger_text").set_value(False).run()
    assert "text" not in at.query_params
    assert at.query_params["persona"] in ("student", ["student"])


def _font_sizes(spec: Any) -> list[float]:
    found: list[float] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key.lower().endswith("fontsize") and isinstance(value, int | float):
                found.append(float(value))
            else:
                found += _font_sizes(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _font_sizes(value)
    return found


def test_chart_labels_scale_with_larger_text():
    article = load_library().articles[SHIPPED]
    normal = charts.evidence_chart(charts.grade_frame(article, "patient"), "patient").to_dict()
    frame = charts.grade_frame(article, "patient", scale=1.25)
    large = charts.evidence_chart(frame, "patient", 1.25).to_dict()
    pairs = list(zip(_font_sizes(normal), _font_sizes(large), strict=True))
    assert pairs and all(big >= 1.25 * small - 0.05 for small, big in pairs)
