"""Editorial checks: every finding an editor must see before approving an article.

One engine behind `python -m readability check` and the editor page. Each rule reads the same
sentence list the scores read (`readability.sentences`), the evidence grades
(`content.evidence.article_evidence`) and the word lists in check_words.yaml. Rule ids and the
JSON keys of `Finding.to_dict` are a contract (issue 9): extend, never rename.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from content.citations import cited_ids
from content.evidence import SectionEvidence, article_evidence
from content.loader import Library, LoadResult
from content.model import TIERS, Article
from readability.assess import assess_article
from readability.batch import FileTask, file_outcomes, without_duplicates
from readability.check_words import CheckWords, check_words
from readability.clean import clean_blocks
from readability.score_cache import cached, source_fingerprint
from readability.sentences import (
    ACTIONS,
    KEY_POINTS,
    SUMMARY,
    Sentence,
    article_sentences,
    sentence_grade,
    split_sentences,
    tier_parts,
)
from readability.syllables import load_word_lists

ERROR = "error"
WARNING = "warning"
RULES: dict[str, str] = {
    "overclaim": "certainty wording in patient or student text that the evidence grade does not "
    "support (Very low, Not graded, or animal or lab work only)",
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
}
# The tiers the plain-language rules read: every tier but the most technical (the last one).
PLAIN_TIERS: tuple[str, ...] = TIERS[:-1]
PATIENT_TIER = TIERS[0]
REFERENCE_TIER = TIERS[-1]  # citation parity is judged against the most detailed tier
_WHOLE_ARTICLE_PARTS = (SUMMARY, KEY_POINTS, ACTIONS)
_WORD = re.compile(r"[\w'\u2019-]+")
# An abbreviation: a word with two or more capitals, mostly capitals ("IL-18", "5-HT", "NMDARs").
_ABBREVIATION = re.compile(r"(?<![\w-])\w+(?:-\w+)*")
_LETTERS = re.compile(r"[^\W\d_]+")


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

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract keys, plus `accepted` and `why` when an editor accepted it."""
        out: dict[str, Any] = {
            "article": self.article,
            "tier": self.tier,
            "section": self.section,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "excerpt": self.excerpt,
        }
        if self.accepted:
            out.update(accepted=True, why=self.why)
        return out

    @property
    def gates(self) -> bool:
        """Whether this finding fails the check: an error no editor has accepted."""
        return self.severity == ERROR and not self.accepted


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if any(c.isalnum() for c in w)]


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- overclaim and non-human-unqualified -----------------------------------------------------


def _strongest(evidence: dict[str, SectionEvidence]) -> SectionEvidence | None:
    """The article's strongest section grade; a human basis wins a tie."""
    return max(evidence.values(), key=lambda e: (e.rank, not e.non_human), default=None)


def _weak(evidence: SectionEvidence | None) -> bool:
    return evidence is None or evidence.rank <= 1 or evidence.non_human


def _certainty(sentence: str, words: CheckWords) -> str | None:
    """The first certainty phrase not cancelled by a negation just before it."""
    for match in words.certainty_pattern.finditer(sentence):
        before = " ".join(_words(sentence[: match.start()])[-words.negation_window :])
        if not words.negation_pattern.search(before):
            return match.group(0)
    return None


def _bare_answer(sentence: Sentence, words: CheckWords) -> str | None:
    """'Yes' or 'No' opening the short answer with no qualifier in its sentence."""
    if sentence.part != SUMMARY or sentence.index != 0:
        return None
    opening = words.bare_answer_pattern.match(sentence.text)
    if opening and not words.qualifier_pattern.search(sentence.text):
        return opening.group(0).strip()
    return None


def _grade_words(evidence: SectionEvidence | None, part: str) -> str:
    where = (
        "this section" if part not in _WHOLE_ARTICLE_PARTS else "the article's strongest section"
    )
    if evidence is None:
        return f"{where} is not graded"
    basis = ", from animal or lab work only" if evidence.non_human else ""
    return f"the evidence for {where} is {evidence.label}{basis}"


