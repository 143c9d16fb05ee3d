"""Scores equal textstat's on clean text; consensus and confidence notes behave as documented."""

from __future__ import annotations

import statistics

import pytest
import textstat

from readability.clean import clean_markdown
from readability.scores import CONSENSUS_FORMULAS, score_clean_text, score_markdown
from tests.samples import CLINICAL_TEXT, LONG_PATIENT_TEXT, PLAIN_BULLETS, TEXTSTAT_NAMES


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
