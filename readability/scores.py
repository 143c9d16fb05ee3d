"""Readability scores with textstat's formulas, computed from counts taken once per text.

textstat recounts a text from scratch for every formula and keeps only 128 results per helper.
Here each clean text is tokenised once, every distinct word is measured once per process
(syllables by textstat's own rule and data: `readability.syllables`), and the seven
formulas are computed from the shared counts. Whole-tier figures are sums of the parts' counts
(distinct difficult words are a union), so a tier's text is never counted twice.
`tests/test_scores.py` proves every formula equals textstat's result on the same clean text.

The language is fixed here (English, as textstat's `en_US`) rather than taken from textstat's
process-wide setting, so no other caller can change our results. Neither textstat nor NLTK is
imported to score: the dictionary and word lists are read on first use, and a warm run served
from the cache never reads them.
"""

from __future__ import annotations

import re
import statistics
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any, NamedTuple

from readability.clean import clean_markdown
from readability.syllables import LANG as LANG  # re-exported for callers comparing to textstat
from readability.syllables import easy_words, word_syllables

# Bump when the meaning of a score changes in a way the source fingerprint cannot see.
SCORER_VERSION = 2
# textstat's seven formulas, by textstat's function names: `formulas` computes each, the report
# has a column for each, and the tests and the benchmark call textstat's function of that name.
FORMULAS: tuple[str, ...] = (
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "smog_index",
    "gunning_fog",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
)
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

# textstat 0.7.13's tokenising rules, as in textstat.backend (see the module docstring there):
# words drop punctuation except contraction apostrophes; letters are word characters; characters
# are everything but whitespace; sentences are runs up to . ! ? with 3+ words.
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
_LONG_WORD_LETTERS = 6  # textstat.count_long_words' default threshold
_POLYSYLLABLE = 3  # SMOG's polysyllables; also Gunning Fog's English difficult-word threshold
_DISTINCT_DIFFICULT = 2  # textstat.difficult_words' default threshold (distinct words)


class TextCounts(NamedTuple):
    """Everything the formulas need from one clean text; parts add up to a whole tier.

    A named tuple: one is built per text scored, and a frozen dataclass took ten times longer
    to build than the counting it records."""

    words: int = 0  # textstat.lexicon_count
    sentence_runs: int = 0  # sentence candidates with 3+ words, before textstat's floor of 1
    syllables: int = 0
    letters: int = 0
    characters: int = 0  # non-space characters (ARI)
    raw_words: int = 0  # whitespace-separated tokens, punctuation included (ARI)
    polysyllables: int = 0  # words of 3+ syllables
    long_words: int = 0  # words of 7+ letters, apostrophes removed
    fog_difficult: int = 0  # every word off the easy list with 3+ syllables (Gunning Fog)
    dale_chall_difficult: int = 0  # every word off the easy list (Dale-Chall)
    difficult: frozenset[str] = frozenset()  # distinct words off the easy list, 2+ syllables
    has_text: bool = False
    # Whether the last sentence ends with . ! or ?; if not, textstat would run it into the next
    # part's first sentence when the parts are joined, so sums would not be exact.
    closed: bool = True

    @property
    def sentences(self) -> int:
        """textstat.sentence_count: 0 for no text, otherwise at least 1."""
        return max(1, self.sentence_runs) if self.has_text else 0


# Each word's figures packed into one integer, one 32-bit lane per figure, so summing a text's
# packed words adds up all five figures in one pass over its tokens. A lane cannot overflow:
# a text within the 1 MB file limit has far fewer than 2**32 words or syllables.
_LANE = 32
_LANE_MASK = (1 << _LANE) - 1
_SYLLABLES, _POLYSYLLABIC, _LONG, _HARD_3, _HARD = (_LANE * lane for lane in range(5))


