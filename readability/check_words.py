"""The editorial checks' word lists and limits, read from check_words.yaml and validated.

A typo in the file (an unknown key, a tier that is not registered, a missing list) is an error
naming the file and field, never a silently empty list that would switch a check off.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from cache.data_files import reads_data_files
from content.tiers import tier_registry

_M = TypeVar("_M", bound=BaseModel)
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


# The grades a certainty phrase may require, weakest first ("any" allows every grade), and
# the grades GRADE's plain words are given for.
PHRASE_GRADES = ("any", "Very low", "Low", "Moderate", "High")
SUGGESTION_GRADES = ("Not graded", "Very low", "Low", "Moderate", "High")


class CheckWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    certainty: dict[str, _Phrases]
    comparisons: list[_Phrase]
    negations: _Phrases
    negation_window: int = Field(ge=0, le=10)
    bare_answers: _Phrases
    answer_qualifiers: _Phrases
    grade_words: dict[str, _Phrases]
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

    @field_validator("certainty")
    @classmethod
    def _phrase_grades(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - set(PHRASE_GRADES))
        if unknown:
            raise ValueError(f"unknown grades {unknown}; use {list(PHRASE_GRADES)}")
        seen: dict[str, str] = {}
        for grade, phrases in value.items():
            for phrase in phrases:
                key = phrase.casefold()
                if key in seen and seen[key] != grade:
                    raise ValueError(f"{phrase!r} is listed under both {seen[key]} and {grade}")
                seen[key] = grade
        return value

    @field_validator("grade_words")
    @classmethod
    def _every_grade_has_words(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if set(value) != set(SUGGESTION_GRADES):
            raise ValueError(f"give words for exactly {list(SUGGESTION_GRADES)}")
        return value

    @cached_property
    def certainty_pattern(self) -> re.Pattern[str]:
        """Every judged phrase (those that need more than `any` grade)."""
        return phrase_pattern(
            [p for grade, phrases in self.certainty.items() if grade != "any" for p in phrases]
        )

    @cached_property
    def phrase_grade(self) -> dict[str, str]:
        """Each judged phrase, case-folded with single spaces, to the lowest grade allowing it."""
        return {
            " ".join(p.split()).casefold(): grade
            for grade, phrases in self.certainty.items()
            if grade != "any"
            for p in phrases
        }

    def grade_needed(self, phrase: str) -> str:
        """The lowest grade a matched phrase needs ("High" for "shows")."""
        return self.phrase_grade[" ".join(phrase.split()).casefold()]

    @cached_property
    def comparison_pattern(self) -> re.Pattern[str]:
        return phrase_pattern(self.comparisons or ["\0"])

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


def read_validated(path: Path, model: type[_M], error: type[Exception]) -> _M:
    """A YAML data file validated by `model`; any problem raised as `error` naming the file."""
    try:
        return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise error(f"{path}: {exc}") from exc


@reads_data_files
@cache
def check_words(path: Path = CHECK_WORDS_FILE) -> CheckWords:
    """The validated word lists, read once per file (again after `forget_data()`)."""
    return read_validated(path, CheckWords, CheckWordsFileError)
