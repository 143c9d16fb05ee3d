"""The writing desk's analysis (`readability.analysis`) and `readability check -` (issue 19)."""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from content.evidence import GRADE_ORDER, article_evidence
from content.loader import load_library
from content.model import Article
from content.tiers import plain_tier, plain_tiers, reference_tier
from readability.analysis import (
    Span,
    analyse,
    highlighted_html,
    jargon_words,
    list_items,
    part_text,
    with_part_text,
)
from readability.checks import Finding
from readability.checks.text_rules import NO_ARTICLE
from readability.cli import main as readability_main
from tests.test_cli import FINDING_KEYS, run_module

FROZEN = Path(__file__).resolve().parent / "fixtures" / "frozen" / "gut-brain-axis.yaml"


def marked(analysis_text: str, spans: tuple[Span, ...], rule: str) -> list[str]:
    return [analysis_text[s.start : s.end] for s in spans if s.rule == rule]


# --- spans ----------------------------------------------------------------------------------------


def test_spans_land_on_the_flagged_words_through_markdown() -> None:
    text = (
        "Taking it gave a **58 % lower risk** [1]. Some people have *IBS*.\n\n"
        "- Tryptase rises after meals. [2]"
    )
    result = analyse(text, plain_tier())
    assert {f.rule for f in result.findings} >= {"relative-risk", "abbreviation", "rare-word"}
    assert marked(text, result.spans, "relative-risk") == ["58 % lower risk"]
    assert marked(text, result.spans, "abbreviation") == ["IBS"]
    assert marked(text, result.spans, "rare-word") == ["Tryptase"]
    for span in result.spans:
        finding = next(f for f in result.findings if f.rule == span.rule)
        assert span.message == finding.message


def test_a_finding_without_a_term_marks_its_whole_sentence() -> None:
    text = (
        "Walk daily.\nGut bacteria make **small chemicals** [1] that can reach the brain through "
        "the blood,\nthe nerves of the belly and the [immune system](https://example.org), which "
        "some researchers think may change how people feel from day to day. Rest well."
    )
    result = analyse(text, plain_tier())
    (sentence,) = marked(text, result.spans, "long-sentence")
    assert sentence.startswith("Gut bacteria make **small")
    assert sentence.endswith("from day to day.")


def test_a_word_inside_a_longer_word_is_not_marked() -> None:
    """The term is found as a whole word: "age" in "average" is not "age"."""
    finding = Finding(NO_ARTICLE, plain_tier(), "text", "warning", "rare-word", "m", "", term="age")
    (span,) = analyse_spans("On average, age matters.", [finding])
    assert "On average, age matters."[span.start : span.end] == "age"
    assert span.start == len("On average, ")


def analyse_spans(text: str, findings: list[Finding]) -> list[Span]:
    from readability.analysis import finding_spans

    return finding_spans(text, findings)


def test_an_excerpt_not_in_the_text_has_no_span() -> None:
    finding = Finding("a", plain_tier(), "other", "warning", "long-sentence", "m", "Not here.")
    assert analyse_spans("Something else entirely.", [finding]) == []


# --- HTML -----------------------------------------------------------------------------------------


def test_highlighted_html_escapes_everything_from_the_text() -> None:
    text = 'Tryptase <script>alert("x")</script> & <img src=x onerror=alert(1)> rises.'
    result = analyse(text, plain_tier())
    out = highlighted_html(text, result.spans)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x" in out and "&amp;" in out
    assert re.findall(r"<(\w+)", out) == ["mark"] * len(result.spans)
    assert '<mark class="finding finding-rare-word finding-warning" title="' in out


def test_a_message_cannot_break_out_of_its_title() -> None:
    spans = [Span(0, 4, "rare-word", '"><script>alert(1)</script>')]
    out = highlighted_html("Word here", spans)
    assert "<script" not in out
    assert 'title="&quot;&gt;&lt;script&gt;' in out


def test_crossing_and_nested_spans_stay_well_formed() -> None:
    text = "one two three four five"
    spans = [
        Span(0, 13, "long-sentence", "a"),  # one two three
        Span(4, 7, "rare-word", "b"),  # two, inside the first
        Span(8, 18, "passive-voice", "c"),  # three four: crosses the first
    ]
    out = highlighted_html(text, spans)
    depth = 0
    for tag in re.findall(r"</?mark", out):
        depth += 1 if tag == "<mark" else -1
        assert depth >= 0
    assert depth == 0
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", out)) == text
    # Each character is inside exactly the spans that cover it.
    assert "<mark" in out.split("two")[0] and out.split("four")[1].startswith("</mark>")


def test_line_breaks_show_and_spans_past_the_end_are_ignored() -> None:
    out = highlighted_html("a\nb", [Span(0, 99, "x", "y")])
    assert out == "a<br>\nb"


