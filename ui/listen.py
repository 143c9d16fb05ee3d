""" "Listen" controls: a part of the article read aloud in the tier being read, made on the server
(content.speech) only when a reader asks, and played with st.audio from the app's own origin."""

from __future__ import annotations

import streamlit as st

from content.speech import (
    DEFAULT_SPEED,
    SPEEDS,
    SpeechUnavailable,
    engine_path,
    speak_markdown,
)

_OPEN = "listen_open_{}"
POINTS_HEADING = "What you need to know"
ACTIONS_HEADING = "What this means for you"
UNAVAILABLE = (
    "Read-aloud is not available on this server right now. You can still read the page, "
    "or use your device's own read-aloud."
)


def listen(part: str, markdown: str, what: str) -> None:
    """A "Listen" button for one part of the page; pressed, a speed choice and the audio.

    `part` is unique on the page (a key), `markdown` the text to read (citations and Markdown
    are left out by the engine's text), `what` names the part for screen readers ("the short
    answer")."""
    if not markdown.strip():
        return
    is_open = st.session_state.get(_OPEN.format(part), False)
    with st.container(key=f"listen_{part}"):
        st.button(
            "Stop listening" if is_open else "Listen",
            icon=":material/stop_circle:" if is_open else ":material/volume_up:",
            type="tertiary",
            key=f"listen_button_{part}",
            on_click=_flip,
            args=(part,),
            help=f"Hear {what} read aloud.",
        )
        if is_open:
            _player(part, markdown)


def points_and_actions(points: list[str], actions: list[str]) -> str:
    """Key points and actions read together, each list after its heading as on the page."""
    parts = []
    for heading, items in ((POINTS_HEADING, points), (ACTIONS_HEADING, actions)):
        if items:
            parts.append(heading + "\n\n" + "\n".join(f"- {item}" for item in items))
    return "\n\n".join(parts)


def _flip(part: str) -> None:
    key = _OPEN.format(part)
    st.session_state[key] = not st.session_state.get(key, False)


def _player(part: str, markdown: str) -> None:
    if engine_path() is None:
        st.info(UNAVAILABLE, icon=":material/volume_off:")
        return
    speed = st.segmented_control(
        "Reading speed",
        list(SPEEDS),
        default=DEFAULT_SPEED,
        required=True,
        key=f"listen_speed_{part}",
    )
    try:
        with st.spinner("Making the audio…"):
            wav = speak_markdown(markdown, speed or DEFAULT_SPEED)
    except SpeechUnavailable:
        st.info(UNAVAILABLE, icon=":material/volume_off:")
        return
    st.audio(wav, format="audio/wav")
