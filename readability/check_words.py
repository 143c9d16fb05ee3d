"""The editorial checks' word lists and limits, read from check_words.yaml and validated.

A typo in the file (an unknown key, a tier that is not registered, a missing list) is an error
naming the file and field, never a silently empty list that would switch a check off.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from cache.data_files import reads_data_files
from content.tiers import tier_registry

CHECK_WORDS_FILE = Path(__file__).with_name("check_words.yaml")
_Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
_Phrases = Annotated[list[_Phrase], Field(min_length=1)]


class CheckWordsFileError(ValueError):
    """check_words.yaml does not match its schema; the message names the file and the field."""


def phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any phrase as whole words, longest phrase first."""
    ordered = sorted(phrases, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


class CheckWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    certainty: _Phrases
    negations: _Phrases
    negation_window: int = Field(ge=0, le=10)
    bare_answers: _Phrases
    answer_qualifiers: _Phrases
    calibrated: _Phrases
    non_human: _Phrases
    everyday_abbreviations: list[_Phrase]
    rare_word_zipf: float = Field(gt=0, lt=8)
    max_sentence_words: dict[str, int]
    tier_gap: float = Field(ge=0, le=10)

    @field_validator("max_sentence_words")
    @classmethod
    def _registered_tiers(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(tier_registry()))
        if unknown:
            raise ValueError(f"unknown tiers {unknown}; tiers are listed in content/tiers.yaml")
        return value

    @cached_property
    def certainty_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(self.certainty)

    @cached_property
    def negation_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(self.negations)

    @cached_property
    def non_human_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(self.non_human)

    @cached_property
    def qualifier_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(self.answer_qualifiers)

    @cached_property
    def bare_answer_pattern(self) -> re.Pattern[str]:
        body = "|".join(re.escape(w) for w in self.bare_answers)
        return re.compile(rf"^\s*(?:{body})\b", re.IGNORECASE)


@reads_data_files
@cache
def check_words(path: Path = CHECK_WORDS_FILE) -> CheckWords:
    """The validated word lists, read once per file (again after `forget_data()`)."""
    try:
        return CheckWords.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise CheckWordsFileError(f"{path}: {exc}") from exc
