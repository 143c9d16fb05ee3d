"""Read-aloud (issue 20): what the engine is handed, the audio it makes, the cache, the page."""

from __future__ import annotations

import io
import re
import shutil
import wave
from collections import Counter
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import content.speech as speech
from content import load_library
from content.citations import CITATION_MARKER
from content.plain_text import spoken_text
from content.tiers import TIER_NAMES

APP = Path(__file__).resolve().parents[1] / "app.py"
LIBRARY = load_library()
ENGINE_MISSING = shutil.which(speech.ENGINE) is None
needs_engine = pytest.mark.skipif(ENGINE_MISSING, reason="espeak-ng is not installed")


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))


def corpus_texts() -> list[tuple[str, str]]:
    texts = []
    for article in LIBRARY.articles.values():
        for tier in TIER_NAMES:
            texts.append((f"{article.id}:{tier}:summary", article.summary.get(tier) or ""))
            for section in article.sections:
                texts.append((f"{article.id}:{tier}:{section.id}", section.tiers.get(tier) or ""))
    return [(name, text) for name, text in texts if text]


def test_markdown_and_citations_are_not_read():
    text = "**Probiotics** may [help](https://example.org) you [1, 2].\n\n- One [3-4]\n- Two"
    assert spoken_text(text) == "Probiotics may help you.\nOne.\nTwo."


def test_spelled_out_abbreviations_are_read_as_the_full_words():
    text = "Antibiotic-associated diarrhoea (AAD) is common; the US Preventive Services Task Force"
    text += " (USPSTF) agrees."
    spoken = spoken_text(text)
    assert "AAD" not in spoken and "USPSTF" not in spoken
    assert "Antibiotic-associated diarrhoea is common" in spoken
    assert spoken_text("It lasts (for a week).") == "It lasts (for a week)."


@pytest.mark.parametrize(("name", "text"), corpus_texts(), ids=lambda v: v[:60])
def test_no_citation_number_is_handed_to_the_engine(monkeypatch, name, text):
    handed: list[str] = []
    monkeypatch.setattr(speech, "engine_version", lambda: "test engine")
    monkeypatch.setattr(speech, "_run_engine", lambda t, s, v: handed.append(t) or b"RIFF")
    speech.speak_markdown(text)
    assert handed, name
    assert not CITATION_MARKER.search(handed[0])
    assert "[" not in handed[0] and "](" not in handed[0]
    # Every number spoken is a number of the text itself, not of a citation marker.
    spoken_numbers = Counter(re.findall(r"\d+", handed[0]))
    text_numbers = Counter(re.findall(r"\d+", CITATION_MARKER.sub(" ", text)))
    assert spoken_numbers <= text_numbers, (name, spoken_numbers - text_numbers)


def _duration(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as audio:
        return audio.getnframes() / audio.getframerate()


@needs_engine
def test_audio_is_a_valid_wav_of_plausible_length():
    article = LIBRARY.articles["probiotics-antibiotic-diarrhoea"]
    text = spoken_text(article.summary.get(TIER_NAMES[0]))
    words = len(text.split())
    normal = speech.synthesise(text, "Normal")
    slower = speech.synthesise(text, "Slower")
    assert normal.startswith(b"RIFF") and normal[8:12] == b"WAVE"
    rate = words / (_duration(normal) / 60)
    assert 100 <= rate <= 220, rate
    assert _duration(slower) > _duration(normal) * 1.1


@needs_engine
def test_audio_is_made_once_then_read_from_the_disk_cache(monkeypatch):
    runs: list[str] = []
    real = speech._run_engine
    monkeypatch.setattr(speech, "_run_engine", lambda *a: runs.append(a[0]) or real(*a))
    first = speech.synthesise("A short test sentence.", "Slower")
    speech.result_cache_flush()
    second = speech.synthesise("A short test sentence.", "Slower")
    assert first == second and len(runs) == 1
    speech.synthesise("A short test sentence.", "Normal")  # another speed is another audio
    assert len(runs) == 2


def test_a_missing_engine_raises_a_clear_error(monkeypatch):
    monkeypatch.setattr(speech.shutil, "which", lambda name: None)
    speech.engine_version.cache_clear()
    try:
        with pytest.raises(speech.SpeechUnavailable, match="not installed"):
            speech.synthesise("Hello.")
    finally:
        speech.engine_version.cache_clear()


def test_an_unknown_speed_is_refused():
    with pytest.raises(ValueError):
        speech.synthesise("Hello.", "Fastest")


# --- On the page ---------------------------------------------------------------------------------


def open_article(persona: str = "patient") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    params = {"id": "probiotics-antibiotic-diarrhoea", "persona": persona}
    at.query_params.update(params)
    at.run()
    at.query_params.update(params)
    at.switch_page("pages/article.py").run()
    return at


def listen_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith("listen_button_")]


@pytest.mark.parametrize("persona", TIER_NAMES)
def test_every_part_has_a_listen_control(persona):
    at = open_article(persona)
    assert not at.exception
    article = LIBRARY.articles["probiotics-antibiotic-diarrhoea"]
    keys = set(listen_buttons(at))
    assert "listen_button_summary" in keys
    if article.key_points.get(persona) or article.actions.get(persona):
        assert "listen_button_points" in keys
    written = [s for s in article.sections if s.tiers.get(persona)]
    assert {f"listen_button_section_{s.id}" for s in written} <= keys
    assert not at.get("audio")  # nothing is made until a reader asks


@needs_engine
def test_listen_plays_audio_at_the_chosen_speed():
    at = open_article()
    at.button(key="listen_button_summary").click().run()
    assert not at.exception
    assert len(at.get("audio")) == 1
    at.get_by_key("listen_speed_summary").set_value("Slower").run()
    assert not at.exception and len(at.get("audio")) == 1
    at.button(key="listen_button_summary").click().run()
    assert not at.get("audio")


def test_a_missing_engine_is_a_message_not_a_traceback(monkeypatch):
    import ui.listen

    monkeypatch.setattr(ui.listen, "engine_path", lambda: None)
    at = open_article()
    at.button(key="listen_button_summary").click().run()
    assert not at.exception
    assert any("Read-aloud is not available" in i.value for i in at.info)
    assert not at.get("audio")
    assert at.get_by_key("short_answer")  # the page is otherwise unchanged
