"""The page frame every page starts with: page config, sidebar links, the persona control."""

from __future__ import annotations

import streamlit as st

from content import TIERS
from content.tiers import tier_registry
from ui.words import PERSONA_KEY

APP_NAME = "Health Reader"
PERSONA_ASKED_KEY = "persona_asked"
DEFAULT_PERSONA = "patient"
# Labels and offers come from the tier registry (content/tiers.yaml).
PERSONA_NAMES = {name: tier.label for name, tier in tier_registry().items()}
PERSONA_OFFERS = {name: tier.offers for name, tier in tier_registry().items()}


def frame(title: str) -> str:
    """Page config, sidebar navigation carrying the persona, the persona control; returns it."""
    st.set_page_config(
        page_title=f"{title} · {APP_NAME}",
        page_icon=":material/menu_book:",
        layout="centered",
        initial_sidebar_state="expanded",
    )
    url_value = st.query_params.get(PERSONA_KEY)
    if url_value in TIERS:
        st.session_state[PERSONA_ASKED_KEY] = True  # a link that names a persona is a choice

    navigation = st.sidebar.container()
    with st.sidebar:
        chosen = st.segmented_control(
            "Reading level",
            options=list(TIERS),
            format_func=str,  # the label is the URL value: ?persona=clinician
            key=PERSONA_KEY,
            default=DEFAULT_PERSONA,
            required=True,
            bind="query-params",
            on_change=_mark_asked,
            help="Who the text is written for. Every page follows your choice.",
        )
        # The option labels are the URL values (lowercase); show them capitalised.
        st.html(f"<style>.st-key-{PERSONA_KEY} button p {{text-transform: capitalize}}</style>")
        # `?persona=` (empty) clears even a required control: read that as the default.
        persona = chosen or DEFAULT_PERSONA
        st.caption(PERSONA_OFFERS[persona])
    with navigation:
        st.markdown(f"**{APP_NAME}**")
        st.page_link(
            "app.py",
            label="Library: all articles",
            icon=":material/library_books:",
            query_params={PERSONA_KEY: persona},
        )
        st.page_link(
            "pages/about.py",
            label="About the scores and evidence",
            icon=":material/info:",
            query_params={PERSONA_KEY: persona},
        )

    if url_value is not None and url_value not in TIERS:
        st.session_state[PERSONA_ASKED_KEY] = True  # one notice is enough; the control is there
        st.info(
            "The reading level in that link wasn't one we know, so you are seeing the "
            f"{PERSONA_NAMES[persona]} view. You can change it under *Reading level* in the "
            "sidebar.",
            icon=":material/info:",
        )
    if not st.session_state.get(PERSONA_ASKED_KEY):
        _persona_prompt()
    return persona


def _mark_asked() -> None:
    st.session_state[PERSONA_ASKED_KEY] = True


def _choose(persona: str) -> None:
    st.session_state[PERSONA_KEY] = persona
    st.session_state[PERSONA_ASKED_KEY] = True


def _persona_prompt() -> None:
    """First visit without a persona: one line per choice, one click, skipping means patient."""
    with st.container(border=True, key="persona_prompt"):
        st.markdown(
            "**Which best describes you?** We write every article three ways. "
            "You can change this later under *Reading level* in the sidebar."
        )
        for persona in TIERS:
            choice, offer = st.columns([1, 3], vertical_alignment="center")
            choice.button(
                PERSONA_NAMES[persona],
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
