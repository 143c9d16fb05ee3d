"""Rules on numbers: `relative-risk`, a relative effect with no absolute figure beside it.

"58 % lower risk" alone leaves a reader unable to tell a big benefit from a tiny one; paired
with "13 in 100 people without it, 5 in 100 with it" it can be judged. Readers understand
benefits and harms far better from absolute numbers (PLAIN_LANGUAGE.md), so every bullet or
paragraph of patient or student text that gives a relative effect should give an absolute one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import groupby

from readability.checks.findings import SEVERITY, Finding
from readability.sentences import Sentence

_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d[\d,]*(?:\.\d+)?)"
_FRACTION = r"(?:a|one)[\s-](?:third|quarter|fifth|half)|half|two[\s-]thirds|three[\s-]quarters"
_PERCENT = r"\d+(?:\.\d+)?\s?(?:%|per\s?cent|percent)"
# What a relative effect is an effect on: risks and outcomes, not doses ("25 % fewer calories"
# describes what a trial gave, not what it found).
_OUTCOME = (
    r"(?:risk|risks|chance|chances|odds|rate|rates|likely|deaths?|die|dying|mortality|falls?|"
    r"fractures?|cases?|infections?|diarrh(?:o)?ea|events?|cancers?|disease|illness|episodes?)"
)
_COMPARATIVE = (
    r"(?:lower|higher|less|more|fewer|greater|smaller|bigger|reduction|increase|drop|rise)"
)
_RELATIVE = re.compile(
    "|".join(
        [
            # "58 % lower risk", "20% fewer falls", "30 per cent less likely"
            rf"{_PERCENT}\s+{_COMPARATIVE}\s+(?:\w+\s+){{0,2}}?{_OUTCOME}\b",
            # "half as likely", "twice as likely", "three times as often"
            rf"\b(?:half|twice|{_NUMBER_WORDS}\s+times)\s+as\s+(?:likely|many|much|often|common)",
            # "twice the risk", "double the chance", "half the odds"
            r"\b(?:twice|double|triple|half)\s+(?:the|their|your)\s+(?:risk|chance|odds|rate)",
            # "relative risk 0.58", "hazard ratio", "odds ratio"
            r"\b(?:relative\s+risk|risk\s+ratio|odds\s+ratio|hazard\s+ratio|rate\s+ratio)\b",
            # "reduced by a third", "cut the risk by 40 %", "lowered deaths by half"
            rf"\b(?:reduc|cut|lower|rais|increas|halv|doubl)\w*\s+(?:(?:the|their|your)\s+)?"
            rf"(?:{_OUTCOME}\s+(?:of\s+\w+\s+)?)?by\s+(?:{_FRACTION}|{_PERCENT})",
            # "a third lower risk", "a quarter fewer falls"
            rf"\b(?:{_FRACTION})\s+{_COMPARATIVE}\s+(?:\w+\s+){{0,2}}?{_OUTCOME}\b",
        ]
    ),
    re.IGNORECASE,
)
_ABSOLUTE = re.compile(
    "|".join(
        [
            # "13 in 100", "1 in 8", "8 out of 100 people", "one in every ten"
            rf"\b{_NUMBER_WORDS}\s+(?:in|out\s+of)\s+(?:every\s+)?{_NUMBER_WORDS}\b",
            rf"\b{_NUMBER_WORDS}\s+(?:in|out\s+of)\s+(?:a\s+)?(?:hundred|thousand)\b",
            # "per 1,000 people", "number needed to treat", "percentage points"
            r"\bper\s+(?:\d[\d,]*|hundred|thousand)\s+(?:people|patients|adults|children|women|men|"
            r"person[\s-]years)",
            r"\bnumber\s+needed\s+to\s+(?:treat|harm)\b|\bNNT\b|\bpercentage\s+points?\b",
            r"\babsolute\s+(?:risk|difference|reduction|increase)\b",
        ]
    ),
    re.IGNORECASE,
)


def relative_effect(text: str) -> str | None:
    """The first relative effect a text states ("58 % lower"), if any."""
    match = _RELATIVE.search(text)
    return match.group(0) if match else None


def has_absolute_figure(text: str) -> bool:
    """Whether a text gives an absolute figure ("13 in 100", "per 1,000 people")."""
    return bool(_ABSOLUTE.search(text))


def relative_risks(article_id: str, tier: str, sentences: list[Sentence]) -> Iterator[Finding]:
    """Each bullet or paragraph with a relative effect and no absolute figure in it."""
    for (part, _), item in groupby(sentences, key=lambda s: (s.part, s.markdown)):
        own = list(item)
        whole = " ".join(s.text for s in own)
        if relative_effect(whole) is None or has_absolute_figure(whole):
            continue
        sentence = next((s for s in own if relative_effect(s.text)), own[0])
        effect = relative_effect(whole)
        yield Finding(
            article_id,
            tier,
            part,
            SEVERITY["relative-risk"],
            "relative-risk",
            f'"{effect}" is a relative effect with no absolute figure in the same bullet or '
            "paragraph. Add what it means in people where the source gives it, for example "
            '"about 13 in 100 people without it and 8 in 100 with it".',
            sentence.text,
            term=relative_effect(sentence.text),
        )
