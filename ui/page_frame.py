"""The page frame every page starts with: page config, the reading level, links that keep it.

The reading level lives in the URL (`?persona=clinician`) and is read from it on every run. A
widget bound to the URL loses it on page switches and writes it without a history entry, so the
frame writes `st.query_params` itself, only when the reader changes the level: that adds a
history entry, and nothing rewrites the address on arrival (Back never lands on a page that
pushes forward again).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from content import TIERS
from content.tiers import plain_tier, tier_label, tier_registry
from content.url_params import LARGE_TEXT, TEXT_PARAM, persona_from_url
from ui.words import PERSONA_KEY, larger_text, library_link, reader_params, text_scale

APP_NAME = "Health Reader"
# A local file, served from the app's own /media: a ":material/...:" page icon makes the browser
# fetch an SVG from another host on every page.
PAGE_ICON = Path(__file__).with_name("page_icon.png")
PERSONA_ASKED_KEY = "persona_asked"
TEXT_KEY = "larger_text"
DEFAULT_PERSONA = plain_tier()
# Labels and offers come from the tier registry (content/tiers.yaml).
PERSONA_NAMES = {name: tier_label(name) for name in tier_registry()}
PERSONA_OFFERS = {name: tier.offers for name, tier in tier_registry().items()}


def frame(
    title: str, *, home: bool = False, ask_persona: bool = True, text_switch: bool = True
) -> str:
    """Page config, sidebar links, the on-page reading-level switch; returns the persona.

    `home` is the library itself, which needs no link back to the library. `ask_persona=False`
    skips the first-visit "Which best describes you?" prompt (the editor page is not for readers).
    `text_switch=False` leaves out the "Larger text" switch (larger text still applies if the
    address asks for it).
    """
    st.set_page_config(
        page_title=f"{title} · {APP_NAME}",
        page_icon=str(PAGE_ICON),
        layout="centered",
        # "auto" starts the sidebar closed at 768 px wide or less: on a phone it covered the page.
        initial_sidebar_state="auto",
    )
    url_value = st.query_params.get(PERSONA_KEY)
    named = persona_from_url(url_value)
    persona = named or DEFAULT_PERSONA
    if named:
        st.session_state[PERSONA_ASKED_KEY] = True  # a link that names a persona is a choice

    _sidebar(persona, home)
    # On a phone, long link labels (an article's title) wrap instead of being cut off, and a
    # table may break a long word rather than push the page sideways.
    st.html(
        "<style>[data-testid=stMain] [data-testid=stPageLink-NavLink] :is(span, div, p) "
        "{white-space: normal; overflow: visible; text-overflow: clip} "
        "[data-testid=stTable] :is(th, td) {white-space: normal; overflow-wrap: anywhere}"
        "</style>"
    )
    if larger_text():
        _larger_text_style()
    with st.container(horizontal=True, vertical_alignment="bottom", key="page_top", gap="medium"):
        if not home:
            library_link(persona, "All articles")
        # The URL decides the control's value on every run; the reader's click writes the URL.
        st.session_state[PERSONA_KEY] = persona
        st.segmented_control(
            "Reading level",
            options=list(TIERS),
            format_func=tier_label,
            key=PERSONA_KEY,
            required=True,
            on_change=_level_changed,
            help="Who the text is written for. Every page follows your choice.",
        )
        if text_switch:
            # Like the level: the URL decides the value, the reader's click writes the URL.
            st.session_state[TEXT_KEY] = larger_text()
            st.toggle(
                "Larger text",
                key=TEXT_KEY,
                on_change=_text_changed,
                help="Bigger letters in the text and the chart. Links you share keep it.",
            )

    if url_value is not None and named is None:
        st.session_state[PERSONA_ASKED_KEY] = True  # one notice is enough; the control is there
        st.info(
            "The reading level in that link wasn't one we know, so you are seeing the "
            f"{tier_label(persona)} view. You can change it under *Reading level* at the top "
            "of the page.",
            icon=":material/info:",
        )
    if ask_persona and not st.session_state.get(PERSONA_ASKED_KEY):
        _persona_prompt()
    return persona


def _sidebar(persona: str, home: bool) -> None:
    """The app's name and its pages, each link carrying the reading level."""
    with st.sidebar:
        st.markdown(f"**{APP_NAME}**")
        if home:
            # A link to the page already open does not navigate in Streamlit: on the library,
            # "all articles" is a button that clears the search, filters and page in the URL.
            st.button(
                "Library: all articles",
                icon=":material/library_books:",
                type="tertiary",
                key="sidebar_all_articles",
                on_click=_clear_library_address,
            )
        else:
            st.page_link(
                "app.py",
                label="Library: all articles",
                icon=":material/library_books:",
                query_params=reader_params(persona),
            )
        st.page_link(
            "pages/about.py",
            label="About the scores and evidence",
            icon=":material/info:",
            query_params=reader_params(persona),
        )
        st.caption(f"Reading level: **{tier_label(persona)}**. {PERSONA_OFFERS[persona]}")


