"""One simulated reader's visit, step by step, for Locust and for a warm-up without it.

The visit: open the library, open an article (one of the library's links) in a random tier,
switch the tier once, answer "Was this page right for you?", leave. Each step's time is from
sending the rerun to the server's `script_finished`. A step that raises, or whose page lacks
what a reader should see, is an error and ends the visit (as a reader would give up).

The words below are the page's own (ui/feedback_form.py, app.py, ui/page_frame.py); the
protocol tests check that they still match, so a renamed button shows up as a failing test,
not as a load run full of errors.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.load.protocol import Disconnected, Run, Session

LIBRARY_TITLE = "Health articles"
LEVEL_CONTROL = "Reading level"
QUESTION = "Was this page right for you?"
SEND = "Send answer"
THANKS = "Thank you, we saved your answer. You can change it at any time."
# Answer keys as stored (feedback.ANSWERS) and the words the page shows for them.
ANSWER_WORDS = {"too_hard": "Too hard", "about_right": "About right", "too_simple": "Too simple"}
STEPS = ("library", "article", "switch tier", "answer")
RECONNECT = "reconnect"  # recorded only when a stream broke mid-visit
RECONNECT_WITHIN_S = 10.0


class _Recorded(Exception):
    """A failure already recorded (after a reconnect); the visit ends without recording it."""


class StepFailed(Exception):
    """The page ran but did not show what a reader expects at this step."""


@dataclass(frozen=True)
class Ack:
    """An answer the page told the reader was saved: one row per (session, article, tier)."""

    session: str  # the Streamlit session id (each has its own feedback token)
    article: str
    tier: str
    answer: str
    at: float  # Unix time of the acknowledgement


Record = Callable[[str, float, int, BaseException | None], None]


def _query_value(query: str, name: str) -> str | None:
    for part in query.split("&"):
        key, _, value = part.partition("=")
        if key == name:
            return value
    return None


def visit(
    base_url: str,
    tiers: dict[str, str],
    record: Record,
    *,
    rng: random.Random | None = None,
    think: tuple[float, float] = (0.0, 0.0),
    timeout: float = 30.0,
    reconnect_within: float | None = RECONNECT_WITHIN_S,
    sleep: Callable[[float], None] | None = None,
) -> Ack | None:
    """One reader's visit; `record(step, seconds, bytes, error)` is called once per step tried.

    `tiers` maps tier names to the labels the level control shows. Returns the acknowledged
    answer, or None when a step failed. When the stream breaks after the first page (its
    replica died; not when the server is only slow), the step counts one error, the reader
    reconnects as the browser would (a `reconnect` step: same cookies, the page reloaded from
    its address, within `reconnect_within` seconds) and tries the step once more; None turns
    that off. Between steps the reader pauses `think` seconds with the stream open (`sleep`
    replaces that pause).
    """
    rng = rng or random.Random()
    session = Session(base_url, timeout=timeout)
    pause = sleep or session.idle  # a reader who reads keeps the stream open
    chosen: dict[str, str] = {}

    def library() -> Run:
        run = session.open()
        if run.title != LIBRARY_TITLE:
            raise StepFailed(f"library title was {run.title!r}")
        if not [link for link in run.links if link.page == "article"]:
            raise StepFailed("the library shows no article links")
        return run

    def article() -> Run:
        if "article" not in chosen:
            shown = session.last.links if session.last else []
            link = rng.choice([k for k in shown if k.page == "article"])
            chosen["article"] = _query_value(link.query, "id") or ""
            chosen["title"] = link.label.strip("*")
            chosen["tier"] = rng.choice(list(tiers))
        run = session.open("article", f"id={chosen['article']}&persona={chosen['tier']}")
        if run.title != chosen["title"]:
            raise StepFailed(f"article {chosen['article']!r} showed title {run.title!r}")
        return run

    def switch() -> Run:
        other = chosen.setdefault("other", rng.choice([t for t in tiers if t != chosen["tier"]]))
        run = session.set_widget(LEVEL_CONTROL, tiers[other])
        if run is None:
            raise StepFailed("the level control did not rerun the page")
        if _query_value(run.query, "persona") != other:
            raise StepFailed(f"switching to {other!r} left the address at {run.query!r}")
        return run

    def answer() -> Run:
        chosen.setdefault("answer", rng.choice(list(ANSWER_WORDS)))
        session.set_widget(QUESTION, ANSWER_WORDS[chosen["answer"]])
        run = session.set_widget(SEND)
        if run is None:
            raise StepFailed("the send button did not rerun the page")
        if not run.has_text(THANKS):
            said = [t for t in run.texts if "answer" in t.lower()]
            raise StepFailed(f"no acknowledgement; the page said {said[-1:]}")
        return run

    def attempt(step: str, action: Callable[[], Run]) -> None:
        t0 = time.perf_counter()
        try:
            run = action()
        except Disconnected as lost:  # not a slow server (StepTimeout): that is waited out
            if reconnect_within is None or session.last is None:
                raise
            record(step, time.perf_counter() - t0, 0, lost)
            t0 = time.perf_counter()
            try:
                session.reconnect(reconnect_within)
            except Exception as failed:
                record(RECONNECT, time.perf_counter() - t0, 0, failed)
                raise _Recorded from failed
            record(RECONNECT, time.perf_counter() - t0, 0, None)
            t0 = time.perf_counter()
            try:
                run = action()
            except Exception as again:
                record(step, time.perf_counter() - t0, 0, again)
                raise _Recorded from again
        record(step, run.elapsed, run.received_bytes, None)

    step, t0 = STEPS[0], time.perf_counter()
    try:
        for step, action in zip(STEPS, (library, article, switch, answer), strict=True):
            t0 = time.perf_counter()
            attempt(step, action)
            if step != STEPS[-1]:
                pause(rng.uniform(*think))
        return Ack(
            session.session_id or "",
            chosen["article"],
            chosen["other"],
            chosen["answer"],
            time.time(),
        )
    except _Recorded:
        return None
    except Exception as exc:  # any failure of a step is that step's error, then the reader leaves
        record(step, time.perf_counter() - t0, 0, exc)
        return None
    finally:
        session.close()


def append_line(path: Path, row: dict[str, object]) -> None:
    """One JSON line, appended at once (a run can be cut short)."""
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")


def append_ack(path: Path, ack: Ack) -> None:
    append_line(path, asdict(ack))


def read_lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
