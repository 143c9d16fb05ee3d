"""Read-aloud: article text as speech, made on the server by Debian's espeak-ng, offline.

The engine is handed plain words only (content.plain_text.spoken_text: no citation markers, no
Markdown, "full words (ABBR)" said as the full words) and returns a WAV file on stdout. Each
result is kept in the disk result cache by text, voice, speed and engine version, so a section
is synthesised once, whoever listens first.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from functools import cache

from cache.results import cached, result_cache
from content.plain_text import spoken_text

ENGINE = "espeak-ng"
# British English: the articles use British spelling ("diarrhoea", "randomised").
VOICE = "en-gb"
# Words a minute handed to the engine (`-s`); 175 is its default and measures about 200-220 wpm
# on short plain text, 140 a comfortable slower pace.
SPEEDS: dict[str, int] = {"Normal": 175, "Slower": 140}
DEFAULT_SPEED = "Normal"
TIMEOUT_S = 120
MAX_CHARS = 25_000  # longer than any section can be (20,000); a runaway text is cut, not read
_FORMAT = 2  # bump when the command or the stored layout changes


class SpeechUnavailable(RuntimeError):
    """The speech engine is not installed or failed: say so, the page goes on without audio."""


def engine_path() -> str | None:
    """Where espeak-ng is, or None when it is not installed."""
    return shutil.which(ENGINE)


@cache
def engine_version() -> str:
    """The engine's version line (part of the cache key: a new engine makes new audio)."""
    path = engine_path()
    if path is None:
        raise SpeechUnavailable(f"{ENGINE} is not installed")
    try:
        done = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise SpeechUnavailable(f"{ENGINE} did not start: {error}") from error
    return done.stdout.strip()


def engine_command(speed: str = DEFAULT_SPEED, voice: str = VOICE) -> list[str]:
    """The command line: the text comes on stdin (never as an argument), the WAV on stdout."""
    path = engine_path() or ENGINE
    return [path, "-v", voice, "-s", str(SPEEDS[speed]), "--stdin", "--stdout"]


def synthesise(text: str, speed: str = DEFAULT_SPEED, voice: str = VOICE) -> bytes:
    """WAV bytes of `text` (already plain words) read at `speed`, from the cache when made
    before. Raises SpeechUnavailable when the engine is missing or fails."""
    if speed not in SPEEDS:
        raise ValueError(f"unknown speed {speed!r}; known: {', '.join(SPEEDS)}")
    text = text[:MAX_CHARS]
    key = [_FORMAT, engine_version(), voice, SPEEDS[speed], text]
    return cached(
        "speech",
        key,
        lambda: _run_engine(text, speed, voice),
        encode=lambda wav: base64.b64encode(wav).decode("ascii"),
        decode=_decode_wav,
    )


def result_cache_flush() -> None:
    """Write buffered cache entries now (tests; the cache flushes by itself within a second)."""
    result_cache().flush()


def speak_markdown(markdown: str, speed: str = DEFAULT_SPEED, voice: str = VOICE) -> bytes:
    """WAV bytes of article Markdown, read as plain words."""
    return synthesise(spoken_text(markdown), speed, voice)


def _decode_wav(stored: str) -> bytes:
    wav = base64.b64decode(stored.encode("ascii"), validate=True)
    if not wav.startswith(b"RIFF"):
        raise ValueError("not a WAV file")
    return wav


def _run_engine(text: str, speed: str, voice: str) -> bytes:
    try:
        done = subprocess.run(
            engine_command(speed, voice),
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise SpeechUnavailable(f"{ENGINE} failed: {error}") from error
    if not done.stdout.startswith(b"RIFF"):
        raise SpeechUnavailable(f"{ENGINE} returned no WAV audio")
    return with_true_sizes(done.stdout)


def with_true_sizes(wav: bytes) -> bytes:
    """A streamed WAV with its sizes written in: espeak-ng writes to a pipe before it knows the
    length, so its header claims hours of audio (players show a wrong duration)."""
    data = wav.find(b"data", 12)
    if data < 0:
        raise SpeechUnavailable(f"{ENGINE} returned a WAV file without audio data")
    fixed = bytearray(wav)
    fixed[4:8] = (len(wav) - 8).to_bytes(4, "little")
    fixed[data + 4 : data + 8] = (len(wav) - data - 8).to_bytes(4, "little")
    return bytes(fixed)