def overclaims(
    article: Article, sentences: list[Sentence], evidence: dict[str, SectionEvidence]
) -> Iterator[Finding]:
    """Certainty wording where the grade is weak; summary, key points and actions are judged
    against the article's strongest section, since they speak for the whole article."""
    words = check_words()
    strongest = _strongest(evidence)
    suggestions = ", ".join(f'"{w}"' for w in words.calibrated)
    for sentence in sentences:
        judged = strongest if sentence.part in _WHOLE_ARTICLE_PARTS else evidence.get(sentence.part)
        if not _weak(judged):
            continue
        phrase = _bare_answer(sentence, words) or _certainty(sentence.text, words)
        if phrase is None:
            continue
        # "Animal studies show ..." reports its basis truthfully: not an overclaim.
        if (
            judged is not None
            and judged.non_human
            and words.non_human_pattern.search(sentence.text)
        ):
            continue
        yield Finding(
            article.id,
            sentence.tier,
            sentence.part,
            SEVERITY["overclaim"],
            "overclaim",
            f'"{phrase}" states certainty, but {_grade_words(judged, sentence.part)}. '
            f"Use calibrated wording such as {suggestions}.",
            sentence.text,
        )


def non_human_unqualified(
    article: Article, tier: str, sentences: list[Sentence], evidence: dict[str, SectionEvidence]
) -> Iterator[Finding]:
    """Sections resting on animal or lab work whose text in this tier never names that basis."""
    pattern = check_words().non_human_pattern
    for section in article.sections:
        if not evidence[section.id].non_human:
            continue
        own = [s for s in sentences if s.part == section.id]
        if own and not any(pattern.search(s.text) for s in own):
            yield Finding(
                article.id,
                tier,
                section.id,
                SEVERITY["non-human-unqualified"],
                "non-human-unqualified",
                f"This section rests on animal or lab work only, but the {tier} text never says "
                "so. Say where the evidence comes from, for example 'in animals' or 'in lab "
                "tests'.",
                own[0].text,
            )


# --- abbreviation, rare-word, long-sentence --------------------------------------------------


def _abbreviation(token: str) -> str | None:
    """The abbreviation a token stands for ("NMDARs" -> "NMDAR", "HPA-axis" -> "HPA")."""
    pieces = [p for p in token.split("-") if not p.isalpha() or not p.islower()]
    if not pieces:
        return None
    core = "-".join(pieces)
    if core.endswith("s") and core[:-1].isupper():
        core = core[:-1]
    letters = "".join(_LETTERS.findall(core))
    capitals = sum(c.isupper() for c in letters)
    if capitals >= 2 and capitals * 2 >= len(letters):
        return core
    return None


def _spelled_out(abbreviation: str, sentence: str) -> bool:
    """'full words (ABBR)' or 'ABBR (full words)' in the same sentence."""
    escaped = re.escape(abbreviation)
    return bool(
        re.search(rf"\(\s*{escaped}s?\s*[),;]", sentence)
        or re.search(rf"(?<![\w-]){escaped}s?\s*\(\s*[^\W\d]", sentence)
    )


def abbreviations(article: Article, sentences: list[Sentence]) -> Iterator[Finding]:
    """Each abbreviation once, at its first use in reading order, unless spelled out there."""
    everyday = set(check_words().everyday_abbreviations)
    seen: set[str] = set()
    for sentence in sentences:
        for match in _ABBREVIATION.finditer(sentence.text):
            abbreviation = _abbreviation(match.group(0))
            if abbreviation is None or abbreviation in seen or abbreviation in everyday:
                continue
            seen.add(abbreviation)
            if _spelled_out(abbreviation, sentence.text):
                continue
            yield Finding(
                article.id,
                sentence.tier,
                sentence.part,
                SEVERITY["abbreviation"],
                "abbreviation",
                f'"{abbreviation}" is not spelled out at its first use in the {sentence.tier} '
                f"text; a patient reads the text, not the glossary. Write the full words first, "
                f'as in "full words ({abbreviation})", or avoid it. Reading formulas count '
                f'"{abbreviation}" as one short word, so the grade undercounts how hard it is.',
                sentence.text,
            )


def _glossary_words(article: Article) -> set[str]:
    return {
        _stem(piece)
        for term in article.glossary
        for piece in re.split(r"[\s-]+", term.casefold())
        if piece
    }


