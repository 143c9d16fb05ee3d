"""The fault drills' bookkeeping (benchmarks/load/faults.py): acknowledged answers against rows,
and the load summary's errors sorted by kind. The drills themselves need a deployment and minutes
of load; they are run by hand (README "Faults survived")."""

from __future__ import annotations

from benchmarks.load.faults import NOT_SAVED, compare_acks, series_row, split_failures
from ui.feedback_form import NOT_SAVED as PAGE_NOT_SAVED


def ack(session: str, article: str, tier: str, answer: str, at: float = 0.0) -> dict:
    return {"session": session, "article": article, "tier": tier, "answer": answer, "at": at}


def row(article: str, tier: str, answer: str) -> dict:
    return {"article_id": article, "tier": tier, "answer": answer}


def test_every_distinct_acknowledged_key_is_a_row() -> None:
    acks = [ack("s1", "a", "t1", "too_hard"), ack("s2", "a", "t1", "too_hard")]
    result = compare_acks(acks, [row("a", "t1", "too_hard"), row("a", "t1", "too_hard")])
    assert result == {
        "acknowledged": 2,
        "distinct_ack_keys": 2,
        "rows": 2,
        "equal": True,
        "lost": [],
    }


def test_a_later_answer_replaces_the_earlier_one_for_the_same_key() -> None:
    acks = [ack("s1", "a", "t1", "about_right", at=2), ack("s1", "a", "t1", "too_hard", at=1)]
    result = compare_acks(acks, [row("a", "t1", "about_right")])
    assert result["distinct_ack_keys"] == 1 and result["equal"]
    assert not compare_acks(acks, [row("a", "t1", "too_hard")])["equal"]


def test_a_missing_acknowledged_answer_is_reported_lost() -> None:
    acks = [ack("s1", "a", "t1", "too_hard"), ack("s2", "b", "t2", "too_simple")]
    result = compare_acks(acks, [row("a", "t1", "too_hard"), row("c", "t2", "too_simple")])
    assert result["lost"] == ["b/t2/too_simple"]
    assert not result["equal"]


def test_a_saved_but_unacknowledged_row_is_extra_not_lost() -> None:
    result = compare_acks([ack("s1", "a", "t1", "too_hard")], [row("a", "t1", "too_hard")] * 2)
    assert result["lost"] == [] and result["rows"] == 2 and not result["equal"]


def test_errors_are_sorted_by_kind() -> None:
    said = f"StepFailed: no acknowledgement; the page said ['{PAGE_NOT_SAVED}']"
    failures = [
        {"step": "answer", "error": said, "count": 4},
        {"step": "article", "error": "ProtocolError: stream closed", "count": 2},
        {"step": "switch tier", "error": "Disconnected: stream closed", "count": 1},
        {"step": "article", "error": "StepTimeout: no script_finished within 30 s", "count": 6},
        {"step": "reconnect", "error": "ProtocolError: gave up", "count": 1},
        {"step": "library", "error": "StepFailed: library title was None", "count": 3},
        {"step": "answer", "error": "StepFailed: no acknowledgement; the page said []", "count": 5},
    ]
    assert split_failures(failures) == {
        "answer_not_saved": 4,
        "answer_not_acknowledged": 5,
        "stream_lost": 3,
        "step_timeout": 6,
        "reconnect_failed": 1,
        "other": 3,
    }


def test_the_not_saved_words_are_the_pages_own() -> None:
    assert PAGE_NOT_SAVED.startswith(NOT_SAVED)


def test_a_series_row_takes_the_article_step_and_each_server() -> None:
    summary = {
        "users": 25,
        "load_average_before": [1.0, 1.0, 1.0],
        "load_average_after": [2.0, 1.0, 1.0],
        "steps": {"article": {"p50_s": 0.5, "p95_s": 1.5}},
        "errors": 0,
        "visits": 40,
        "servers": [
            {"rss_peak_mb": 250.0, "per_session_mb": 0.8, "cpu_share": 0.9},
            {"rss_peak_mb": 240.0, "per_session_mb": 0.6, "cpu_share": 0.7},
        ],
        "locust_cpu_share": 0.05,
        "cores": 2,
    }
    out = series_row(2, summary)
    assert (out["article_p50_s"], out["article_p95_s"]) == (0.5, 1.5)
    assert out["rss_peak_mb"] == [250.0, 240.0] and out["load_avg"] == [1.0, 2.0]
