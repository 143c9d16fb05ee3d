"""The article page's handout buttons: "Print or save as PDF" for the tier being read, and on
the reference tier "Handout for your patient" (the plain tier). The PDF is made only when a
reader presses the button (a callable), by content.handout."""

from __future__ import annotations

import streamlit as st

import ui.cached
from content import Article
from content.handout import (
    article_address,
    handout_file_name,
    handout_pdf,
    missing_fonts,
    public_url,
    site_address,
)
from content.tiers import plain_tier, reference_tier
from ui.words import review_line


def reader_address() -> str | None:
    """The app's address for paper: PUBLIC_URL when set, else the one this reader's browser
    used (None under AppTest, or when neither is known)."""
    return public_url() or site_address(st.context.url, page=True)


def handout_buttons(article: Article, persona: str) -> None:
    """One download per handout this reader can take; a note instead if the fonts are missing."""
    if missing := missing_fonts():
        st.caption(
            f":material/print_disabled: The printable handout is not available on this server "
            f"(missing fonts: {', '.join(missing)})."
        )
        return
    base = reader_address()
    with st.container(horizontal=True, key="handout", gap="small"):
        _download("Print or save as PDF", article, persona, base, ":material/print:")
        if persona == reference_tier() and plain_tier() != persona:
            _download(
                "Handout for your patient", article, plain_tier(), base, ":material/description:"
            )


def _download(label: str, article: Article, tier: str, base: str | None, icon: str) -> None:
    # Everything the callable needs is worked out now: it runs on another thread, later.
    line = review_line(article)
    address = article_address(base, article.id, tier) if base else None
    evidence = ui.cached.evidence(article.id)

    def make() -> bytes:
        return handout_pdf(article, tier, review_line=line, address=address, evidence=evidence)

    st.download_button(
        label,
        data=make,
        file_name=handout_file_name(article.id, tier),
        mime="application/pdf",
        icon=icon,
        on_click="ignore",
        key=f"handout_{tier}",
        help="An A4 page to print or keep: key points, what you can do, how sure we are, "
        "and a QR code back to this page.",
    )