def _stem(word: str) -> str:
    """A crude singular, enough to match 'probiotics' to the glossary's 'probiotic'."""
    word = word.casefold().removesuffix("'s").removesuffix("\u2019s")
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _explained_in(word: str, text: str) -> bool:
    """The text explains the word: 'called X', 'X is a', 'X (…)', '(X)', 'X, a …', 'X means'."""
    w = re.escape(word) + r"(?:e?s)?"
    patterns = (
        rf"\b(?:called|named|known as)\s+(?:the\s+)?{w}\b",
        rf"\b{w}\s+(?:is|are|was|were|means?)\s+(?:a|an|the|one|when|how)\b",
        rf"\b{w}\s*\(",
        rf"\([^)]*\b{w}\b[^)]*\)",
        rf"\b{w},\s+(?:a|an|the|which|who)\b",
    )
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


# (suffix, replacement) pairs that undo common English inflections: "studies" -> "study".
_INFLECTIONS = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
)


def everyday_zipf(word: str) -> float:
    """The Zipf frequency of a word or of its plain form, whichever is higher.

    An inflected form is rarer than its stem ("squeezes" 2.8, "squeeze" 3.9), but a reader who
    knows the stem knows the form, so the stem's frequency decides.
    """
    forms = [word] + [
        word[: -len(suffix)] + stem
        for suffix, stem in _INFLECTIONS
        if word.endswith(suffix) and len(word) - len(suffix) >= 3
    ]
    # Imported here: a run whose findings all come from the cache never loads wordfreq.
    from wordfreq import zipf_frequency

    return max(zipf_frequency(form, "en") for form in forms)


def rare_words(article: Article, sentences: list[Sentence]) -> Iterator[Finding]:
    """Rare words by wordfreq's Zipf scale; tokenised here so hyphens and digits stay intact."""
    words = check_words()
    glossary = _glossary_words(article)
    whole_text = " ".join(s.text for s in sentences)
    seen: set[str] = set()
    for sentence in sentences:
        for token in _words(sentence.text):
            if any(c.isdigit() for c in token) or _abbreviation(token):
                continue
            for piece in token.split("-"):
                word = piece.casefold().strip("'\u2019").removesuffix("'s").removesuffix("\u2019s")
                if not word.isalpha() or word in seen:
                    continue
                seen.add(word)
                zipf = everyday_zipf(word)
                if zipf >= words.rare_word_zipf or _stem(word) in glossary or word in glossary:
                    continue
                if _explained_in(word, whole_text):
                    continue
                yield Finding(
                    article.id,
                    sentence.tier,
                    sentence.part,
                    SEVERITY["rare-word"],
                    "rare-word",
                    f'"{piece}" is rare in everyday English (Zipf {zipf:.2f}, below '
                    f"{words.rare_word_zipf:g}) and is explained neither in the text nor in the "
                    "glossary. Use an everyday word, or explain it where it first appears.",
                    sentence.text,
                )


def long_sentences(article: Article, sentences: list[Sentence], tier: str) -> Iterator[Finding]:
    """Sentences over the tier's word limit (check_words.yaml); tiers without one pass."""
    limit = check_words().max_sentence_words.get(tier)
    if limit is None:
        return
    for sentence in sentences:
        count = len(_words(sentence.text))
        if count > limit:
            yield Finding(
                article.id,
                tier,
                sentence.part,
                SEVERITY["long-sentence"],
                "long-sentence",
                f"{count} words; {tier} sentences should have at most {limit}. Split it.",
                sentence.text,
            )


# --- tier-order and citation-parity ----------------------------------------------------------


def _hardest(sentences: Iterable[Sentence]) -> str:
    graded = [(sentence_grade(s), s.text) for s in sentences]
    return max(graded, key=lambda pair: pair[0])[1] if graded else ""


