"""The live analysis behind the writing desk (issue 19): one text, one tier, everything an editor
needs to rewrite it, computed without Streamlit so the view, the tests and the benchmark share it.

`analyse` scores the text exactly as `python -m readability score --tier` does, runs the
article-free rules of `readability check` on it (`text_rules.text_findings`, so a rule added there
shows here at once), and, when the text is one part of an article, the engine's findings for that
part with the text put in place (overclaims against the section's evidence grade, tier order,
citation parity...). It then locates every finding in the raw text for highlighting, counts the
jargon density and lists the certainty words the section's evidence grade allows.
`highlighted_html` turns the text and those spans into escaped HTML with `<mark>` elements.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from content.citations import CITATION_MARKER
from content.evidence import GRADE_ORDER, SectionEvidence, article_evidence
from content.model import Article
from readability.check_words import check_words
from readability.checks.findings import SEVERITY, Finding
from readability.checks.text_rules import NO_ARTICLE, text_findings, text_sentences
from readability.scores import Scores, score_markdown
from readability.sentences import ACTIONS, KEY_POINTS, SUMMARY
from readability.targets import Target, Verdict, target_for

# The rules whose flagged words count towards the jargon density (issue 19).
JARGON_RULES: frozenset[str] = frozenset({"rare-word", "plain-alternative"})
# The parts that hold a list of short statements rather than one Markdown text.
LIST_PARTS: tuple[str, ...] = (KEY_POINTS, ACTIONS)


class Span(NamedTuple):
    """Where one finding sits in the raw text: `text[start:end]`, its rule and its message."""

    start: int
    end: int
    rule: str
    message: str


@dataclass(frozen=True)
class Analysis:
    """Everything the write view shows for one text of one tier.

    `goal`, `limit` and `verdict` are the numbers of `python -m readability score --tier` (and
    of the report): `verdict` is "pass" at or under the goal, "warn" between goal and limit,
    "miss" above the limit. `evidence` and the certainty fields are set only for a text that is
    one part of an article: a section's own grade, or for the summary, key points and actions
    the article's strongest section (the grade the `overclaim` rule judges them by).
    """

    text: str
    tier: str
    part: str | None
    scores: Scores
    grade: float  # the consensus grade
    goal: float | None
    limit: float | None
    verdict: Verdict
    target: Target
    findings: tuple[Finding, ...]
    # Article mode only: findings of the article-free rules on the text read alone that the
    # engine does not report for this part (not highlighted, not in the jargon density).
    alone: tuple[Finding, ...]
    spans: tuple[Span, ...]
    words: int  # as the scores count them
    jargon: tuple[str, ...]  # distinct flagged words, case-folded, in order of first finding
    jargon_density: float  # len(jargon) per 100 words
    evidence: SectionEvidence | None = None
    evidence_grade: str | None = None  # the grade certainty words are judged by
    allowed_certainty: tuple[str, ...] = ()  # certainty phrases that grade allows

    @property
    def errors(self) -> int:
        """Findings that would fail `readability check` (errors not accepted)."""
        return sum(f.gates for f in self.findings)


def analyse(
    text: str, tier: str, *, article: Article | None = None, part: str | None = None
) -> Analysis:
    """The analysis of `text` as the `tier` text of `part` in `article` (or of no article).

    Without an article (or without a part) only the article-free rules run, on the text. With
    both, the findings are the engine's for that tier and part, computed on a copy of the
    article holding `text`: what `readability check` will report once it is saved, the
    article-free rules reading the whole tier around the part (a word explained in the summary
    is not flagged again in each section). `alone` then holds what those rules find only when
    the text is read on its own (a rare word first used, or explained, in another part).
    """
    scores = score_markdown(text)
    target = target_for(tier)
    judged = target.judgement(scores.consensus_grade)
    evidence: SectionEvidence | None = None
    alone: list[Finding] = []
    if article is not None and part is not None:
        changed = with_part_text(article, tier, part, text)
        findings = part_findings(changed, tier, part)
        alone = _text_only(changed, tier, part, text, findings)
        evidence = _judged_evidence(changed, part)
    else:
        findings = text_findings(NO_ARTICLE, tier, text_sentences(text, tier))
    jargon = jargon_words(findings)
    grade_label, allowed = _certainty_allowed(evidence) if evidence is not None else (None, ())
    return Analysis(
        text=text,
        tier=tier,
        part=part,
        scores=scores,
        grade=scores.consensus_grade,
        goal=judged["goal"],
        limit=judged["limit"],
        verdict=judged["verdict"],
        target=target,
        findings=tuple(findings),
        alone=tuple(alone),
        spans=tuple(finding_spans(text, findings)),
        words=scores.words,
        jargon=jargon,
        jargon_density=100 * len(jargon) / scores.words if scores.words else 0.0,
        evidence=evidence,
        evidence_grade=grade_label,
        allowed_certainty=allowed,
    )


# --- parts of an article ----------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")


def part_text(article: Article, tier: str, part: str) -> str:
    """The Markdown an editor edits for one part: the summary or a section's text as written,
    key points and actions as a "- " bullet list (one bullet per statement)."""
    if part == SUMMARY:
        return article.summary.get(tier) or ""
    if part in LIST_PARTS:
        return "\n".join(f"- {item}" for item in getattr(article, part).get(tier))
    section = article.section(part)
    if section is None:
        raise KeyError(f"article {article.id!r} has no part {part!r}")
    return section.tiers.get(tier) or ""


def list_items(text: str) -> list[str]:
    """The statements of a bullet list as `part_text` writes it: each bullet (or, without
    bullets, each paragraph) one statement; lines that continue one are joined to it."""
    items: list[str] = []
    new_item = True
    for line in text.splitlines():
        if not line.strip():
            new_item = True
            continue
        marker = _BULLET.match(line)
        body = line[marker.end() :] if marker else line
        if marker or new_item or not items:
            items.append(body.strip())
        else:
            items[-1] = f"{items[-1]} {body.strip()}"
        new_item = False
    return [item for item in items if item]


def with_part_text(article: Article, tier: str, part: str, text: str) -> Article:
    """A copy of the article with one tier's text of one part replaced (not re-validated: the
    analysis reads it, nothing saves it). An empty text removes the tier's text."""
    value: str | None = text if text.strip() else None
    if part == SUMMARY:
        summary = article.summary.model_copy(update={tier: value})
        return article.model_copy(update={SUMMARY: summary})
    if part in LIST_PARTS:
        statements = getattr(article, part)
        items = list_items(text) or None
        return article.model_copy(update={part: statements.model_copy(update={tier: items})})
    section = article.section(part)
    if section is None:
        raise KeyError(f"article {article.id!r} has no part {part!r}")
    changed = section.model_copy(update={"tiers": section.tiers.model_copy(update={tier: value})})
    sections = [changed if s.id == part else s for s in article.sections]
    return article.model_copy(update={"sections": sections})


