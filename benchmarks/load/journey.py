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

from benchmarks.load.protocol import Session

LIBRARY_TITLE = "Health articles"
LEVEL_CONTROL = "Reading level"
QUESTION = "Was this page right for you?"
SEND = "Send answer"
THANKS = "Thank you, we saved your answer. You can change it at any time."
# Answer keys as stored (feedback.ANSWERS) and the words the page shows for them.
ANSWER_WORDS = {"too_hard": "Too hard", "about_right": "About right", "too_simple": "Too simple"}
STEPS = ("library", "article", "switch tier", "answer")


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
    sleep: Callable[[float], None] = time.sleep,
) -> Ack | None:
    """One reader's visit; `record(step, seconds, bytes, error)` is called once per step tried.

    `tiers` maps tier names to the labels the level control shows. Returns the acknowledged
    answer, or None when a step failed.
    """
    rng = rng or random.Random()
    session = Session(base_url, timeout=timeout)
    step, seconds, t0 = STEPS[0], 0.0, time.perf_counter()
    try:
        library = session.open()
        seconds = library.elapsed
        if library.title != LIBRARY_TITLE:
            raise StepFailed(f"library title was {library.title!r}")
        articles = [link for link in library.links if link.page == "article"]
        if not articles:
            raise StepFailed("the library shows no article links")
        record(step, seconds, library.received_bytes, None)
        sleep(rng.uniform(*think))

        step, seconds, t0 = STEPS[1], 0.0, time.perf_counter()
        link = rng.choice(articles)
        article_id = _query_value(link.query, "id") or ""
        tier = rng.choice(list(tiers))
        page = session.open("article", f"id={article_id}&persona={tier}")
        seconds = page.elapsed
        if page.title != link.label.strip("*"):
            raise StepFailed(f"article {article_id!r} showed title {page.title!r}")
        record(step, seconds, page.received_bytes, None)
        sleep(rng.uniform(*think))

        step, seconds, t0 = STEPS[2], 0.0, time.perf_counter()
        other = rng.choice([t for t in tiers if t != tier])
        switched = session.set_widget(LEVEL_CONTROL, tiers[other])
        if switched is None:
            raise StepFailed("the level control did not rerun the page")
        seconds = switched.elapsed
        if _query_value(switched.query, "persona") != other:
            raise StepFailed(f"switching to {other!r} left the address at {switched.query!r}")
        record(step, seconds, switched.received_bytes, None)
        sleep(rng.uniform(*think))

        step, seconds, t0 = STEPS[3], 0.0, time.perf_counter()
        answer = rng.choice(list(ANSWER_WORDS))
        session.set_widget(QUESTION, ANSWER_WORDS[answer])
        sent = session.set_widget(SEND)
        if sent is None:
            raise StepFailed("the send button did not rerun the page")
        seconds = sent.elapsed
        if not sent.has_text(THANKS):
            said = [t for t in sent.texts if "answer" in t.lower()]
            raise StepFailed(f"no acknowledgement; the page said {said[-1:]}")
        record(step, seconds, sent.received_bytes, None)
        return Ack(session.session_id or "", article_id, other, answer, time.time())
    except Exception as exc:  # any failure of a step is that step's error, then the reader leaves
        record(step, seconds or time.perf_counter() - t0, 0, exc)
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