# --- jargon density -------------------------------------------------------------------------------


def test_jargon_density_counts_distinct_flagged_words_per_100_words() -> None:
    result = analyse("Tryptase and zonulin rise. Tryptase falls again.", plain_tier())
    assert result.words == 7
    assert result.jargon == ("tryptase", "zonulin")
    assert result.jargon_density == pytest.approx(100 * 2 / 7)


def test_jargon_density_skips_accepted_findings_and_other_rules() -> None:
    def finding(rule: str, term: str, accepted: bool = False) -> Finding:
        return Finding("a", plain_tier(), "s", "warning", rule, "m", "e", accepted, None, term)

    findings = [
        finding("rare-word", "Tryptase"),
        finding("plain-alternative", "administer"),
        finding("plain-alternative", "Administer"),
        finding("rare-word", "zonulin", accepted=True),
        finding("abbreviation", "IBS"),
    ]
    assert jargon_words(findings) == ("tryptase", "administer")


# --- grade, goal and limit: the numbers of `readability score --tier` -----------------------------


@pytest.mark.parametrize("tier", [plain_tier(), reference_tier()])
def test_grade_goal_and_limit_match_the_score_command(tier: str) -> None:
    text = part_text(load_library(FROZEN).articles["gut-brain-axis"], tier, "neurotransmitters")
    result = analyse(text, tier)
    scored = run_module("readability", "score", "-", "--tier", tier, stdin=text)
    assert scored.returncode == 0, scored.stderr
    expected = json.loads(scored.stdout)
    assert result.grade == expected["consensus_grade"]
    assert (result.goal, result.limit, result.verdict) == (
        expected["goal"],
        expected["limit"],
        expected["verdict"],
    )
    assert result.words == expected["words"]


# --- one part of an article -----------------------------------------------------------------------


def section_below_high() -> tuple[Article, str, str]:
    """A shipped section graded from human studies below High: "shows" overclaims there."""
    for article in load_library().articles.values():
        for section_id, evidence in article_evidence(article).items():
            if not evidence.non_human and 0 < evidence.rank < GRADE_ORDER.index("High"):
                return article, section_id, evidence.label
    pytest.fail("no shipped section is graded from human studies below High")


def test_article_part_mode_finds_an_overclaim_and_lists_the_allowed_words() -> None:
    article, section, grade = section_below_high()
    tier = plain_tier()
    text = part_text(article, tier, section) + "\n\nThis shows it works."
    result = analyse(text, tier, article=article, part=section)
    overclaims = [f for f in result.findings if f.rule == "overclaim"]
    assert overclaims and all(f.section == section and f.tier == tier for f in overclaims)
    assert marked(text, result.spans, "overclaim") == ["shows"]
    assert all(f.tier == tier and f.section == section for f in result.findings)
    assert result.evidence_grade == grade and result.evidence is not None
    assert "shows" not in result.allowed_certainty and "may" in result.allowed_certainty
    assert ("probably" in result.allowed_certainty) is (grade == "Moderate")
    # The same text outside the article: no article rule runs, so no overclaim.
    alone = analyse(text, tier)
    assert "overclaim" not in {f.rule for f in alone.findings}
    assert alone.evidence is None and alone.allowed_certainty == ()


def test_an_unchanged_part_has_the_engine_findings_of_the_article() -> None:
    from readability.checks import find_all

    article = load_library(FROZEN).articles["gut-brain-axis"]
    every = find_all(article)
    sections = {s.id for s in article.sections}
    parts = {(f.tier, f.section) for f in every if f.tier and f.section in sections}
    assert parts
    for tier, section in sorted(parts):
        result = analyse(part_text(article, tier, section), tier, article=article, part=section)
        expected = [f for f in every if f.tier == tier and f.section == section]
        assert list(result.findings) == expected


def test_a_rare_word_explained_elsewhere_is_not_flagged_but_listed_as_alone() -> None:
    """A word the summary explains is not flagged in each section (as `readability check`), but
    the write view can say that the section, read on its own, does not explain it."""
    article = load_library(FROZEN).articles["gut-brain-axis"]
    tier = plain_tier()
    summary = part_text(article, tier, "summary") + " Zonulin is a protein in the gut wall."
    explained = with_part_text(article, tier, "summary", summary)
    section = article.sections[-1].id
    text = part_text(article, tier, section) + " Ask about zonulin."
    result = analyse(text, tier, article=explained, part=section)
    assert "zonulin" not in {(f.term or "").casefold() for f in result.findings}
    assert "zonulin" not in result.jargon
    assert "zonulin" in {(f.term or "").casefold() for f in result.alone if f.rule == "rare-word"}
    assert all(f.section == section and f.article == article.id for f in result.alone)
    assert analyse(text, tier).alone == ()


