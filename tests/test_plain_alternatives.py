"""`plain-alternative`: medical and official words with everyday alternatives (issue 19).

Planted words fire with their alternatives named, explained or embedded words stay quiet, the
data file is validated with errors naming the entry, and a labelled set of sentences keeps the
false-flag rate below 1 in 10.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from content.tiers import plain_tier, plain_tiers, reference_tier
from readability.checks import RULES, SEVERITY, Finding
from readability.checks.alternatives import plain_alternative_findings
from readability.checks.text_rules import check_text, text_sentences
from readability.plain_alternatives import (
    PLAIN_ALTERNATIVES_FILE,
    YAML_LOADER,
    PlainAlternativesFileError,
    alternatives_for,
    plain_alternatives,
)
from readability.sentences import part_sentences
from tests.test_checks import article, found

RULE = "plain-alternative"
LABELLED = Path(__file__).parent / "fixtures" / "plain_alternative_sentences.yaml"


def flagged(text: str, tier: str | None = None) -> list[Finding]:
    return [f for f in check_text(text, tier or plain_tier()) if f.rule == RULE]


def terms(text: str, tier: str | None = None) -> list[str]:
    return [f.term or "" for f in flagged(text, tier)]


# --- the rule --------------------------------------------------------------------------------


def test_the_rule_is_registered_as_a_warning() -> None:
    assert RULE in RULES and SEVERITY[RULE] == "warning"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Hypertension raises the risk of stroke. Renal damage can follow.",
            ["Hypertension", "Renal"],
            id="several-terms",
        ),
        pytest.param("The nurse administered two doses.", ["administered"], id="inflected"),
        pytest.param("Please utilise the form.", ["utilise"], id="british-spelling"),
        pytest.param("Stop prior to surgery.", ["prior to"], id="phrase"),
        pytest.param("Stop prior\nto surgery.", ["prior to"], id="phrase-across-a-line-break"),
        pytest.param(
            "Adverse effects were rare, and adverse events were mild.",
            ["Adverse effects"],
            id="forms-of-one-entry-count-once-per-part",
        ),
        pytest.param("In order to sleep, keep a bedtime.", ["In order to"], id="phrase-at-start"),
    ],
)
def test_plain_alternative_fires(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_the_finding_names_the_alternatives_and_the_term_as_written() -> None:
    (finding,) = flagged("Hypertension raises the risk of stroke.")
    assert finding.message.startswith(
        '"Hypertension" has everyday alternatives: high blood pressure.'
    )
    assert finding.term == "Hypertension"
    assert finding.excerpt == "Hypertension raises the risk of stroke."
    assert finding.to_dict()["term"] == "Hypertension"
    (finding,) = flagged("Adverse reactions were rare.")
    assert "harm" in finding.message and "side effect" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Hypertension (high blood pressure) raises the risk.", id="explained-after"),
        pytest.param("High blood pressure (hypertension) has no signs.", id="explained-before"),
        pytest.param("This is called osteoporosis. It makes bones weak.", id="called"),
        pytest.param("Osteoporosis means your bones break easily.", id="means"),
        pytest.param("Moral support helps. Coral is pretty. Behavioral change.", id="inside"),
        pytest.param("The pre-oral checks and the non-adverse list.", id="hyphenated-word"),
        pytest.param("Walk every day. It helps your heart.", id="plain"),
    ],
)
def test_plain_alternative_stays_quiet(text: str) -> None:
    assert flagged(text) == []


def test_the_reference_tier_is_not_judged() -> None:
    assert flagged("Hypertension raises the risk. Prior to surgery, fast.", reference_tier()) == []


def test_official_words_are_judged_in_every_plain_tier() -> None:
    for tier in plain_tiers():
        assert terms("Prior to surgery, do not eat.", tier) == ["Prior to"], tier


def test_words_a_student_learns_are_judged_in_the_simplest_tier_only() -> None:
    """`only_simplest_tier` entries ("randomised") fire in the simplest tier, not in the more
    technical plain tiers; clinical jargon ("dyspnoea") fires in all of them."""
    text = "People were randomised. Dyspnoea got worse."
    assert terms(text) == ["randomised", "Dyspnoea"]
    for tier in plain_tiers()[1:]:
        assert terms(text, tier) == ["Dyspnoea"], tier


def test_each_term_once_per_part_of_a_tier() -> None:
    """Once per part: a reader may open any section alone; within a part, first use only."""
    tier = plain_tier()
    sentences = part_sentences(
        tier, "one", ["Take the medication. Keep the medication cool."]
    ) + part_sentences(tier, "two", ["The medication helps."])
    found_here = list(plain_alternative_findings("a", tier, sentences))
    assert [(f.section, f.excerpt) for f in found_here] == [
        ("one", "Take the medication."),
        ("two", "The medication helps."),
    ]


def test_an_explanation_in_another_part_does_not_count() -> None:
    tier = plain_tier()
    sentences = part_sentences(tier, "one", ["Hypertension (high blood pressure) is common."])
    sentences += part_sentences(tier, "two", ["Hypertension can be treated."])
    assert [f.section for f in plain_alternative_findings("a", tier, sentences)] == ["two"]


def test_a_glossary_entry_does_not_exempt_a_word_in_an_article() -> None:
    """The patient reads the sentence, not the glossary."""
    planted = article(
        patient="- Hypertension raises the risk of stroke. [1]",
        glossary={"hypertension": "high blood pressure"},
    )
    (finding,) = found(RULE, planted)
    assert finding.tier == plain_tier() and finding.term == "Hypertension"


def test_pasted_text_and_article_text_get_the_same_findings() -> None:
    text = "Hypertension raises the risk of stroke."
    planted = article(patient=f"- {text} [1]")
    assert [f.message for f in found(RULE, planted)] == [f.message for f in flagged(text)]


# --- alternatives_for ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("hypertension", ["high blood pressure"]),
        ("Hypertension", ["high blood pressure"]),
        ("administered", ["give"]),
        ("utilise", ["use"]),
        ("prior  to", ["before"]),
        ("walk", []),
        ("", []),
    ],
)
def test_alternatives_for(term: str, expected: list[str]) -> None:
    assert alternatives_for(term) == expected


def test_alternatives_for_returns_a_copy() -> None:
    alternatives_for("utilise").append("x")
    assert alternatives_for("utilise") == ["use"]


# --- the data file ---------------------------------------------------------------------------


def test_the_list_has_at_least_300_entries_each_with_a_known_source() -> None:
    data = plain_alternatives()
    assert len(data.terms) >= 300
    assert {entry.source for entry in data.terms} <= set(data.sources)
    assert all(entry.alternatives for entry in data.terms)
    assert set(data.sources) == {entry.source for entry in data.terms}  # no unused source


def test_no_alternative_is_itself_on_the_list() -> None:
    """Suggesting a listed word, even inside a longer alternative ("have a bowel movement"),
    would send the editor round in circles."""
    data = plain_alternatives()
    circular = [
        (entry.term, alt)
        for entry in data.terms
        for alt in entry.alternatives
        if data.pattern.search(alt)
    ]
    assert circular == []


def _write(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(PLAIN_ALTERNATIVES_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "plain_alternatives.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _set(index: int, key: str, value: Any) -> Any:
    return lambda data: data["terms"][index].update({key: value})


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            _set(0, "source", "nowhere"), "entry 1 ('administer'): unknown source", id="source"
        ),
        pytest.param(
            _set(1, "alternatives", []), "entry 2 ('accompany'): alternatives", id="empty"
        ),
        pytest.param(_set(2, "term", "administer"), "entry 3 ('administer')", id="duplicate"),
        pytest.param(
            _set(2, "forms", ["administered"]), "'administered' is already listed", id="dup-form"
        ),
        pytest.param(_set(0, "colour", "red"), "entry 1 ('administer'): colour", id="unknown-key"),
        pytest.param(lambda data: data.pop("sources"), "sources", id="no-sources"),
    ],
)
def test_a_broken_data_file_names_the_file_and_the_entry(
    tmp_path: Path, change: Any, expected: str
) -> None:
    path = _write(tmp_path, change)
    with pytest.raises(PlainAlternativesFileError) as error:
        plain_alternatives(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_the_shipped_file_loads_the_same_with_both_safe_loaders() -> None:
    text = PLAIN_ALTERNATIVES_FILE.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=YAML_LOADER) == yaml.safe_load(text)
    assert YAML_LOADER in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader)
    assert plain_alternatives() is plain_alternatives()  # read once per process


# --- calibration -----------------------------------------------------------------------------


def test_false_flag_rate_on_labelled_sentences_is_below_one_in_ten() -> None:
    """Flags not in a sentence's label, over all flags, on at least 100 labelled sentences."""
    labelled = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["sentences"]
    assert len(labelled) >= 100
    assert sum(1 for item in labelled if not item["flag"]) >= 40
    tier = plain_tier()
    flags = wrong = missed = 0
    for item in labelled:
        got = [
            f.term
            for f in plain_alternative_findings("-", tier, text_sentences(item["text"], tier))
        ]
        flags += len(got)
        wrong += sum(1 for term in got if term not in item["flag"])
        missed += sum(1 for term in item["flag"] if term not in got)
    labelled_flags = sum(len(item["flag"]) for item in labelled)
    print(
        f"plain-alternative: {wrong}/{flags} flags wrong ({wrong / flags:.1%}); "
        f"{missed}/{labelled_flags} labelled terms missed"
    )
    assert wrong / flags < 0.1
    assert missed / labelled_flags < 0.1