def tier_order(article: Article, sentences: dict[str, list[Sentence]]) -> Iterator[Finding]:
    """Each tier at least `tier_gap` grades below the next, section by section and whole."""
    gap = check_words().tier_gap
    assessed = assess_article(article)
    for simpler, harder in zip(TIERS, TIERS[1:], strict=False):
        easy, hard = assessed[simpler], assessed[harder]
        if easy.whole.words and hard.whole.words:
            grade, next_grade = easy.whole.consensus_grade, hard.whole.consensus_grade
            if grade > next_grade - gap:
                yield Finding(
                    article.id,
                    simpler,
                    None,
                    SEVERITY["tier-order"],
                    "tier-order",
                    f"The whole {simpler} tier reads at grade {grade:.1f}, not at least {gap:g} "
                    f"grades below the {harder} tier ({next_grade:.1f}). Its hardest sentence "
                    "is shown.",
                    _hardest(sentences[simpler]),
                )
        for section_id, scores in easy.sections.items():
            other = hard.sections.get(section_id)
            if other is None or not scores.words:
                continue
            grade, next_grade = scores.consensus_grade, other.consensus_grade
            if grade > next_grade - gap:
                yield Finding(
                    article.id,
                    simpler,
                    section_id,
                    WARNING,
                    "tier-order",
                    f"The {simpler} text of this section reads at grade {grade:.1f}, not at "
                    f"least {gap:g} grades below the {harder} text ({next_grade:.1f}). Its "
                    "hardest sentence is shown.",
                    _hardest(s for s in sentences[simpler] if s.part == section_id),
                )


def _items(texts: list[str]) -> list[tuple[str, list[str]]]:
    """(clean text, cited ids) per list item or paragraph; consecutive blocks of one item join."""
    items: list[tuple[str, str]] = []  # (markdown source, clean text)
    for text in texts:
        for block in clean_blocks(text):
            if items and items[-1][0] == block.markdown:
                items[-1] = (block.markdown, f"{items[-1][1]} {block.text}")
            else:
                items.append((block.markdown, block.text))
    return [(clean, cited_ids(source)) for source, clean in items]


def citation_parity(article: Article) -> Iterator[Finding]:
    """Each tier's list items against the same items of the most detailed tier."""
    reference = dict(tier_parts(article, REFERENCE_TIER))
    for tier in TIERS[:-1]:
        for part, texts in tier_parts(article, tier):
            if part not in reference:
                continue
            mine, theirs = _items(texts), _items(reference[part])
            if len(mine) != len(theirs):  # items do not correspond: compare the part as a whole
                mine, theirs = [_merged(mine)], [_merged(theirs)]
            for (clean, ids), (_, reference_ids) in zip(mine, theirs, strict=True):
                if set(ids) != set(reference_ids):
                    yield Finding(
                        article.id,
                        tier,
                        part,
                        SEVERITY["citation-parity"],
                        "citation-parity",
                        f"The {tier} text cites {_ref_list(ids)} where the {REFERENCE_TIER} "
                        f"text cites {_ref_list(reference_ids)}; the tiers say the same facts, "
                        "so they cite the same sources.",
                        split_sentences(clean)[0] if clean else "",
                    )


