"""Scores equal textstat's on clean text, formula by formula and for whole tiers; consensus and
confidence notes behave as documented."""

from __future__ import annotations

import statistics

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st
from textstat.backend import counts

from content.loader import DEFAULT_CONTENT_DIR, load_library
from content.model import TIERS, Article
from readability.assess import assess_tier, tier_clean_text
from readability.clean import clean_markdown
from readability.scores import (
    CONSENSUS_FORMULAS,
    FORMULAS,
    LANG,
    Scores,
    TextCounts,
    count_parts,
    count_text,
    formulas,
    score_clean_text,
    score_markdown,
    scores_from_counts,
)
from readability.sentences import tier_parts
from tests.samples import CLINICAL_TEXT, LONG_PATIENT_TEXT, PLAIN_BULLETS, TEXTSTAT_NAMES


def score_parts(clean_parts: list[str]) -> tuple[list[Scores], Scores]:
    """Scores of each part and of all of them read in a row, from `count_parts`."""
    counts, whole = count_parts(clean_parts)
    return [scores_from_counts(c) for c in counts], scores_from_counts(whole)


@pytest.mark.parametrize("text", [LONG_PATIENT_TEXT, CLINICAL_TEXT, clean_markdown(PLAIN_BULLETS)])
@pytest.mark.parametrize("name", TEXTSTAT_NAMES)
def test_scores_equal_textstat_on_clean_text(text: str, name: str) -> None:
    assert getattr(score_clean_text(text), name) == pytest.approx(getattr(textstat, name)(text))


@pytest.mark.parametrize("text", [LONG_PATIENT_TEXT, CLINICAL_TEXT])
def test_counts_equal_textstat(text: str) -> None:
    scores = score_clean_text(text)
    assert scores.words == textstat.lexicon_count(text)
    assert scores.sentences == textstat.sentence_count(text)
    assert scores.difficult_words == textstat.difficult_words(text)


def test_consensus_is_the_median_of_the_grade_formulas() -> None:
    scores = score_clean_text(CLINICAL_TEXT)
    expected = statistics.median(getattr(scores, name) for name in CONSENSUS_FORMULAS)
    assert scores.consensus_grade == pytest.approx(expected)


def test_clinical_text_grades_well_above_plain_text() -> None:
    plain = score_clean_text(LONG_PATIENT_TEXT).consensus_grade
    clinical = score_clean_text(CLINICAL_TEXT).consensus_grade
    assert plain < 8 < clinical


def test_markdown_is_cleaned_before_scoring() -> None:
    assert score_markdown(PLAIN_BULLETS) == score_clean_text(clean_markdown(PLAIN_BULLETS))
    assert score_markdown(PLAIN_BULLETS).sentences == 3


@pytest.mark.parametrize(
    ("text", "low_confidence", "smog_note"),
    [
        ("A short text with only one sentence in it.", True, True),
        (LONG_PATIENT_TEXT, False, True),
        (" ".join([LONG_PATIENT_TEXT] * 4), False, False),
    ],
    ids=["one-sentence", "eight-sentences", "thirty-two-sentences"],
)
def test_confidence_notes(text: str, low_confidence: bool, smog_note: bool) -> None:
    scores = score_clean_text(text)
    assert scores.low_confidence is low_confidence
    assert any("SMOG" in note for note in scores.notes) is smog_note


def test_reading_ease_is_clamped_for_display_only() -> None:
    scores = score_clean_text(CLINICAL_TEXT)
    assert scores.flesch_reading_ease < 0
    assert scores.flesch_reading_ease_display == 0


def test_empty_text_scores_zero_without_error() -> None:
    scores = score_markdown("")
    assert (scores.words, scores.sentences, scores.consensus_grade) == (0, 0, 0)
    assert scores.low_confidence


def test_another_callers_set_lang_does_not_change_our_scores() -> None:
    before = score_clean_text.__wrapped__(LONG_PATIENT_TEXT)
    try:
        textstat.set_lang("de")
        after = score_clean_text.__wrapped__(LONG_PATIENT_TEXT)
    finally:
        textstat.set_lang("en_US")
    assert after == before


# --- Formulas computed from shared counts equal textstat's, text by text (one row per text) ---

_ARTICLE = load_library(DEFAULT_CONTENT_DIR).articles
_SHIPPED_PARTS = {
    f"{article_id}/{tier}/{part}/{n}": clean_markdown(text)
    for article_id, article in _ARTICLE.items()
    for tier in TIERS
    for part, texts in tier_parts(article, tier)
    for n, text in enumerate(texts)
}
_EDGE_TEXTS = {
    "empty": "",
    "one-short-sentence": "Yes.",
    "no-terminal": "Three words here",
    "contractions-and-quotes": "Don't 'quote' me: it's the patients' choice, isn't it?",
    "digits-and-symbols": "Take 2 tablets (500 mg) at 08:00 - or as advised... Really!",
}
FORMULA_TEXTS = {
    "long-patient": LONG_PATIENT_TEXT,
    "clinical": CLINICAL_TEXT,
    "plain-bullets": clean_markdown(PLAIN_BULLETS),
    **_EDGE_TEXTS,
    **_SHIPPED_PARTS,
}
# Count name -> textstat's own function for it.
TEXTSTAT_COUNTS = {
    "words": textstat.lexicon_count,
    "sentences": textstat.sentence_count,
    "syllables": textstat.syllable_count,
    "letters": textstat.letter_count,
    "polysyllables": textstat.polysyllabcount,
    "long_words": lambda text: counts.count_long_words(text),
    "difficult": textstat.difficult_words,
    "fog_difficult": lambda text: counts.count_difficult_words(text, LANG, 3),
    "dale_chall_difficult": lambda text: counts.count_difficult_words(text, LANG, 0),
}


