"""The readability report: one row per article × tier × section plus whole-tier rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from itertools import chain
from pathlib import Path
from typing import Any

from cache.results import source_fingerprint
from content.model import Article
from readability.assess import TierAssessment, assess_article, scoring_version
from readability.scores import FORMULAS, Scores
from readability.targets import TARGETS_FILE, Target

SCORE_COLUMNS: tuple[str, ...] = (*FORMULAS, "consensus_grade", "words", "sentences")
COLUMNS: tuple[str, ...] = (
    "article",
    "tier",
    "section",
    *SCORE_COLUMNS,
    "target",
    "goal",
    "limit",
    "meets_target",
    "verdict",
    "low_confidence",
)


def _row(
    article_id: str, tier: str, section: str | None, s: Scores, target: Target
) -> dict[str, Any]:
    return {
        "article": article_id,
        "tier": tier,
        "section": section,
        **{name: getattr(s, name) for name in SCORE_COLUMNS},
        **target.judgement(s.consensus_grade),
        "low_confidence": s.low_confidence,
    }


def tier_rows(article_id: str, assessment: TierAssessment) -> list[dict[str, Any]]:
    """Section rows in article order, then the whole-tier row (`section` is None)."""
    rows = [
        _row(article_id, assessment.tier, section_id, scores, assessment.target)
        for section_id, scores in assessment.sections.items()
    ]
    rows.append(_row(article_id, assessment.tier, None, assessment.whole, assessment.target))
    return rows


def report_rows(
    articles: Iterable[Article], progress: Callable[[int], None] | None = None
) -> list[dict[str, Any]]:
    """Every row of the report; `progress` hears the count of articles done after each one."""
    rows: list[dict[str, Any]] = []
    for done, article in enumerate(articles, start=1):
        for assessment in assess_article(article).values():
            rows += tier_rows(article.id, assessment)
        if progress:
            progress(done)
    return rows


def failing_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Whole-tier rows that miss their target: what `--check` fails on."""
    return [r for r in rows if r["section"] is None and not r["meets_target"]]


def report_csv(rows: list[dict[str, Any]]) -> str:
    """The report as CSV, exactly what `python -m readability report --format csv` prints."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


_SCALARS = frozenset({str, float, int, bool, type(None)})
# The C encoder (used only without `indent`) with the item separator indent=2 puts between
# the keys of a row: rows are flat, so only the text between rows needs mending afterwards.
_ROW_ITEMS = json.JSONEncoder(separators=(",\n    ", ": "))


def report_json(rows: list[dict[str, Any]]) -> str:
    """The report as JSON, byte for byte what `json.dumps(rows, indent=2)` gives.

    The standard library uses its C encoder only without `indent`; its pure-Python indenting
    encoder was half of a warm report. Report rows are non-empty flat dicts of scalars under
    string keys: for those, one C-encoded pass with the row-level separator, and the joints
    between rows rewritten (a real newline never occurs inside an encoded string). Anything
    else goes to `json.dumps`.
    """
    flat = (
        bool(rows)
        and set(map(type, rows)) == {dict}
        and all(rows)
        and set(map(type, chain.from_iterable(rows))) == {str}
        and set(map(type, chain.from_iterable(map(dict.values, rows)))) <= _SCALARS
    )
    if not flat:
        return json.dumps(rows, indent=2)
    text = _ROW_ITEMS.encode(rows)
    body = text[2:-2].replace("},\n    {", "\n  },\n  {\n    ")
    return "[\n  {\n    " + body + "\n  }\n]"


def report_version() -> str:
    """The report code (and the scoring code under it), the targets and the tier registry."""
    tiers_file = Path(__file__).parents[1] / "content" / "tiers.yaml"
    report = source_fingerprint("readability.report", data_files=(TARGETS_FILE, tiers_file))
    return f"{report}/{scoring_version()}"


def article_json(article: Article) -> str:
    """One article's rows as they appear inside `report_json`'s list (no brackets): the unit
    `readability.batch` caches per file, so a warm report neither builds rows nor encodes
    numbers."""
    rows = [row for a in assess_article(article).values() for row in tier_rows(article.id, a)]
    return report_json(rows)[2:-2] if rows else ""


def joined_report_json(parts: Iterable[str]) -> str:
    """`report_json` of all rows, from each article's `article_json`."""
    present = [part for part in parts if part]
    return "[\n" + ",\n".join(present) + "\n]" if present else "[]"
