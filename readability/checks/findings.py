"""What a check finds, and the rule table: ids, meanings and severities (a contract, issue 9)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"
RULES: dict[str, str] = {
    "overclaim": "certainty wording in patient or student text above the evidence grade (each "
    "phrase's lowest grade is in check_words.yaml: 'shows' needs High, 'probably' Moderate)",
    "non-human-unqualified": "a section resting on animal or lab work whose patient or student "
    "text never says so",
    "abbreviation": "an abbreviation in the patient tier not spelled out at its first use",
    "rare-word": "a patient-tier word rare in everyday English, explained neither in the text "
    "nor in the glossary",
    "long-sentence": "a sentence longer than its tier allows",
    "tier-order": "a simpler tier not clearly simpler than the next (whole tier: error; one "
    "section: warning)",
    "citation-parity": "the same list item cites different references in different tiers",
    "load": "an article file that failed to load",
    "stale-acceptance": "an accepted exception whose excerpt is no longer in the text",
    "relative-risk": "a relative effect in patient or student text ('58 % lower risk', 'twice "
    "the risk') with no absolute figure ('13 in 100') in the same bullet or paragraph",
    "certainty-missing": "a section citing a systematic review or meta-analysis but graded from "
    "study design: the review may state its own certainty for this outcome",
    "question-grade": "a tier's teach-back questions and options read above that tier's limit",
    "plain-alternative": "a medical or official word or phrase with everyday alternatives "
    "(plain_alternatives.yaml) in a plain tier, not explained where it is used (most medical "
    "words only in the simplest tier)",
    "passive-voice": "a passive verb in the patient tier ('you are given', 'can be treated') that "
    "hides who acts (word lists in style_words.yaml)",
    "long-paragraph": "a paragraph or bullet of patient or student text with more than five "
    "sentences or 100 words (limits in style_words.yaml)",
}
SEVERITY: dict[str, str] = {
    "overclaim": ERROR,
    "non-human-unqualified": ERROR,
    "abbreviation": WARNING,
    "rare-word": WARNING,
    "long-sentence": WARNING,
    "tier-order": ERROR,  # whole tier; a single section out of order is a warning
    "citation-parity": ERROR,
    "load": ERROR,
    "stale-acceptance": WARNING,
    "relative-risk": WARNING,
    "certainty-missing": WARNING,
    "question-grade": WARNING,
    "plain-alternative": WARNING,
    "passive-voice": WARNING,
    "long-paragraph": WARNING,
}
# The tiers the plain-language rules read: every tier but the most technical (the last one).
_WORD = re.compile(r"[\w'\u2019-]+")


@dataclass(frozen=True)
class Finding:
    """One thing an editor should look at; `accepted` findings never count or gate."""

    article: str
    tier: str | None
    section: str | None
    severity: str  # "error" | "warning"
    rule: str
    message: str
    excerpt: str
    accepted: bool = False
    why: str | None = None
    # The word or phrase in `excerpt` the finding is about ("hypertension"), for highlighting;
    # None when the finding is about the whole sentence or paragraph.
    term: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract keys, plus `term` when the finding is about one word or phrase, and
        `accepted` and `why` when an editor accepted it."""
        out: dict[str, Any] = {
            "article": self.article,
            "tier": self.tier,
            "section": self.section,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "excerpt": self.excerpt,
        }
        if self.term is not None:
            out["term"] = self.term
        if self.accepted:
            out.update(accepted=True, why=self.why)
        return out

    @property
    def gates(self) -> bool:
        """Whether this finding fails the check: an error no editor has accepted."""
        return self.severity == ERROR and not self.accepted


def words_in(text: str) -> list[str]:
    """The words of a text, hyphens and apostrophes kept, bare punctuation dropped."""
    return [w for w in _WORD.findall(text) if any(c.isalnum() for c in w)]


def normal(text: str) -> str:
    """Whitespace-collapsed, case-folded text, for matching excerpts."""
    return " ".join(text.split()).casefold()