def _merged(items: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    return " ".join(clean for clean, _ in items), [i for _, ids in items for i in ids]


def _ref_list(ids: list[str]) -> str:
    return ", ".join(f"[{i}]" for i in sorted(set(ids), key=int)) or "nothing"


# --- acceptances -----------------------------------------------------------------------------


def _article_text(article: Article, sentences: dict[str, list[Sentence]]) -> str:
    """Everything an acceptance excerpt may quote: clean sentences and the raw Markdown."""
    raw = [t for tier in TIERS for _, texts in tier_parts(article, tier) for t in texts]
    clean = [s.text for tier_sentences in sentences.values() for s in tier_sentences]
    return _normal(" ".join(raw + clean))


def apply_acceptances(
    article: Article, findings: list[Finding], sentences: dict[str, list[Sentence]]
) -> list[Finding]:
    """Mark accepted findings, and add a warning for each acceptance that no longer applies."""
    acceptances = article.checks.accept
    if not acceptances:
        return findings
    out = []
    for finding in findings:
        for acceptance in acceptances:
            if (
                acceptance.rule == finding.rule
                and acceptance.section in (None, finding.section)
                and _normal(acceptance.excerpt) in _normal(finding.excerpt)
            ):
                finding = replace(finding, accepted=True, why=acceptance.why)
                break
        out.append(finding)
    text = _article_text(article, sentences)
    for acceptance in acceptances:
        problem = None
        if acceptance.rule not in RULES:
            problem = f"names no known rule ({acceptance.rule!r})"
        elif _normal(acceptance.excerpt) not in text:
            problem = "quotes an excerpt that is no longer in the text"
        if problem:
            out.append(
                Finding(
                    article.id,
                    None,
                    acceptance.section,
                    SEVERITY["stale-acceptance"],
                    "stale-acceptance",
                    f"The accepted exception for {acceptance.rule!r} {problem}; update or "
                    "remove it in checks.accept.",
                    acceptance.excerpt,
                )
            )
    return out


# --- the engine ------------------------------------------------------------------------------


def check_article(article: Article) -> list[Finding]:
    """Every finding for one article, tier by tier in reading order, then across tiers.

    Findings are kept in the persistent result cache (`readability.score_cache`) under the
    article's full content, the word lists in force and `checks_version()`: a warm run neither
    cleans, splits nor looks words up, and any edit to the article or the rules recomputes.
    """
    return cached(
        "findings",
        [checks_version(), check_words().model_dump_json(), article.model_dump_json()],
        lambda: _find_all(article),
        encode=lambda found: [asdict(f) for f in found],
        decode=lambda rows: [Finding(**row) for row in rows],
    )


def checks_version() -> str:
    """A fingerprint of the check code and everything it imports from the project, the YAML
    the rules and scores read, and the versions of wordfreq and the scoring libraries."""
    here = Path(__file__).parent
    data = sorted([*here.glob("*.yaml"), *here.parent.joinpath("content").glob("*.yaml")])
    return source_fingerprint(
        "readability.checks",
        distributions=("wordfreq", "textstat", "markdown-it-py", "pydantic"),
        data_files=tuple(data),
    )


def _find_all(article: Article) -> list[Finding]:
    evidence = article_evidence(article)
    sentences = {tier: article_sentences(article, tier) for tier in TIERS}
    findings: list[Finding] = []
    for tier in PLAIN_TIERS:
        findings += overclaims(article, sentences[tier], evidence)
        findings += non_human_unqualified(article, tier, sentences[tier], evidence)
    findings += abbreviations(article, sentences[PATIENT_TIER])
    findings += rare_words(article, sentences[PATIENT_TIER])
    for tier in TIERS:
        findings += long_sentences(article, sentences[tier], tier)
    findings += tier_order(article, sentences)
    findings += citation_parity(article)
    return apply_acceptances(article, findings, sentences)


def load_failure(result: LoadResult) -> Finding:
    """The `load` error for a file that failed to load, naming its errors."""
    errors = [p for p in result.problems if p.severity == ERROR] or result.problems
    return Finding(
        result.path.stem,
        None,
        None,
        SEVERITY["load"],
        "load",
        "The file failed to load: " + "; ".join(str(p) for p in errors),
        "",
    )


def check_library(library: Library) -> list[Finding]:
    """Findings for every article, plus a `load` error for each file that failed to load."""
    findings: list[Finding] = []
    for result in library.results:
        if result.article is None:
            findings.append(load_failure(result))
        else:
            findings += check_article(result.article)
    return findings


def check_file_version() -> str:
    """What one file's findings depend on besides the file: the check code and word lists."""
    return f"{checks_version()}/{check_words().model_dump_json()}"


def finding_rows(article: Article) -> list[dict[str, Any]]:
    """`check_article` as JSON-able rows (`Finding(**row)` rebuilds each)."""
    return [asdict(f) for f in check_article(article)]


def load_check_data() -> None:
    """The scoring word lists and wordfreq's English frequencies, read now (before forking)."""
    load_word_lists()
    everyday_zipf("reading")


# `python -m readability check` over files: outcomes cached per file, misses in parallel.
CHECK = FileTask("check-file", check_file_version, finding_rows, load_check_data)


def check_files(
    files: list[Path], *, workers: int = 1, progress: Callable[[int], None] | None = None
) -> list[Finding]:
    """`check_library(load_library(*files))`, each file's findings cached by its bytes."""
    findings: list[Finding] = []
    for outcome in without_duplicates(
        file_outcomes(files, CHECK, workers=workers, progress=progress)
    ):
        if outcome.article_id is None:
            findings.append(load_failure(LoadResult(outcome.path, None, outcome.problems)))
        else:
            findings += [Finding(**row) for row in outcome.result]
    return findings