class _Lexicon:
    """Every distinct word measured once per process, with textstat's own rule.

    Each word's figures are packed into one integer (`_LANE`) and the words that count as
    difficult are kept in a set, so a text is counted with one C-level pass over its tokens
    (`map`) and a set intersection instead of a Python loop per word.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.packed: dict[str, int] = {}
        self.hard_2: set[str] = set()  # off the easy list, 2+ syllables (textstat.difficult_words)

    def learn(self, distinct: set[str]) -> None:
        """Measure the distinct tokens not seen before (as textstat would: lowercased, per word)."""
        new = distinct.difference(self.packed)
        if not new:
            return
        easy = easy_words()
        with self._lock:
            for token in new:
                lower = token.lower()
                known = self.packed.get(lower)
                if known is None:
                    # textstat's `count_syllables(lower)`: the sum over `list_words(lower)`.
                    syllables = sum(map(word_syllables, _tokens(lower)))
                else:
                    syllables = known & _LANE_MASK
                hard = lower not in easy
                if hard and syllables >= _DISTINCT_DIFFICULT:
                    self.hard_2.add(token)
                # Published last: a token in `packed` is fully filed for other threads.
                self.packed[token] = (
                    (syllables << _SYLLABLES)
                    | ((syllables >= _POLYSYLLABLE) << _POLYSYLLABIC)
                    | ((len(lower.replace("'", "")) > _LONG_WORD_LETTERS) << _LONG)
                    | ((hard and syllables >= _POLYSYLLABLE) << _HARD_3)
                    | (hard << _HARD)
                )


_LEXICON = _Lexicon()


# A whitespace-separated chunk survives textstat's punctuation removal as one word exactly when
# it holds a word character (removal never adds or removes whitespace).
_WORD_CHUNK = re.compile(r"\S*\w\S*")
# ASCII characters textstat's punctuation removal deletes: all but letters, digits, "_", "'" and
# whitespace. Deleting bytes is many times faster than the regular expression on ASCII text.
_ASCII_PUNCTUATION = bytes(
    c for c in range(128) if not (chr(c).isalnum() or chr(c).isspace() or chr(c) in "_'")
)


def _tokens(text: str) -> list[str]:
    """textstat's `list_words(text)`: punctuation removed, contraction apostrophes kept."""
    if "'" in text:
        text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    if text.isascii():
        return text.encode("ascii").translate(None, _ASCII_PUNCTUATION).decode("ascii").split()
    return _PUNCTUATION.sub("", text).split()


def _sentence_runs(text: str, every_chunk_is_a_word: bool) -> tuple[int, bool]:
    """textstat's sentence candidates with 3+ words, and whether the last one is closed."""
    runs = _SENTENCE.findall(text)
    if every_chunk_is_a_word:
        words = [len(run.split()) for run in runs]
    else:  # a chunk like "-" or "..." is not a word
        words = [len(_WORD_CHUNK.findall(run)) for run in runs]
    return sum(1 for n in words if n > 2), not runs or runs[-1][-1] in ".!?"


def count_text(text: str) -> TextCounts:
    """Count one clean text (see `clean_markdown`) the way textstat 0.7.13 counts it."""
    if not text:
        return TextCounts()
    tokens = _tokens(text)
    distinct = set(tokens)
    lexicon = _LEXICON
    lexicon.learn(distinct)
    chunks = text.split()
    kept = "".join(tokens)  # every word character of the text, plus contraction apostrophes
    # Each chunk holding a word character is one token, so equal counts mean no bare punctuation.
    sentence_runs, closed = _sentence_runs(text, len(tokens) == len(chunks))
    totals = sum(map(lexicon.packed.__getitem__, tokens))
    return TextCounts(
        words=len(tokens),
        sentence_runs=sentence_runs,
        syllables=(totals >> _SYLLABLES) & _LANE_MASK,
        letters=len(kept) - kept.count("'"),
        characters=len("".join(chunks)),
        raw_words=len(chunks),
        polysyllables=(totals >> _POLYSYLLABIC) & _LANE_MASK,
        long_words=(totals >> _LONG) & _LANE_MASK,
        fog_difficult=(totals >> _HARD_3) & _LANE_MASK,
        dale_chall_difficult=(totals >> _HARD) & _LANE_MASK,
        difficult=frozenset(distinct.intersection(lexicon.hard_2)),
        has_text=True,
        closed=closed,
    )


_SUMMED = (
    "words",
    "sentence_runs",
    "syllables",
    "letters",
    "characters",
    "raw_words",
    "polysyllables",
    "long_words",
    "fog_difficult",
    "dale_chall_difficult",
)


def combine_counts(parts: Sequence[TextCounts]) -> TextCounts:
    """Counts of the parts' clean texts joined by spaces, without counting them again.

    Every figure is a sum except distinct difficult words (a union). Exact as long as every part
    but the last closes its final sentence, which the cleaner guarantees; callers check `closed`.
    """
    present = [p for p in parts if p.has_text]
    if not present:
        return TextCounts()
    totals = {name: sum(getattr(p, name) for p in present) for name in _SUMMED}
    return TextCounts(
        **totals,
        difficult=frozenset().union(*(p.difficult for p in present)),
        has_text=True,
        closed=present[-1].closed,
    )