def part_findings(article: Article, tier: str, part: str) -> list[Finding]:
    """The engine's findings (uncached: the text changes with every check) for one tier and
    part. Imported here: the engine pulls in the batch runner and the result cache."""
    from readability.checks import find_all

    return [f for f in find_all(article) if f.tier == tier and f.section == part]


def _finding_key(finding: Finding) -> tuple[str, str | None, str]:
    term = " ".join(finding.term.split()).casefold() if finding.term else None
    return finding.rule, term, " ".join(finding.excerpt.split())


def _text_only(
    article: Article, tier: str, part: str, text: str, engine: list[Finding]
) -> list[Finding]:
    """The article-free findings of the text read alone that the engine's findings for the
    part lack, with the article's accepted exceptions applied to them."""
    from readability.checks.acceptances import apply_acceptances

    have = {_finding_key(f) for f in engine}
    alone = text_findings(article.id, tier, text_sentences(text, tier, part))
    extra = [f for f in alone if _finding_key(f) not in have]
    if not extra:
        return []
    # Stale-acceptance warnings (no tier) are the engine's business: left out here.
    return [f for f in apply_acceptances(article, extra, {}) if f.tier == tier]


# --- evidence and certainty words ---------------------------------------------------------------


def _judged_evidence(article: Article, part: str) -> SectionEvidence | None:
    """The grade the `overclaim` rule judges the part by: its own section's, or for the parts
    that speak for the whole article, the strongest section's (a human basis wins a tie)."""
    evidence = article_evidence(article)
    if part in (SUMMARY, *LIST_PARTS):
        return max(evidence.values(), key=lambda e: (e.rank, not e.non_human), default=None)
    return evidence.get(part)


