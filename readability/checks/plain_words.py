"""Rules on plain words: `abbreviation`, `rare-word` and `long-sentence`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from readability.check_words import check_words
from readability.checks.findings import SEVERITY, Finding, words_in
from readability.sentences import Sentence

# An abbreviation: a word with two or more capitals, mostly capitals ("IL-18", "5-HT", "NMDARs").
_ABBREVIATION = re.compile(r"(?<![\w-])\w+(?:-\w+)*")
_LETTERS = re.compile(r"[^\W\d_]+")


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


def abbreviations(article_id: str, sentences: list[Sentence]) -> Iterator[Finding]:
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
                article_id,
                sentence.tier,
                sentence.part,
                SEVERITY["abbreviation"],
                "abbreviation",
                f'"{abbreviation}" is not spelled out at its first use in the {sentence.tier} '
                f"text; a patient reads the text, not the glossary. Write the full words first, "
                f'as in "full words ({abbreviation})", or avoid it. Reading formulas count '
                f'"{abbreviation}" as one short word, so the grade undercounts how hard it is.',
                sentence.text,
                term=match.group(0),
            )


# Everyday kinds of thing an explanation names ("Probiotics are live germs ...").
_KINDS = (
    r"(?:germs?|bacteria|bacterium|proteins?|chemicals?|enzymes?|substances?|cells?|experts?|"
    r"doctors?|nurses?|people|foods?|drinks?|medicines?|drugs?|tests?|illness(?:es)?)"
)


def _explained_in(word: str, text: str) -> bool:
    """The text explains the word: 'called X', 'X is a', 'X (…)', '(X)', 'X, a …', 'X means'."""
    w = re.escape(word) + r"(?:e?s)?"
    patterns = (
        rf"\b(?:called|named|known as)\s+(?:the\s+)?{w}\b",
        # "X is a", or a term of up to three words: "vagus nerve is a"
        rf"\b{w}(?:\s+[^\W\d]+){{0,2}}\s+(?:is|are|was|were|means?)\s+(?:a|an|the|one|when|how)\b",
        # "X means …" right after the word: "Osteoporosis means your bones break easily"
        rf"\b{w}\s+means?\b",
        rf"\b{w}\s*\(",
        rf"\([^)]*\b{w}\b[^)]*\)",
        rf"\b{w},\s+(?:a|an|the|which|who)\b",
        # "X. These are proteins ...": the next sentence says what it is
        rf"\b{w}\W+(?:these|this|they|it)\s+(?:is|are|was|were)\s+",
        # "Its name is C. difficile"
        rf"\bnames?\s+(?:is|are)\s+(?:[A-Z]\.\s*)?{w}\b",
        # "Probiotics are live germs": a kind of thing readers know
        rf"\b{w}\s+(?:is|are)\s+(?:[^\W\d]+\s+){{0,2}}{_KINDS}\b",
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


def rare_words(article_id: str, sentences: list[Sentence]) -> Iterator[Finding]:
    """Rare words by wordfreq's Zipf scale; tokenised here so hyphens and digits stay intact.

    A glossary entry does not silence a word: the patient reads the sentence, not the glossary
    (issue 19), so the text must explain the word where it is used.
    """
    words = check_words()
    whole_text = " ".join(s.text for s in sentences)
    seen: set[str] = set()
    for sentence in sentences:
        for token in words_in(sentence.text):
            if any(c.isdigit() for c in token) or _abbreviation(token):
                continue
            for piece in token.split("-"):
                word = piece.casefold().strip("'\u2019").removesuffix("'s").removesuffix("\u2019s")
                if not word.isalpha() or word in seen:
                    continue
                seen.add(word)
                zipf = everyday_zipf(word)
                if zipf >= words.rare_word_zipf:
                    continue
                if _explained_in(word, whole_text):
                    continue
                yield Finding(
                    article_id,
                    sentence.tier,
                    sentence.part,
                    SEVERITY["rare-word"],
                    "rare-word",
                    f'"{piece}" is rare in everyday English (Zipf {zipf:.2f}, below '
                    f"{words.rare_word_zipf:g}) and is not explained in the text (a glossary entry "
                    "is not enough: the patient reads the sentence). Use an everyday word, or "
                    "explain it where it first appears.",
                    sentence.text,
                    term=piece,
                )


def long_sentences(article_id: str, sentences: list[Sentence], tier: str) -> Iterator[Finding]:
    """Sentences over the tier's word limit (check_words.yaml); tiers without one pass."""
    limit = check_words().max_sentence_words.get(tier)
    if limit is None:
        return
    for sentence in sentences:
        count = len(words_in(sentence.text))
        if count > limit:
            yield Finding(
                article_id,
                tier,
                sentence.part,
                SEVERITY["long-sentence"],
                "long-sentence",
                f"{count} words; {tier} sentences should have at most {limit}. Split it.",
                sentence.text,
            )