def formulas(c: TextCounts) -> dict[str, float]:
    """textstat 0.7.13's seven formulas (English), in its order of operations and zero guards."""
    sentences = c.sentences
    per_sentence = c.words / sentences if sentences else 0.0
    syllables_per_word = c.syllables / c.words if c.words else 0.0
    letters_per_100 = (c.letters / c.words if c.words else 0.0) * 100
    sentences_per_100 = (sentences / c.words if c.words else 0.0) * 100
    characters_per_word = c.characters / c.raw_words if c.raw_words else 0.0
    plain = per_sentence == 0 or syllables_per_word == 0
    values = {
        "flesch_kincaid_grade": 0.0
        if plain
        else (0.39 * per_sentence) + (11.8 * syllables_per_word) - 15.59,
        "flesch_reading_ease": 0.0
        if plain
        else 206.835 - 1.015 * per_sentence - 84.6 * syllables_per_word,
        "smog_index": (1.043 * (30 * (c.polysyllables / sentences)) ** 0.5) + 3.1291
        if sentences
        else 0.0,
        "gunning_fog": 0.4 * (per_sentence + 100 * c.fog_difficult / c.words) if c.words else 0.0,
        "coleman_liau_index": 0.0
        if letters_per_100 == 0 or sentences_per_100 == 0
        else (0.058 * letters_per_100) - (0.296 * sentences_per_100) - 15.8,
        "automated_readability_index": 0.0
        if characters_per_word == 0 or per_sentence == 0
        else (4.71 * characters_per_word) + (0.5 * per_sentence) - 21.43,
    }
    if c.words:
        share = 100 * c.dale_chall_difficult / c.words
        dale_chall = (0.1579 * share) + (0.0496 * per_sentence) + (3.6365 if share > 5 else 0.0)
    else:
        dale_chall = 0.0
    values["dale_chall_readability_score"] = dale_chall
    return values


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

    def to_row(self) -> list[Any]:
        """The values in field order: the compact form the score cache stores."""
        return [getattr(self, name) for name in _SCORE_FIELDS]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Scores:
        """Inverse of `to_row`; raises ValueError on a row of the wrong shape."""
        if len(row) != len(_SCORE_FIELDS):
            raise ValueError(f"expected {len(_SCORE_FIELDS)} values, got {len(row)}")
        *values, notes = row  # notes is the last field
        return cls(*values, notes=tuple(notes))


_SCORE_FIELDS = tuple(f.name for f in fields(Scores))


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


def scores_from_counts(counts: TextCounts) -> Scores:
    """The scores of a text from its counts: the seven formulas, consensus and confidence."""
    values = formulas(counts)
    words, sentences = counts.words, counts.sentences
    consensus = statistics.median(values[name] for name in CONSENSUS_FORMULAS) if words else 0.0
    notes = _confidence_notes(words, sentences)
    return Scores(
        **values,
        consensus_grade=consensus,
        words=words,
        sentences=sentences,
        # Distinct words of 2+ syllables off the easy list, as textstat.difficult_words counts.
        difficult_words=len(counts.difficult) if words else 0,
        reading_time_seconds=words / WORDS_PER_MINUTE * 60,
        low_confidence=sentences < STABLE_MIN_SENTENCES or words < STABLE_MIN_WORDS,
        notes=tuple(notes),
    )


@lru_cache(maxsize=8192)
def score_clean_text(text: str) -> Scores:
    """Score text that is already clean prose (see `clean_markdown`)."""
    return scores_from_counts(count_text(text))


def score_markdown(markdown: str | None) -> Scores:
    """Clean article Markdown, then score exactly the prose a reader sees."""
    return score_clean_text(clean_markdown(markdown))


def count_parts(clean_parts: Iterable[str]) -> tuple[list[TextCounts], TextCounts]:
    """Counts of each clean part and of all of them read in a row, counting each part once.

    The whole equals counting `" ".join(clean_parts)`: if a part other than the last leaves its
    final sentence open (never the case for `clean_markdown` output), the joined text's
    sentences are counted directly rather than summed.
    """
    texts = list(clean_parts)
    counts = [count_text(t) for t in texts]
    whole = combine_counts(counts)
    present = [c for c in counts if c.has_text]
    if any(not c.closed for c in present[:-1]):
        joined = count_text(" ".join(t for t in texts if t))
        whole = whole._replace(sentence_runs=joined.sentence_runs, closed=joined.closed)
    return counts, whole
