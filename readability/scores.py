"""Readability scores from textstat, with a consensus grade and honest confidence notes.

textstat's module-level object holds a process-wide language setting; we call its pure backend
functions with an explicit language instead, so no other caller can change our results.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from textstat.backend import counts, metrics

from readability.clean import clean_markdown
from readability.dictionary import ensure_cmudict

LANG = "en_US"
# The grade-level formulas the consensus combines: the median, so one formula that overreacts to
# a text's quirks (SMOG on few sentences, Coleman-Liau on long drug names) cannot swing it.
CONSENSUS_FORMULAS: tuple[str, ...] = (
    "flesch_kincaid_grade",
    "smog_index",
    "gunning_fog",
    "coleman_liau_index",
    "automated_readability_index",
)
SMOG_MIN_SENTENCES = 30  # SMOG was calibrated on 30-sentence samples
STABLE_MIN_SENTENCES = 4  # on 1-3 sentences most formulas swing about ±3 grades
STABLE_MIN_WORDS = 30
# Brysbaert (2019), "How many words do we read per minute?", Journal of Memory and Language:
# adults read English non-fiction silently at about 238 words a minute. textstat's own
# reading_time (14.69 ms per character) works out near 700, three times too fast for a reader.
WORDS_PER_MINUTE = 238


@dataclass(frozen=True)
class Scores:
    """Exact values (rounded only for display); names follow textstat's."""

    flesch_kincaid_grade: float
    flesch_reading_ease: float
    smog_index: float
    gunning_fog: float
    coleman_liau_index: float
    automated_readability_index: float
    dale_chall_readability_score: float
    consensus_grade: float
    words: int
    sentences: int
    difficult_words: int
    reading_time_seconds: float
    low_confidence: bool
    notes: tuple[str, ...] = ()

    @property
    def flesch_reading_ease_display(self) -> float:
        """Flesch Reading Ease clamped to its 0-100 scale, for display only."""
        return min(100.0, max(0.0, self.flesch_reading_ease))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _confidence_notes(words: int, sentences: int) -> list[str]:
    notes = []
    if sentences < STABLE_MIN_SENTENCES or words < STABLE_MIN_WORDS:
        notes.append(
            f"Only {sentences} sentence(s) and {words} words: grades can be off by about 3."
        )
    if sentences < SMOG_MIN_SENTENCES:
        notes.append(
            f"SMOG is defined on {SMOG_MIN_SENTENCES}+ sentences; this text has {sentences}."
        )
    return notes


@lru_cache(maxsize=8192)
def score_clean_text(text: str) -> Scores:
    """Score text that is already clean prose (see `clean_markdown`)."""
    ensure_cmudict()
    words = counts.count_words(text)
    sentences = counts.count_sentences(text)
    values = {
        "flesch_kincaid_grade": metrics.flesch_kincaid_grade(text, LANG),
        "flesch_reading_ease": metrics.flesch_reading_ease(text, LANG),
        "smog_index": metrics.smog_index(text, LANG),
        "gunning_fog": metrics.gunning_fog(text, LANG),
        "coleman_liau_index": metrics.coleman_liau_index(text),
        "automated_readability_index": metrics.automated_readability_index(text),
        "dale_chall_readability_score": metrics.dale_chall_readability_score(text, LANG),
    }
    consensus = statistics.median(values[name] for name in CONSENSUS_FORMULAS) if words else 0.0
    notes = _confidence_notes(words, sentences)
    return Scores(
        **values,
        consensus_grade=consensus,
        words=words,
        sentences=sentences,
        # Distinct words of 2+ syllables off the easy list, as textstat.difficult_words counts.
        difficult_words=counts.count_difficult_words(text, LANG, 2, True) if words else 0,
        reading_time_seconds=words / WORDS_PER_MINUTE * 60,
        low_confidence=bool(
            notes and (sentences < STABLE_MIN_SENTENCES or words < STABLE_MIN_WORDS)
        ),
        notes=tuple(notes),
    )


def score_markdown(markdown: str | None) -> Scores:
    """Clean article Markdown, then score exactly the prose a reader sees."""
    return score_clean_text(clean_markdown(markdown))