def _count(c: TextCounts, name: str) -> int:
    value = getattr(c, name)
    return len(value) if isinstance(value, frozenset) else value


@pytest.mark.parametrize("text", FORMULA_TEXTS.values(), ids=FORMULA_TEXTS.keys())
def test_every_formula_equals_textstat(text: str) -> None:
    ours = formulas(count_text(text))
    # The contract's names, spelled out in the tests, in the report's column order.
    assert tuple(ours) == FORMULAS == TEXTSTAT_NAMES
    for name in TEXTSTAT_NAMES:
        assert ours[name] == pytest.approx(getattr(textstat, name)(text)), name


@pytest.mark.parametrize("text", FORMULA_TEXTS.values(), ids=FORMULA_TEXTS.keys())
def test_every_count_equals_textstat(text: str) -> None:
    ours = count_text(text)
    for name, theirs in TEXTSTAT_COUNTS.items():
        assert _count(ours, name) == theirs(text), name


WHOLE_TIERS = [
    pytest.param(article, tier, id=f"{article.id}/{tier}")
    for article in _ARTICLE.values()
    for tier in TIERS
]


@pytest.mark.parametrize(("article", "tier"), WHOLE_TIERS)
def test_whole_tier_figures_from_part_counts_equal_textstat_on_the_whole_text(
    article: Article, tier: str
) -> None:
    # Summary, each key point, each action, then each section: the tier's reading order.
    parts = [clean_markdown(t) for _, texts in tier_parts(article, tier) for t in texts]
    joined = " ".join(p for p in parts if p)
    assert joined == tier_clean_text(article, tier)
    whole = assess_tier(article, tier).whole
    assert whole == score_parts(parts)[1]
    for name in TEXTSTAT_NAMES:
        assert getattr(whole, name) == pytest.approx(getattr(textstat, name)(joined)), name
    assert whole.words == textstat.lexicon_count(joined)
    assert whole.sentences == textstat.sentence_count(joined)
    # Distinct difficult words: a word in two sections counts once, as in the whole text.
    assert whole.difficult_words == textstat.difficult_words(joined)


def test_distinct_difficult_words_are_a_union_not_a_sum() -> None:
    first = "Gastroenterologists examine microbiota. Microbiota vary between people. Yes it does."
    second = "Microbiota respond to gastroenterologists. Diet changes microbiota a lot too."
    parts, whole = score_parts([first, second])
    joined = f"{first} {second}"
    assert whole.difficult_words == textstat.difficult_words(joined)
    assert whole.difficult_words < parts[0].difficult_words + parts[1].difficult_words


@pytest.mark.parametrize(
    "parts",
    [
        ["First part without an ending", "second part goes on here."],
        ["", "Only the second part has text in it."],
        ["One. Two three four.", "", "Five six seven. Eight"],
    ],
    ids=["open-first-part", "empty-first-part", "empty-middle-part"],
)
def test_whole_equals_textstat_even_when_a_part_leaves_a_sentence_open(parts: list[str]) -> None:
    joined = " ".join(p for p in parts if p)
    _, whole = score_parts(parts)
    assert whole.sentences == textstat.sentence_count(joined)
    for name in TEXTSTAT_NAMES:
        assert getattr(whole, name) == pytest.approx(getattr(textstat, name)(joined)), name


def test_scores_survive_the_compact_row_form() -> None:
    scores = score_clean_text(CLINICAL_TEXT)
    assert Scores.from_row(scores.to_row()) == scores
    with pytest.raises(ValueError):
        Scores.from_row(scores.to_row()[:-1])


_PIECES = st.sampled_from(
    [
        "the",
        "Bacteria",
        "microbiota",
        "don't",
        "it's",
        "patients'",
        "'quote'",
        "IL-18",
        "3.5",
        "e.g.",
        "-",
        "...",
        "—",
        "(see",
        "it)",
        ",",
        ".",
        "!",
        "?",
        ":",
        "naïve",
        "co-operate",
        "gut",
        "inflammation",
        "A",
        "x_y",
        '"Stop."',
        "&",
        "50%",
        "$5",
        "x/y",
        "a;b",
        "[1]",
        "~",
        "`code`",
        "rock'n'roll",
        "o'clock",
        "we'll",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join))
def test_counts_equal_textstat_on_arbitrary_text(text: str) -> None:
    ours = count_text(text)
    for name, theirs in TEXTSTAT_COUNTS.items():
        assert _count(ours, name) == theirs(text), name
    for name, value in formulas(ours).items():
        assert value == pytest.approx(getattr(textstat, name)(text)), name


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=15).map(" ".join), min_size=1, max_size=4))
def test_whole_equals_textstat_on_arbitrary_parts(parts: list[str]) -> None:
    joined = " ".join(p for p in parts if p)
    _, whole = score_parts(parts)
    assert (whole.words, whole.sentences, whole.difficult_words) == (
        textstat.lexicon_count(joined),
        textstat.sentence_count(joined),
        textstat.difficult_words(joined),
    )
    for name in TEXTSTAT_NAMES:
        assert getattr(whole, name) == pytest.approx(getattr(textstat, name)(joined)), name