def _certainty_allowed(evidence: SectionEvidence) -> tuple[str, tuple[str, ...]]:
    """The grade certainty words are judged by and the phrases of check_words.yaml it allows.

    As the `overclaim` rule reads them: a phrase needs its listed grade or better ("any"
    phrases suit every grade); work on animals or cells counts as Very low whatever it scored.
    """
    if evidence.non_human:
        label = min(evidence.label, "Very low", key=GRADE_ORDER.index)
    else:
        label = evidence.label
    rank = GRADE_ORDER.index(label)
    allowed = [
        phrase
        for grade, phrases in check_words().certainty.items()
        if grade == "any" or GRADE_ORDER.index(grade) <= rank
        for phrase in phrases
    ]
    return label, tuple(dict.fromkeys(allowed))


# --- jargon density --------------------------------------------------------------------------


def jargon_words(findings: Iterable[Finding]) -> tuple[str, ...]:
    """Distinct words flagged by the jargon rules and not accepted, case-folded."""
    words = [
        " ".join(f.term.split()).casefold()
        for f in findings
        if f.rule in JARGON_RULES and not f.accepted and f.term
    ]
    return tuple(dict.fromkeys(words))


# --- locating findings in the raw text ------------------------------------------------------------

# Raw Markdown the clean prose never contains: citation markers, link targets, HTML tags, bare
# URLs and character references. Masked out before matching an excerpt against the raw text.
_HIDDEN = re.compile(
    "|".join(
        [
            CITATION_MARKER.pattern,
            r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)",
            r"</?[A-Za-z][^>]*>",
            r"\bhttps?://\S+",
            r"&#?\w+;",
        ]
    )
)


# Runs of letters and digits (str.isalnum: \w without the underscore), and everything else.
_ALNUM_RUN = re.compile(r"[^\W_]+")
_NOT_ALNUM = re.compile(r"[\W_]+")


class _Letters:
    """The raw text's letters and digits, case-folded, each mapped back to its raw index, so
    an excerpt of the clean prose can be found whatever Markdown, whitespace, punctuation or
    citation markers the raw text has around or inside it."""

    def __init__(self, raw: str) -> None:
        visible = _HIDDEN.sub(lambda m: " " * len(m.group(0)), raw)
        runs: list[str] = []
        index: list[int] = []  # the raw index of each character of `letters`
        for run in _ALNUM_RUN.finditer(visible):
            folded = run.group(0).casefold()
            runs.append(folded)
            if len(folded) == run.end() - run.start():
                index.extend(range(run.start(), run.end()))
            else:  # a character that folds to several ("ß" -> "ss")
                for i, c in enumerate(run.group(0), run.start()):
                    index.extend([i] * len(c.casefold()))
        self.raw = raw
        self.letters = "".join(runs)
        self.index = index

    def find(
        self, needle: str, lo: int = 0, hi: int | None = None, *, word: bool = False
    ) -> tuple[int, int] | None:
        """The raw (start, end) of the first occurrence of `needle`'s letters at raw index `lo`
        or later, ending by raw index `hi`; with `word`, only where it is a whole word."""
        key = _NOT_ALNUM.sub("", needle).casefold()
        if not key:
            return None
        hi = len(self.raw) if hi is None else hi
        at = _first_at_or_after(self.index, lo)
        while (at := self.letters.find(key, at)) >= 0:
            start, end = self.index[at], self.index[at + len(key) - 1] + 1
            if end > hi:
                return None
            if not word or (_edge(self.raw, start - 1) and _edge(self.raw, end)):
                return start, end
            at += 1
        return None


def _first_at_or_after(index: list[int], raw_position: int) -> int:
    """The first position in the letters whose raw index is at or after `raw_position`."""
    return bisect_left(index, raw_position)


