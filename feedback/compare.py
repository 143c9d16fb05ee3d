"""Where readers and the readability formula disagree about a tier of an article."""

from __future__ import annotations

from feedback.store import ANSWERS, SummaryRow

# Below this many answers a majority is noise, so no flag is raised.
MIN_ANSWERS_TO_FLAG = 5


def shares(row: SummaryRow) -> dict[str, float]:
    """Each answer's share of the total (0..1); all zero when nobody answered."""
    return {a: (row.count(a) / row.total if row.total else 0.0) for a in ANSWERS}


def disagreement(
    verdict: str, row: SummaryRow, min_answers: int = MIN_ANSWERS_TO_FLAG
) -> str | None:
    """A sentence for the editor when most readers contradict the formula's verdict, else None.

    `verdict` is the readability verdict: pass (meets the goal), warn (above goal, within the
    limit) or miss (above the limit).
    """
    if row.total < min_answers:
        return None
    share = shares(row)
    if verdict in ("pass", "warn") and share["too_hard"] > 0.5:
        return "The formula puts it within the target, but most readers say it is too hard."
    if verdict == "miss" and share["too_hard"] < 0.5 and share["about_right"] > 0.5:
        return "The formula says it misses the target, but most readers say it is about right."
    if share["too_simple"] > 0.5:
        return "Most readers say it is too simple for this level."
    return None
