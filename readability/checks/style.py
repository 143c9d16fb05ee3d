"""Rules on style: `passive-voice` in the plain tier and `long-paragraph` in the plain tiers.

A passive sentence hides who acts ("You are given a leaflet"): plain-language guides ask for the
active form ("Your nurse gives you a leaflet"), and the SHeLL Health Literacy Editor marks it.
A long paragraph is a wall of text that plain readers skip. The word lists and limits are in
readability/style_words.yaml; the passive finder is calibrated on a labelled set of sentences
(tests/fixtures/passive_sentences.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from readability.checks.findings import SEVERITY, Finding, words_in
from readability.sentences import Sentence
from readability.style_words import StyleWords, style_words

# Words (with inner apostrophes and hyphens), numbers, and any other single character.
_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?:-[^\W\d_]+)*|\d[\d.,]*|\S")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str  # case-folded, curly apostrophes made straight


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.start(), m.end(), m.group(0).casefold().replace("\u2019", "'"))
        for m in _TOKEN.finditer(text)
    ]


def _is_verb(word: str, words: StyleWords) -> bool:
    """A form of "be" or "get", or a pronoun with "'s", "'re" or "'m" ("it's", "you're")."""
    if word in words.verbs:
        return True
    head, apostrophe, tail = word.partition("'")
    return (
        bool(apostrophe)
        and f"'{tail}" in words.contraction_endings
        and (head in words.contraction_subjects)
    )


def _is_auxiliary(word: str, words: StyleWords) -> bool:
    """A helping word before "be" or "been" ("can", "has", "you've", "it's")."""
    _, apostrophe, tail = word.partition("'")
    return word in words.auxiliaries or bool(apostrophe) and f"'{tail}" in words.auxiliaries


def _is_adverb(word: str, words: StyleWords) -> bool:
    if word in words.adverbs:
        return True
    plain = word.isalpha() and word not in words.not_adverbs
    return plain and word.endswith("ly") and len(word) > 4


def _is_participle(word: str, words: StyleWords) -> bool:
    """A past participle: a listed irregular one or a plain word ending in -ed ("untested" is an
    adjective: there is no verb "untest")."""
    if word in words.irregular_participles:
        return True
    if word.startswith("un") and word not in words.un_verbs:
        return False
    plain = word.isalpha() and word not in words.not_participles
    return plain and word.endswith("ed") and len(word) >= 4


def _before_noun(participle: str, after: str | None, words: StyleWords) -> bool:
    """The participle is an adjective before a noun ("There is limited evidence"): a content
    word follows and the participle is not one that takes an object or complement."""
    if after is None or not after[0].isalpha() or participle in words.takes_complement:
        return False
    return after not in words.function_words and not _is_adverb(after, words)


def passive_phrases(text: str, words: StyleWords | None = None) -> list[str]:
    """Each passive in a text as written ("was given", "can be treated", "it's been shown")."""
    words = words or style_words()
    tokens = _tokens(text)
    found: list[str] = []
    for i, verb in enumerate(tokens):
        if not _is_verb(verb.word, words):
            continue
        j = i + 1
        limit = min(len(tokens), i + 1 + words.max_adverbs)
        while j < limit and _is_adverb(tokens[j].word, words):
            j += 1
        if j >= len(tokens) or not _is_participle(tokens[j].word, words):
            continue
        participle = tokens[j].word
        after = tokens[j + 1].word if j + 1 < len(tokens) else None
        if verb.word in words.get_forms and participle in words.not_passive_after_get:
            continue
        if (participle, after) in words.fixed:
            continue
        if participle in words.adjectival and after != words.agent_word:
            continue
        if _before_noun(participle, after, words):
            continue
        start = i
        # Take in the helping words that belong to it: "can be treated", "has not been shown".
        while start > 0 and i - start < 2 and _is_auxiliary(tokens[start - 1].word, words):
            start -= 1
        found.append(text[tokens[start].start : tokens[j].end])
    return found


def passive_voices(article_id: str, tier: str, sentences: list[Sentence]) -> Iterator[Finding]:
    """Each passive verb in a tier's sentences, with the sentence as excerpt."""
    words = style_words()
    for sentence in sentences:
        for phrase in passive_phrases(sentence.text, words):
            participle = phrase.split()[-1].casefold()
            if form := words.active_forms.get(participle):
                hint = f'for example "{form}" rather than "… {participle}"'
            else:
                hint = '"Your nurse gives you…" rather than "You are given…"'
            yield Finding(
                article_id,
                tier,
                sentence.part,
                SEVERITY["passive-voice"],
                "passive-voice",
                f'"{phrase}" is passive: it hides who does it. Say who does it: {hint}.',
                sentence.text,
                term=phrase,
            )


def long_paragraphs(article_id: str, tier: str, sentences: list[Sentence]) -> Iterator[Finding]:
    """Each paragraph or bullet over the sentence or word limit, once, at its first sentence."""
    words = style_words()
    for (part, _), block in groupby(sentences, key=lambda s: (s.part, s.markdown)):
        own = list(block)
        count = sum(len(words_in(s.text)) for s in own)
        if len(own) <= words.max_paragraph_sentences and count <= words.max_paragraph_words:
            continue
        yield Finding(
            article_id,
            tier,
            part,
            SEVERITY["long-paragraph"],
            "long-paragraph",
            f"This paragraph has {len(own)} sentence{'s' if len(own) > 1 else ''} and {count} "
            f"words; {tier} paragraphs "
            f"should have at most {words.max_paragraph_sentences} sentences and "
            f"{words.max_paragraph_words} words. Break it after a sentence that ends one idea, "
            "or turn a series into a list.",
            own[0].text,
        )
