"""Locust's simulated reader: one `benchmarks.load.journey.visit` per task, each step an event.

Run by `python -m benchmarks.load` as `locust -f benchmarks/load/locustfile.py --headless …` in
a child process of its own: importing Locust monkey-patches the process with gevent, which breaks
other libraries (Playwright's sync API among them). Settings come from the environment:

- LOAD_ACKS_FILE: append one JSON line per acknowledged answer (see `journey.Ack`);
- LOAD_STEPS_FILE: append one JSON line per step (step, seconds, error): exact times, where
  Locust's own statistics round them and count a failed step's time as a response time;
- LOAD_THINK: "MIN,MAX" seconds a reader pauses between steps and between visits (default 1,3);
- LOAD_STEP_TIMEOUT: seconds a step may take before it counts as an error (default 30);
- LOAD_RECONNECT_WITHIN: seconds a reader whose stream broke keeps reconnecting (default 10;
  0 gives up at once).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from locust import User, task

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.load.journey import append_ack, append_line, visit  # noqa: E402
from content.tiers import TIER_NAMES, tier_label  # noqa: E402

ACKS = Path(os.environ["LOAD_ACKS_FILE"]) if os.environ.get("LOAD_ACKS_FILE") else None
STEPS = Path(os.environ["LOAD_STEPS_FILE"]) if os.environ.get("LOAD_STEPS_FILE") else None
THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK", "1,3").split(","))
STEP_TIMEOUT = float(os.environ.get("LOAD_STEP_TIMEOUT", "30"))
RECONNECT_WITHIN = float(os.environ.get("LOAD_RECONNECT_WITHIN", "10")) or None
TIERS = {name: tier_label(name) for name in TIER_NAMES}


class Reader(User):
    """A reader who visits, reads, answers and leaves; then a new reader takes the place."""

    def wait_time(self) -> float:
        return random.uniform(THINK[0], THINK[-1])

    @task
    def read_an_article(self) -> None:
        def record(step: str, seconds: float, size: int, error: BaseException | None) -> None:
            self.environment.events.request.fire(
                request_type="WS",
                name=step,
                response_time=seconds * 1000,
                response_length=size,
                exception=error,
                context={},
            )
            if STEPS is not None:
                error_text = None if error is None else f"{type(error).__name__}: {error}"
                append_line(STEPS, {"step": step, "s": round(seconds, 4), "error": error_text})

        ack = visit(
            self.host,
            TIERS,
            record,
            think=(THINK[0], THINK[-1]),
            timeout=STEP_TIMEOUT,
            reconnect_within=RECONNECT_WITHIN,
        )
        if ack is not None and ACKS is not None:
            append_ack(ACKS, ack)