def test_list_parts_round_trip_as_bullets() -> None:
    article = load_library(FROZEN).articles["gut-brain-axis"]
    for tier in plain_tiers():
        text = part_text(article, tier, "key_points")
        assert list_items(text) == article.key_points.get(tier)
        changed = with_part_text(article, tier, "key_points", text + "\n- One more point.")
        assert changed.key_points.get(tier)[-1] == "One more point."
        assert changed.sections == article.sections
    assert list_items("First line\ngoes on.\n\nSecond.") == ["First line goes on.", "Second."]


def test_summary_and_sections_are_replaced_without_touching_the_rest() -> None:
    article = load_library(FROZEN).articles["gut-brain-axis"]
    tier = plain_tier()
    changed = with_part_text(article, tier, "summary", "New summary.")
    assert changed.summary.get(tier) == "New summary." and changed.sections == article.sections
    changed = with_part_text(article, tier, "neurotransmitters", "New text.")
    assert changed.section("neurotransmitters").tiers.get(tier) == "New text."
    assert changed.section("neurotransmitters").tiers.get(reference_tier()) == (
        article.section("neurotransmitters").tiers.get(reference_tier())
    )
    assert article.section("neurotransmitters").tiers.get(tier) != "New text."
    with pytest.raises(KeyError):
        with_part_text(article, tier, "no-such-section", "x")


# --- python -m readability check - ----------------------------------------------------------------

PASTED = "Taking it gave a 58 % lower risk. Tryptase rises after meals."


def test_check_stdin_text_format() -> None:
    result = run_module("readability", "check", "-", "--tier", plain_tier(), stdin=PASTED)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"warning: {NO_ARTICLE} {plain_tier()} text: relative-risk: ")
    assert '    "Tryptase rises after meals."' in lines
    assert lines[-1] == "0 error(s), 2 warning(s), 0 accepted, in standard input"


def test_check_stdin_json_format() -> None:
    result = run_module(
        "readability", "check", "-", "--tier", plain_tier(), "--format", "json", stdin=PASTED
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert {f["rule"] for f in findings} == {"relative-risk", "rare-word"}
    for finding in findings:
        assert FINDING_KEYS <= set(finding) <= FINDING_KEYS | {"term"}
        assert finding["article"] == NO_ARTICLE and finding["tier"] == plain_tier()


def test_check_stdin_clean_text_and_the_reference_tier() -> None:
    result = run_module("readability", "check", "-", "--tier", reference_tier(), stdin=PASTED)
    assert result.returncode == 0
    assert result.stdout == "no findings: standard input checked\n"


def test_check_stdin_exits_1_on_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    error = Finding(NO_ARTICLE, plain_tier(), "text", "error", "overclaim", "m", "It cures.")
    monkeypatch.setattr("readability.checks.text_rules.check_text", lambda text, tier: [error])
    monkeypatch.setattr("sys.stdin", io.StringIO("It cures."))
    assert readability_main(["check", "-", "--tier", plain_tier()]) == 1
    assert "1 error(s), 0 warning(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-"], "--tier is required"),
        (["-", "content/articles"], "cannot be combined"),
        (["-", "--tier", "nobody"], "invalid choice"),
    ],
)
def test_check_stdin_needs_a_tier_and_no_files(args: list[str], message: str) -> None:
    result = run_module("readability", "check", *args, stdin=PASTED)
    assert result.returncode == 2
    assert message in result.stderr and "usage: python -m readability check" in result.stderr


def test_check_tier_keeps_only_that_tiers_findings_of_files(
    capsys: pytest.CaptureFixture[str], write_article: Callable[..., Path]
) -> None:
    assert readability_main(["check", str(FROZEN), "--format", "json"]) in (0, 1)
    every = json.loads(capsys.readouterr().out)
    for tier in plain_tiers():
        readability_main(["check", str(FROZEN), "--format", "json", "--tier", tier])
        kept = json.loads(capsys.readouterr().out)
        assert kept and kept == [f for f in every if f["tier"] == tier]
    # A file that fails to load still fails the check, whatever the tier.
    broken = write_article("id: [broken", name="broken")
    assert readability_main(["check", str(broken), "--format", "json", "--tier", tier]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["rule"] == "load" and finding["tier"] is None


def test_a_repeated_sentence_flagged_twice_is_marked_twice() -> None:
    sentence = (
        "This sentence goes on and on with many small words so that it is longer than the "
        "twenty words a patient sentence may have."
    )
    text = f"{sentence}\n\nWalk daily.\n\n{sentence}"
    result = analyse(text, plain_tier())
    spans = [s for s in result.spans if s.rule == "long-sentence"]
    assert [s.start for s in spans] == [0, text.rindex("This sentence")]
