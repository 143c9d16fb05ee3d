"""The printable handout (issue 20): order and words on paper, pages, fonts, the QR code.

Read back with Debian's poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm) and zbar-tools
(zbarimg), which `.ci/run` installs; without them these tests skip, except under CI=true.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from content import load_library
from content.handout import (
    NO_ADDRESS_NOTE,
    PLAIN_LAYOUT,
    address_lines,
    article_address,
    certainty_lines,
    handout_file_name,
    handout_pdf,
    public_url,
    site_address,
)
from content.model import Article
from content.plain_text import plain_text
from content.tiers import TIER_NAMES, plain_tier, reference_tier

APP = Path(__file__).resolve().parents[1] / "app.py"
BASE = "https://health.example.org/reader"
PENDING = "**Pending review.** This article is a draft: it may still change."
TOOLS = ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "zbarimg")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
needs_tools = pytest.mark.skipif(
    bool(MISSING) and os.environ.get("CI", "").lower() != "true",
    reason=f"not installed: {', '.join(MISSING)} (Debian poppler-utils, zbar-tools)",
)
LIBRARY = load_library()
ARTICLES = sorted(LIBRARY.articles)


def make(article: Article, tier: str, address: str | None = "", **kwargs) -> bytes:
    if address == "":
        address = article_address(BASE, article.id, tier)
    return handout_pdf(
        article, tier, review_line=PENDING, address=address, made=dt.date(2026, 12, 4), **kwargs
    )


def run(*command: str | Path) -> str:
    return subprocess.run(
        [str(part) for part in command], check=True, capture_output=True, text=True
    ).stdout


def words(text: str) -> str:
    """Text with every run of white space as one space (pdftotext wraps lines)."""
    return " ".join(text.split())


def write(tmp_path: Path, data: bytes, name: str = "handout.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pages(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", path), re.M).group(1))


# --- Pure parts ----------------------------------------------------------------------------------


def test_file_name_and_address_carry_the_id_and_the_tier():
    tier = reference_tier()
    assert handout_file_name("vitamin-d-falls-fractures", tier) == (
        f"vitamin-d-falls-fractures-{tier}.pdf"
    )
    assert article_address(BASE + "/", "a-b", tier) == f"{BASE}/article?id=a-b&persona={tier}"


@pytest.mark.parametrize(
    ("url", "page", "expected"),
    [
        ("https://health.example.org/", False, "https://health.example.org"),
        ("https://health.example.org/reader", False, "https://health.example.org/reader"),
        ("http://127.0.0.1:8501/article?id=x&persona=y", True, "http://127.0.0.1:8501"),
        ("https://h.example/pre/article?id=x", True, "https://h.example/pre"),
        ("javascript:alert(1)", False, None),
        ("ftp://h.example/", False, None),
        ("", False, None),
        (None, True, None),
    ],
)
def test_site_address_keeps_only_http_and_drops_the_page(url, page, expected):
    assert site_address(url, page=page) == expected


def test_public_url_comes_from_the_environment_and_is_checked(monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", "https://health.example.org/")
    assert public_url() == "https://health.example.org"
    monkeypatch.setenv("PUBLIC_URL", "not a url")
    assert public_url() is None
    monkeypatch.delenv("PUBLIC_URL")
    assert public_url() is None


def test_a_long_address_breaks_only_before_its_parameters():
    address = f"{BASE}/article?id=probiotics-antibiotic-diarrhoea&persona={plain_tier()}"
    lines = address_lines(address, lambda line: len(line) <= 50)
    assert "".join(lines) == address
    assert all(line.startswith(("http", "?", "&")) for line in lines) and len(lines) > 1


def test_certainty_groups_every_section_once_strongest_first():
    article = LIBRARY.articles["probiotics-antibiotic-diarrhoea"]
    groups = certainty_lines(article, plain_tier())
    listed = [heading for _, heading_list in groups for heading in heading_list]
    assert sorted(listed) == sorted(s.heading_for(plain_tier()) for s in article.sections)
    assert len({grade for grade, _ in groups}) == len(groups)


def test_the_plain_handout_body_is_at_least_12_points():
    assert PLAIN_LAYOUT.body >= 12


# --- The PDF read back ---------------------------------------------------------------------------


@needs_tools
@pytest.mark.parametrize("article_id", ARTICLES)
def test_every_plain_handout_fits_one_page_and_reference_two(tmp_path, article_id):
    article = LIBRARY.articles[article_id]
    assert pages(write(tmp_path, make(article, plain_tier()), "plain.pdf")) == 1
    assert pages(write(tmp_path, make(article, reference_tier()), "reference.pdf")) <= 2


@needs_tools
@pytest.mark.parametrize("tier", TIER_NAMES)
def test_the_text_holds_key_points_actions_and_review_in_order(tmp_path, tier):
    article = LIBRARY.articles["probiotics-antibiotic-diarrhoea"]
    text = words(run("pdftotext", "-layout", write(tmp_path, make(article, tier)), "-"))
    text_plain = words(run("pdftotext", write(tmp_path, make(article, tier)), "-"))
    for statement in article.key_points.get(tier) + article.actions.get(tier):
        assert words(plain_text(statement)) in text_plain
    assert "Pending review. This article is a draft: it may still change." in text_plain
    order = ["Pending review", "What you need to know", "Short answer", "How sure are we?"]
    if article.actions.get(tier):
        order.insert(2, "What you can do")
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "Made on 4 December 2026" in text_plain
    assert f"Article updated {article.updated:%-d %B %Y}" in text_plain
    assert not re.search(r"\[\d", text_plain), "a citation marker reached the paper"


@needs_tools
def test_fonts_are_embedded(tmp_path):
    article = LIBRARY.articles["vitamin-d-falls-fractures"]
    listing = run("pdffonts", write(tmp_path, make(article, reference_tier())))
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows
    assert all(row[-5] == "yes" for row in rows), listing  # the "emb" column


@needs_tools
@pytest.mark.parametrize(
    ("article_id", "tier"),
    [("probiotics-antibiotic-diarrhoea", plain_tier()), ("vitamin-d-falls-fractures", None)],
)
def test_the_qr_code_decodes_to_this_article_at_this_tier(tmp_path, article_id, tier):
    tier = tier or reference_tier()
    article = LIBRARY.articles[article_id]
    pdf = write(tmp_path, make(article, tier))
    run("pdftoppm", "-png", "-r", "150", "-singlefile", pdf, tmp_path / "page")
    decoded = run("zbarimg", "-q", "--raw", tmp_path / "page.png").strip()
    assert decoded == f"{BASE}/article?id={article_id}&persona={tier}"
    assert decoded in words(run("pdftotext", pdf, "-")).replace(" ", "")


@needs_tools
def test_without_an_address_no_qr_code_and_a_note_for_editors(tmp_path):
    article = LIBRARY.articles["probiotics-antibiotic-diarrhoea"]
    pdf = write(tmp_path, make(article, plain_tier(), address=None))
    run("pdftoppm", "-png", "-r", "150", "-singlefile", pdf, tmp_path / "page")
    found = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], text=True)
    assert found.returncode != 0  # zbarimg exits non-zero when it finds no code
    assert words(NO_ADDRESS_NOTE) in words(run("pdftotext", pdf, "-"))


# --- On the page ---------------------------------------------------------------------------------


def open_article(article_id: str, persona: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.query_params.update(id=article_id, persona=persona)
    at.run()
    at.query_params.update(id=article_id, persona=persona)
    at.switch_page("pages/article.py").run()
    return at


@pytest.mark.parametrize("persona", TIER_NAMES)
def test_every_tier_offers_its_handout_and_the_reference_tier_the_plain_one(persona):
    at = open_article("vitamin-d-falls-fractures", persona)
    assert not at.exception
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert "Print or save as PDF" in buttons
    assert buttons["Print or save as PDF"].id.endswith(f"handout_{persona}")
    if persona == reference_tier():
        assert buttons["Handout for your patient"].id.endswith(f"handout_{plain_tier()}")
    else:
        assert "Handout for your patient" not in buttons
    # Made only when asked: the page holds a deferred file, not the PDF's bytes.
    assert all(b.deferred_file_id and not b.url for b in buttons.values())


@needs_tools
def test_an_approved_article_prints_who_reviewed_it_and_a_pending_one_the_notice(tmp_path):
    import datetime as dt

    from editorial.reviews import ReviewState
    from ui.words import pending_review_words, review_line

    article = LIBRARY.articles["probiotics-antibiotic-diarrhoea"]
    approved = ReviewState(
        "approved",
        reviewer="Dr A Example, general practitioner",
        reviewed_on=dt.date(2026, 11, 1),
        next_review=dt.date(2027, 11, 1),
    )
    line = review_line(article, approved)
    assert line == (
        "Reviewed by Dr A Example, general practitioner, on 1 November 2026 · "
        "Next review due November 2027"
    )
    pending = ReviewState("file", last_reviewed_on=dt.date(2026, 10, 1))
    assert review_line(article, pending) == pending_review_words(article, pending)
    assert "changed since it was reviewed on 1 October 2026" in review_line(article, pending)
    pdf = handout_pdf(article, plain_tier(), review_line=line, address=None)
    text = words(run("pdftotext", write(tmp_path, pdf), "-"))
    assert "Reviewed by Dr A Example, general practitioner, on 1 November 2026" in text


# DejaVu Sans: a word's box from pdftotext -bbox is ascent + descent, 1.164 × the font size.
DEJAVU_BOX = 1.164


@needs_tools
@pytest.mark.parametrize("article_id", ARTICLES)
def test_plain_handout_text_above_the_footer_is_at_least_12_points(tmp_path, article_id):
    article = LIBRARY.articles[article_id]
    boxes = run("pdftotext", "-bbox", write(tmp_path, make(article, plain_tier())), "-")
    found = [
        (float(y0), float(y1), word)
        for y0, y1, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            boxes,
        )
    ]
    footer = min(y0 for y0, _, word in found if word == "Made")
    body = [(word, (y1 - y0) / DEJAVU_BOX) for y0, y1, word in found if y0 < footer]
    assert len(body) > 50
    small = [(word, round(size, 1)) for word, size in body if size < 11.9]
    assert not small, small[:10]


def test_the_address_on_paper_is_public_url_when_set(monkeypatch):
    def script() -> None:
        import streamlit as st

        from ui.handout_view import reader_address

        st.write(f"address: {reader_address()}")

    monkeypatch.setenv("PUBLIC_URL", "https://health.example.org/")
    at = AppTest.from_function(script).run()
    assert at.markdown[0].value == "address: https://health.example.org"
    monkeypatch.delenv("PUBLIC_URL")
    at = AppTest.from_function(script).run()
    assert at.markdown[0].value == "address: None"  # AppTest has no browser address
