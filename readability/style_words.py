"""The style checks' word lists and limits, read from style_words.yaml and validated.

`passive-voice` and `long-paragraph` read their words and limits here, so an editor tunes them
in the data file. A typo in the file (an unknown key, a missing list) is an error naming the file
and the field, never a silently empty list that would switch a check off.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cache.data_files import reads_data_files
from readability.check_words import read_validated

STYLE_WORDS_FILE = Path(__file__).with_name("style_words.yaml")
_Word = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=40)
]
# Sets: the finder asks "is this word in the list?" for every word of every sentence.
_Words = Annotated[frozenset[_Word], Field(min_length=1)]
_MaybeWords = frozenset[_Word]


class StyleWordsFileError(ValueError):
    """style_words.yaml does not match its schema; the message names the file and the field."""


class StyleWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    be_forms: _Words
    get_forms: _Words
    contraction_subjects: _Words
    contraction_endings: _Words
    adverbs: _Words
    max_adverbs: int = Field(ge=0, le=5)
    not_adverbs: _MaybeWords
    irregular_participles: _Words
    not_participles: _MaybeWords
    un_verbs: _MaybeWords
    adjectival: _MaybeWords
    fixed_phrases: list[_Word]
    not_passive_after_get: _MaybeWords
    agent_word: _Word
    takes_complement: _MaybeWords
    function_words: _Words
    auxiliaries: _MaybeWords
    active_forms: dict[_Word, Annotated[str, StringConstraints(min_length=1, max_length=60)]]
    max_paragraph_sentences: int = Field(ge=1, le=50)
    max_paragraph_words: int = Field(ge=10, le=1000)

    @cached_property
    def verbs(self) -> frozenset[str]:
        """Every form of "be" and "get" that can start a passive."""
        return frozenset(self.be_forms) | frozenset(self.get_forms)

    @cached_property
    def fixed(self) -> frozenset[tuple[str, str]]:
        """(participle, next word) pairs that are fixed phrases, not passives."""
        return frozenset(tuple(p.split(maxsplit=1)) for p in self.fixed_phrases)  # type: ignore[misc]


@reads_data_files
@cache
def style_words(path: Path = STYLE_WORDS_FILE) -> StyleWords:
    """The validated word lists, read once per file (again after `forget_data()`)."""
    return read_validated(path, StyleWords, StyleWordsFileError)
