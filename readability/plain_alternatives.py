"""Medical and official words with everyday alternatives, read from plain_alternatives.yaml.

The `plain-alternative` check flags them in the plain tiers and the editor's write view offers
the alternatives (`alternatives_for`). A typo in the file (a source that is not listed, an entry
without alternatives, a word listed twice) is an error naming the file and the entry, never a
silently shorter list.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from cache.data_files import reads_data_files
from readability.check_words import phrase_pattern

PLAIN_ALTERNATIVES_FILE = Path(__file__).with_name("plain_alternatives.yaml")
_Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
# libyaml's safe loader reads the list in about a fifth of the pure-Python one's time; both
# build plain data only. PyYAML without libyaml has no CSafeLoader: fall back.
YAML_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PlainAlternativesFileError(ValueError):
    """plain_alternatives.yaml does not match its schema; the message names the file and entry."""


def term_key(phrase: str) -> str:
    """How a written word or phrase is looked up: case-folded, single spaces."""
    return " ".join(phrase.split()).casefold()


class Entry(BaseModel):
    """One headword, the forms matched with it, its everyday alternatives and where they come
    from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: _Phrase
    forms: list[_Phrase] = []
    alternatives: Annotated[list[_Phrase], Field(min_length=1)]
    source: _Phrase
    # A word the more technical plain tiers may use ("randomised"): flagged in the simplest only.
    only_simplest_tier: bool = False

    @property
    def written_forms(self) -> list[str]:
        return [self.term, *self.forms]


class PlainAlternatives(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: Annotated[dict[str, _Text], Field(min_length=1)]
    terms: Annotated[list[Entry], Field(min_length=1)]

    @cached_property
    def by_form(self) -> dict[str, Entry]:
        """Every matched form (and headword), looked up as `term_key` gives it, to its entry."""
        return {term_key(form): entry for entry in self.terms for form in entry.written_forms}

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Any listed form as whole words, longest first; not inside a longer or hyphenated
        word ("oral" in "behavioral" or "pre-oral" stays quiet)."""
        return phrase_pattern(list(self.by_form))

    def entry_for(self, written: str) -> Entry | None:
        return self.by_form.get(term_key(written))


def _problems(data: Any) -> list[str]:
    """Unknown sources and words listed twice, each naming its entry (1-based, as in the file)."""
    if not isinstance(data, dict):
        return []
    sources = data.get("sources") if isinstance(data.get("sources"), dict) else {}
    seen: dict[str, str] = {}
    problems: list[str] = []
    for number, entry in enumerate(data.get("terms") or [], start=1):
        if not isinstance(entry, dict):
            continue
        name = f"entry {number} ({entry.get('term')!r})"
        source = entry.get("source")
        if source is not None and source not in sources:
            problems.append(f"{name}: unknown source {source!r}; sources are {sorted(sources)}")
        forms = [entry.get("term"), *(entry.get("forms") or [])]
        for form in forms:
            if not isinstance(form, str) or not form.strip():
                continue
            key = term_key(form)
            if key in seen:
                problems.append(f"{name}: {form!r} is already listed in {seen[key]}")
            else:
                seen[key] = name
    return problems


def _named(exc: ValidationError, data: Any) -> str:
    """Pydantic's errors with `terms.12` replaced by the entry's number and term."""
    lines = []
    for error in exc.errors():
        loc = list(error["loc"])
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] == "terms" and isinstance(loc[1], int):
            entry = data["terms"][loc[1]]
            term = entry.get("term") if isinstance(entry, dict) else None
            rest = ".".join(str(p) for p in loc[2:])
            where = f"entry {loc[1] + 1} ({term!r})" + (f": {rest}" if rest else "")
        lines.append(f"{where}: {error['msg']}")
    return "; ".join(lines)


@reads_data_files
@cache
def plain_alternatives(path: Path = PLAIN_ALTERNATIVES_FILE) -> PlainAlternatives:
    """The validated list, read once per file (again after `forget_data()`)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise PlainAlternativesFileError(f"{path}: {exc}") from exc
    try:
        parsed = PlainAlternatives.model_validate(data)
    except ValidationError as exc:
        raise PlainAlternativesFileError(f"{path}: {_named(exc, data)}") from exc
    if problems := _problems(data):
        raise PlainAlternativesFileError(f"{path}: " + "; ".join(problems))
    return parsed


def alternatives_for(term: str) -> list[str]:
    """The everyday alternatives for a word or phrase as written ("Hypertension",
    "administered"), best first; empty when the list does not know it."""
    entry = plain_alternatives().entry_for(term)
    return list(entry.alternatives) if entry else []
