"""The readability report: one row per article × tier × section plus whole-tier rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring_ascii
from typing import Any

from content.model import Article
from readability.assess import TierAssessment, assess_article
from readability.scores import Scores
from readability.targets import Target

SCORE_COLUMNS: tuple[str, ...] = (
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "smog_index",
    "gunning_fog",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "consensus_grade",
    "words",
    "sentences",
)
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


def _scalar_json(value: Any) -> str | None:
    """`value` as `json.dumps` writes it, for the scalars a report holds; None for anything else."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if kind is float:
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return None


def report_json(rows: list[dict[str, Any]]) -> str:
    """The report as JSON, byte for byte what `json.dumps(rows, indent=2)` gives.

    The standard library only uses its C encoder without `indent`; its pure-Python indenting
    encoder was a third of a warm report. Rows are flat dicts of scalars, so each line is built
    here from the C string encoder; anything else falls back to `json.dumps`.
    """
    if not rows:
        return "[]"
    blocks = []
    for row in rows:
        if type(row) is not dict or not row:
            return json.dumps(rows, indent=2)
        lines = []
        for key, value in row.items():
            text = _scalar_json(value)
            if text is None or type(key) is not str:
                return json.dumps(rows, indent=2)
            lines.append(f"    {encode_basestring_ascii(key)}: {text}")
        blocks.append("  {\n" + ",\n".join(lines) + "\n  }")
    return "[\n" + ",\n".join(blocks) + "\n]"