def _clear_library_address() -> None:
    """Everything but the reading level and text size leaves the URL (one history entry)."""
    kept = (PERSONA_KEY, TEXT_PARAM)
    rewrite_url(dict.fromkeys(name for name in st.query_params if name not in kept))


def _text_changed() -> None:
    """The reader switched larger text: write it to the URL, or drop it (a new history entry)."""
    rewrite_url({TEXT_PARAM: LARGE_TEXT if st.session_state[TEXT_KEY] else None})


def _larger_text_style() -> None:
    """Body text (everything sized in rem: text, headings, tables, controls) at the larger
    scale; the chart scales its own labels (ui.charts)."""
    st.html(f"<style>html {{font-size: {text_scale() * 100:.0f}%}}</style>")


def _level_changed() -> None:
    """The reader chose a level: write it to the URL (a new history entry)."""
    _choose(st.session_state[PERSONA_KEY])


def _choose(persona: str) -> None:
    st.query_params[PERSONA_KEY] = persona
    st.session_state[PERSONA_ASKED_KEY] = True


def url_param_changed(key: str, param: str, resets: tuple[str, ...] = ()) -> None:
    """on_change for a widget kept in the URL: write its value, or drop the parameter if empty;
    drop the `resets` parameters too (a new filter starts again at page 1)."""
    value: Any = st.session_state[key]
    empty = value in (None, "", [], ())
    rewrite_url({param: None if empty else value, **dict.fromkeys(resets)})


def rewrite_url(changes: dict[str, Any]) -> None:
    """Set (or, for None, drop) these query parameters, keeping the others, in one write: each
    write to `st.query_params` is a history entry, and Back must not stop halfway."""
    params: dict[str, Any] = {name: st.query_params.get_all(name) for name in st.query_params}
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    st.query_params.from_dict(params)


def kept_in_url(key: str, param: str, value: Any, resets: tuple[str, ...] = ()) -> dict[str, Any]:
    """Widget arguments that keep it in the URL: its state comes from `value` (the validated URL
    value) on every run, and a reader's change writes `param` back (a new history entry) and
    drops the `resets` parameters."""
    st.session_state[key] = value
    return {"key": key, "on_change": url_param_changed, "args": (key, param, resets)}


def _persona_prompt() -> None:
    """First visit without a persona: one line per choice, one click, skipping means patient."""
    with st.container(border=True, key="persona_prompt"):
        st.markdown(
            "**Which best describes you?** We write every article three ways. "
            "You can change this later under *Reading level* at the top of every page."
        )
        for persona in TIERS:
            choice, offer = st.columns([1, 3], vertical_alignment="center")
            choice.button(
                tier_label(persona),
                key=f"choose_{persona}",
                on_click=_choose,
                args=(persona,),
                width="stretch",
            )
            offer.markdown(PERSONA_OFFERS[persona])
        st.button(
            "Skip (show the plain-language view)",
            key="choose_skip",
            on_click=_choose,
            args=(DEFAULT_PERSONA,),
            type="tertiary",
        )


def page_title(title: str) -> None:
    """Retitle the browser tab once the page knows what it shows (e.g. the article's title)."""
    st.set_page_config(page_title=f"{title} · {APP_NAME}")


DISCLAIMERS = {name: tier.disclaimer for name, tier in tier_registry().items()}


def disclaimer(persona: str) -> None:
    st.info(DISCLAIMERS[persona], icon=":material/health_and_safety:")