def _edge(raw: str, i: int) -> bool:
    """Whether raw index `i` is outside the text or not a letter or digit (a word boundary)."""
    return i < 0 or i >= len(raw) or not raw[i].isalnum()


def finding_spans(text: str, findings: Sequence[Finding]) -> list[Span]:
    """Where each finding sits in `text`: its `term` inside its excerpt's sentence when it has
    one, else the whole sentence. A finding that cannot be found (an excerpt from another part
    of the article, a heading) has no span. Sorted by start, longer spans first."""
    letters = _Letters(text)
    found: dict[tuple[str, ...], int] = {}  # how often a finding was placed, to take the next
    spans: list[Span] = []
    for finding in findings:
        sentence = _place_excerpt(letters, finding, found)
        if finding.term:
            lo, hi = sentence if sentence else (0, len(text))
            place = letters.find(finding.term, lo, hi, word=True)
            if place is None and sentence is not None:
                place = letters.find(finding.term, word=True)
        else:
            place = sentence
            if place is not None and place[1] < len(text) and text[place[1]] in ".!?":
                place = (place[0], place[1] + 1)  # the sentence's own full stop
        if place is not None:
            spans.append(Span(place[0], place[1], finding.rule, finding.message))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _place_excerpt(
    letters: _Letters, finding: Finding, found: dict[tuple[str, ...], int]
) -> tuple[int, int] | None:
    """The raw span of a finding's excerpt; the same finding again (same rule, excerpt and
    term: a repeated sentence) is placed at the excerpt's next occurrence."""
    if not finding.excerpt:
        return None
    key = (finding.rule, finding.excerpt, finding.term or "")
    at, place = 0, None
    for _ in range(found.get(key, 0) + 1):
        place = letters.find(finding.excerpt, at)
        if place is None:
            # Fewer occurrences than findings: fall back to the first.
            place = letters.find(finding.excerpt)
            break
        at = place[0] + 1
    found[key] = found.get(key, 0) + 1
    return place


# --- HTML -----------------------------------------------------------------------------------------

_RULE_CLASS = re.compile(r"[^a-z0-9-]")


def rule_class(rule: str) -> str:
    """The CSS class of a rule's marks ("finding-rare-word"), safe whatever the rule id."""
    return "finding-" + _RULE_CLASS.sub("-", rule.lower())


def highlighted_html(text: str, spans: Iterable[Span | tuple[int, int, str, str]]) -> str:
    """The text, HTML-escaped, with each span in a `<mark class="finding finding-RULE
    finding-SEVERITY" title="MESSAGE">` (SEVERITY "error" or "warning", from the rule table).

    Overlapping spans nest; where two cross, the inner mark is closed and reopened so the HTML
    stays well formed. Nothing of the text passes unescaped: it is shown as written (Markdown
    included), never rendered. Line breaks become `<br>`.
    """
    marks = sorted(
        (Span(*s) for s in spans if 0 <= s[0] < s[1] <= len(text)),
        key=lambda s: (s.start, -s.end),
    )
    bounds = sorted({0, len(text), *(s.start for s in marks), *(s.end for s in marks)})
    out: list[str] = []
    open_: list[Span] = []  # the marks open at this point, outermost first
    pending = list(reversed(marks))  # next to open at the end of the list
    for left, right in zip(bounds, bounds[1:], strict=False):
        # Close the marks that end here; reopen those opened inside them that go on.
        if any(m.end <= left for m in open_):
            keep = [m for m in open_ if m.end > left]
            out.append("</mark>" * len(open_))
            open_ = []
            for mark in keep:
                out.append(_open(mark))
                open_.append(mark)
        while pending and pending[-1].start == left:
            mark = pending.pop()
            out.append(_open(mark))
            open_.append(mark)
        out.append(_escape(text[left:right]))
    out.append("</mark>" * len(open_))
    return "".join(out)


def _open(mark: Span) -> str:
    severity = SEVERITY.get(mark.rule)
    classes = f"finding {rule_class(mark.rule)}" + (f" finding-{severity}" if severity else "")
    return f'<mark class="{classes}" title="{html.escape(mark.message, quote=True)}">'


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>\n")
