"""The printable handout: one article at one tier on A4, made offline with fpdf2 and segno.

A patient takes the plain tier home, or a clinician prints it for them. In order: title, the
review line (or the pending-review notice: never hidden on paper), "What you need to know",
"What you can do", the short answer, "How sure are we?" (the sections' headings grouped by
grade, in the tier's words), the tier's disclaimer, the dates, and a QR code with the printed
address of this article at this tier. No chart and no section texts: the page stays short.

No Streamlit here: the page hands in the review line and the address it worked out.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import segno
from fpdf import FPDF

from content.evidence import GRADE_ORDER, NOT_GRADED, SectionEvidence, article_evidence
from content.evidence_words import PATIENT_SENTENCES, grade_words
from content.model import Article
from content.plain_text import plain_text
from content.tiers import plain_tier, tier_info
from content.url_params import PERSONA_PARAM

# Debian's fonts-dejavu-core: covers the accents and symbols in article text, embedded (subset).
FONT_DIR = Path(os.environ.get("HANDOUT_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT = "DejaVu"
PUBLIC_URL_VARIABLE = "PUBLIC_URL"
ARTICLE_PATH = "article"
NO_ADDRESS_NOTE = (
    "For editors: no web address is known, so this handout has no QR code. Set PUBLIC_URL to "
    "the address patients can reach."
)


@dataclass(frozen=True)
class Layout:
    """Type sizes (points) and spacing (mm). The plain tier gets at least 12 pt body text."""

    title: float
    heading: float
    body: float
    small: float
    line: float  # line height, mm
    gap: float  # space before a heading, mm


PLAIN_LAYOUT = Layout(title=20, heading=14, body=12, small=10, line=5.6, gap=3.5)
REFERENCE_LAYOUT = Layout(title=18, heading=13, body=11, small=9, line=5.0, gap=3.0)
# Why a section has no grade, said once for every tier: no study we can rate, or guideline
# advice whose stated certainty is not recorded (issue 17: never "no studies" beside graded advice).
NOT_GRADED_WHY = "no rating we can show"
CERTAINTY_INTRO = "How sure we can be about each part of the full article online:"
MARGIN_MM = 15
# Most pages a handout may take: the plain tier's one, the others' two (key: is it plain?).
MAX_PAGES = {True: 1, False: 2}
QR_MM = 30


class HandoutError(RuntimeError):
    """The handout cannot be made here (for example the fonts are not installed)."""


def handout_file_name(article_id: str, tier: str) -> str:
    """`<article-id>-<tier>.pdf` (ids are slugs, tiers registry names: safe as file names)."""
    return f"{article_id}-{tier}.pdf"


def public_url() -> str | None:
    """PUBLIC_URL when set to an http(s) address, without a trailing slash; else None."""
    return site_address(os.environ.get(PUBLIC_URL_VARIABLE))


def site_address(url: str | None, *, page: bool = False) -> str | None:
    """The app's base address from a URL, or None if it is not http(s).

    `page=True` reads the URL of a page the browser has open (`…/article?id=…`): the page's own
    name and the query are dropped, so an app served under a path prefix keeps it.
    """
    parts = urlsplit((url or "").strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    path = parts.path.rstrip("/")
    if page:
        path = path.rsplit("/", 1)[0] if "/" in path else ""
    return f"{parts.scheme}://{parts.netloc}{path}"


def article_address(base: str, article_id: str, tier: str) -> str:
    """The printed address of one article at one tier (what the QR code holds)."""
    query = urlencode({"id": article_id, PERSONA_PARAM: tier})
    return f"{base.rstrip('/')}/{ARTICLE_PATH}?{query}"


def address_lines(address: str, fits: Callable[[str], bool]) -> list[str]:
    """The address in lines that `fits`, broken only before "?" and "&" (a reader typing it
    from paper sees where a line ends; no letters are split)."""
    parts = re.split(r"(?=[?&])", address)
    lines = [parts[0]]
    for part in parts[1:]:
        if fits(lines[-1] + part):
            lines[-1] += part
        else:
            lines.append(part)
    return lines


def certainty_lines(
    article: Article, tier: str, evidence: Mapping[str, SectionEvidence] | None = None
) -> list[tuple[str, list[str]]]:
    """ "How sure are we?": (grade in the tier's words, the sections' headings), strongest
    grade first; grades no section has are left out."""
    graded = evidence if evidence is not None else article_evidence(article)
    groups: dict[str, list[str]] = {}
    for section in article.sections:
        heading = _one_line(section.heading_for(tier))
        groups.setdefault(graded[section.id].label, []).append(heading)
    lines = []
    for label in reversed(GRADE_ORDER):
        if headings := groups.get(label):
            grade = _grade_heading(grade_words(label, tier))
            if label == NOT_GRADED:
                grade += f" ({NOT_GRADED_WHY})"
            lines.append((grade, headings))
    return lines


def _grade_heading(words: str) -> str:
    """The plain tier's sentence for a grade ("This is probably right"), else the grade's name."""
    sentence = PATIENT_SENTENCES.get(words)
    text = sentence.rstrip(".") if sentence else words
    return text[:1].upper() + text[1:]


def _one_line(text: str) -> str:
    return plain_text(text).replace("\n", " ")


def _bold_marks_only(markdown: str) -> str:
    """Our own Markdown wording (review line, disclaimer) with only its `**bold**` kept: the
    marks fpdf2 would also read (`__`, `--`) cannot appear in it."""
    kept = " ".join(markdown.split()).replace("__", "_").replace("--", "–")
    return kept


class _Handout(FPDF):
    def __init__(self, layout: Layout) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.layout = layout
        if missing := missing_fonts():
            raise HandoutError(
                f"The handout fonts are not installed ({', '.join(missing)} in {FONT_DIR}); "
                "install Debian's fonts-dejavu-core."
            )
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / name))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, MARGIN_MM)
        self.set_text_color(20, 20, 20)

    def text_block(
        self, text: str, size: float, style: str = "", *, bold_marks: bool = False
    ) -> None:
        """A left-aligned paragraph; `bold_marks` draws `**…**` in bold (our own wording only:
        article text goes through plain_text first)."""
        self.set_font(FONT, style, size)
        self.set_x(self.l_margin)
        self.multi_cell(
            0,
            self.layout.line * size / self.layout.body,
            text,
            new_x="LMARGIN",
            align="L",
            markdown=bold_marks,
        )

    def heading(self, text: str) -> None:
        self.ln(self.layout.gap)
        self.text_block(text, self.layout.heading, "B")
        self.ln(0.8)

    def bullets(self, items: list[str], *, bold_marks: bool = False) -> None:
        size = self.layout.body
        for item in items:
            self.set_font(FONT, "", size)
            y = self.get_y()
            self.set_x(self.l_margin)
            self.cell(5, self.layout.line, "•")
            self.set_xy(self.l_margin + 5, y)
            self.multi_cell(
                0, self.layout.line, item, new_x="LMARGIN", align="L", markdown=bold_marks
            )
            self.ln(0.6)

    def qr(self, address: str, x: float, y: float, size: float) -> None:
        """The QR code drawn as squares (vector, sharp at any print size)."""
        code = segno.make(address, error="m", micro=False)
        matrix = list(code.matrix)
        border = 2
        modules = len(matrix) + 2 * border
        step = size / modules
        self.set_fill_color(0, 0, 0)
        for row, cells in enumerate(matrix):
            for col, dark in enumerate(cells):
                if dark:
                    self.rect(x + (col + border) * step, y + (row + border) * step, step, step, "F")


def handout_pdf(
    article: Article,
    tier: str,
    *,
    review_line: str,
    address: str | None,
    made: dt.date | None = None,
    evidence: Mapping[str, SectionEvidence] | None = None,
) -> bytes:
    """The handout as PDF bytes.

    `review_line` is what the page says about review (Markdown allowed), so paper and screen
    use the same words; `address` is this article at this tier (None: no QR code, and a note
    for editors in the footer); `made` is the date printed as the day it was made.
    """
    layout = PLAIN_LAYOUT if tier == plain_tier() else REFERENCE_LAYOUT
    groups = certainty_lines(article, tier, evidence)
    pdf = _draw(article, tier, layout, review_line, groups, address, made, compact=False)
    if pdf.page > MAX_PAGES[tier == plain_tier()]:
        # Too long for its pages with one line per heading: the headings of a grade share a line.
        pdf = _draw(article, tier, layout, review_line, groups, address, made, compact=True)
    return bytes(pdf.output())


def _draw(
    article: Article,
    tier: str,
    layout: Layout,
    review_line: str,
    groups: list[tuple[str, list[str]]],
    address: str | None,
    made: dt.date | None,
    *,
    compact: bool,
) -> _Handout:
    pdf = _Handout(layout)
    pdf.set_title(article.title)
    pdf.set_creator("Health Reader")
    pdf.set_lang("en")
    pdf.add_page()

    pdf.text_block(article.title, layout.title, "B")
    pdf.ln(1.5)
    pdf.text_block(_bold_marks_only(review_line), layout.body, bold_marks=True)

    if points := article.key_points.get(tier):
        pdf.heading("What you need to know")
        pdf.bullets([_one_line(p) for p in points])
    if actions := article.actions.get(tier):
        pdf.heading("What you can do")
        pdf.bullets([_one_line(a) for a in actions])
    if summary := plain_text(article.summary.get(tier)):
        pdf.heading("Short answer")
        pdf.text_block(summary, layout.body)

    pdf.heading("How sure are we?")
    pdf.text_block(CERTAINTY_INTRO, layout.body)
    for grade, headings in groups:
        pdf.ln(1)
        if compact:
            listed = _bold_marks_only("; ".join(headings)).replace("**", "")
            pdf.bullets([f"**{grade}:** {listed}"], bold_marks=True)
        else:
            pdf.text_block(grade, layout.body, "B")
            pdf.bullets(headings)

    pdf.ln(layout.gap)
    pdf.text_block(_bold_marks_only(tier_info(tier).disclaimer), layout.body, bold_marks=True)

    _footer(pdf, article, tier, address, made or dt.date.today())
    return pdf


def _footer(pdf: _Handout, article: Article, tier: str, address: str | None, made: dt.date) -> None:
    """Dates, the address and its QR code, kept together at the end (a new page if needed)."""
    layout = pdf.layout
    dates = f"Made on {made:%-d %B %Y}. Article updated {article.updated:%-d %B %Y}."
    block = QR_MM + 4 if address else 3 * layout.line + 4
    if pdf.get_y() + block > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(3)
    top = pdf.get_y()
    pdf.set_draw_color(120, 120, 120)
    pdf.line(pdf.l_margin, top, pdf.w - pdf.r_margin, top)
    pdf.ln(2)
    if address is None:
        pdf.text_block(dates, layout.small)
        pdf.text_block(NO_ADDRESS_NOTE, layout.small)
        return
    text_width = pdf.w - pdf.l_margin - pdf.r_margin - QR_MM - 4
    y = pdf.get_y()
    pdf.qr(address, pdf.w - pdf.r_margin - QR_MM, y, QR_MM)
    pdf.set_font(FONT, "", layout.small)
    small_line = layout.line * layout.small / layout.body
    pdf.multi_cell(text_width, small_line, dates, new_x="LMARGIN")
    pdf.ln(1)
    pdf.multi_cell(text_width, small_line, "Read this online (scan the code):", new_x="LMARGIN")
    pdf.set_font(FONT, "B", layout.small)
    for line in address_lines(address, lambda part: pdf.get_string_width(part) <= text_width):
        pdf.multi_cell(text_width, small_line, line, new_x="LMARGIN", align="L")


def missing_fonts() -> list[str]:
    """Font files the handout needs that are not installed (empty when it can be made)."""
    return [name for name in FONT_FILES.values() if not (FONT_DIR / name).is_file()]
