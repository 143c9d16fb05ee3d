"""One sentence list per tier, in reading order, mapped to its part; the same prose as scored."""

from __future__ import annotations

import pytest

from content.loader import load_library
from content.model import TIERS, Article
from readability.assess import assess_tier, tier_markdown
from readability.clean import clean_markdown
from readability.scores import score_clean_text
from readability.sentences import article_sentences, hardest_sentences, split_sentences
from tests.samples import valid_article


def sample(**changes: object) -> Article:
    return Article.model_validate(valid_article(**changes))


def test_sentences_follow_reading_order_and_name_their_part() -> None:
    article = sample(
        key_points={"patient": ["Point one is short.", "Point two. It has two sentences."]},
        actions={"patient": ["Ask your doctor."]},
    )
    got = [(s.part, s.index, s.text) for s in article_sentences(article, "patient")]
    assert got == [
        ("summary", 0, "Yes, it does."),
        ("key_points", 0, "Point one is short."),
        ("key_points", 1, "Point two."),
        ("key_points", 2, "It has two sentences."),
        ("actions", 0, "Ask your doctor."),
        ("first-section", 0, "A short line for patients."),
        ("second-section", 0, "Tests in mice."),
    ]
    assert {s.tier for s in article_sentences(article, "patient")} == {"patient"}


def test_a_sentence_keeps_the_markdown_block_it_came_from() -> None:
    text = "Intro para here. Second sentence.\n\n- Item *one* [1]\n  goes on.\n- Item two."
    article = sample(
        sections=[{"id": "only", "heading": "Only", "tiers": {"patient": text, "student": "S."}}]
    )
    sentences = [s for s in article_sentences(article, "patient") if s.part == "only"]
    assert [(s.text, s.markdown) for s in sentences] == [
        ("Intro para here.", "Intro para here. Second sentence."),
        ("Second sentence.", "Intro para here. Second sentence."),
        ("Item one goes on.", "- Item *one* [1]\n  goes on."),
        ("Item two.", "- Item two."),
    ]


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("Foods, eg beans, help. Yes.", ["Foods, eg beans, help.", "Yes."]),
        ("Take 2,5 mg daily.", ["Take 2,5 mg daily."]),
    ],
)
def test_split_sentences(prose: str, expected: list[str]) -> None:
    assert split_sentences(prose) == expected


@pytest.mark.parametrize("tier", TIERS)
def test_sentences_are_exactly_the_scored_prose(tier: str) -> None:
    """The rules and the hardest-sentence view read what the formulas read, nothing else."""
    article = load_library().articles["gut-brain-axis"]
    joined = " ".join(s.text for s in article_sentences(article, tier))
    assert joined == clean_markdown(tier_markdown(article, tier))
    whole, direct = assess_tier(article, tier).whole, score_clean_text(joined)
    assert (whole.words, whole.sentences) == (direct.words, direct.sentences)
    assert whole.consensus_grade == pytest.approx(direct.consensus_grade)


def test_hardest_sentences_come_first_with_their_own_grade() -> None:
    article = load_library().articles["gut-brain-axis"]
    hardest = hardest_sentences(article, "patient", limit=5)
    assert len(hardest) == 5
    grades = [grade for _, grade in hardest]
    assert grades == sorted(grades, reverse=True)
    for sentence, grade in hardest:
        assert grade == score_clean_text(sentence.text).consensus_grade
    everything = [
        score_clean_text(s.text).consensus_grade for s in article_sentences(article, "patient")
    ]
    assert grades[0] == max(everything)
