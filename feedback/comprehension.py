"""Did readers understand? Teach-back answers, stored like feedback and summed per question.

The same session token, validation, rate limit, retention and purge as "Was this page right for
you?" (`feedback.store`). The first answer per question per session is the one that counts: a
reader may try again after seeing the reason, and later tries are not stored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Integer, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from content import TIERS, Library
from feedback.db import WRITE, write_turn
from feedback.schema import comprehension, writes
from feedback.store import (
    RATE_WINDOW,
    InvalidAnswer,
    RateLimited,
    Store,
    Unavailable,
    known_article,
    utc_now,
)

COMPREHENSION_FIELDS = ("article", "tier", "question", "answers", "correct", "share_correct")
# An editor is told "readers miss this" below this share, once this many readers answered.
MISS_SHARE = 0.6
MIN_ANSWERS = 20


@dataclass(frozen=True)
class QuestionRow:
    """How readers answered one question of one article tier."""

    article: str
    tier: str
    question: str
    answers: int
    correct: int

    @property
    def share_correct(self) -> float:
        return self.correct / self.answers if self.answers else 0.0

    @property
    def missed(self) -> bool:
        """Readers miss this: fewer than 60 % right among at least 20 answers."""
        return self.answers >= MIN_ANSWERS and self.share_correct < MISS_SHARE

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "share_correct": round(self.share_correct, 4)}


def check_answer(
    library: Library,
    token: object,
    article_id: object,
    tier: object,
    question_id: object,
    chosen: object,
) -> bool:
    """Whether the chosen option is right; refuses anything the library does not know."""
    article = known_article(library, token, article_id, tier)
    question = next((q for q in article.questions.get(tier) if q.id == question_id), None)
    if question is None:
        raise InvalidAnswer(f"question: {article.id} has no {tier} question {question_id!r}")
    if (
        not isinstance(chosen, int)
        or isinstance(chosen, bool)
        or not (0 <= chosen < len(question.options))
    ):
        raise InvalidAnswer(f"chosen: not one of the {len(question.options)} options")
    return chosen == question.answer


def record_answer(
    store: Store,
    library: Library,
    token: str,
    article_id: str,
    tier: str,
    question_id: str,
    chosen: int,
) -> bool:
    """Store this session's first answer to the question; returns whether it was right (a later
    try is checked but not stored)."""
    correct = check_answer(library, token, article_id, tier, question_id, chosen)
    engine = store.engine
    try:
        with write_turn(engine), engine.execution_options(**WRITE).begin() as conn:
            now = utc_now()
            since = now - RATE_WINDOW
            if engine.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(token))))
            recent = conn.scalar(
                select(func.count())
                .select_from(writes)
                .where(writes.c.session_token == token, writes.c.written_at > since)
            )
            if recent >= store.writes_per_minute:
                raise RateLimited(f"more than {store.writes_per_minute} answers in a minute")
            conn.execute(writes.insert().values(session_token=token, written_at=now))
            insert = (pg_insert if engine.dialect.name == "postgresql" else sqlite_insert)(
                comprehension
            ).values(
                session_token=token,
                article_id=article_id,
                tier=tier,
                question_id=question_id,
                chosen=chosen,
                correct=correct,
                answered_at=now,
            )
            conn.execute(
                insert.on_conflict_do_nothing(
                    index_elements=["session_token", "article_id", "tier", "question_id"]
                )
            )
    except (SQLAlchemyError, TimeoutError) as exc:
        raise Unavailable(f"could not save the answer: {type(exc).__name__}") from exc
    return correct


def question_rows(store: Store) -> list[QuestionRow]:
    """One row per article, tier and question with at least one answer."""
    query = select(
        comprehension.c.article_id,
        comprehension.c.tier,
        comprehension.c.question_id,
        func.count(),
        func.sum(func.cast(comprehension.c.correct, Integer())),
    ).group_by(comprehension.c.article_id, comprehension.c.tier, comprehension.c.question_id)
    with store.engine.connect() as conn:
        rows = [QuestionRow(a, t, q, int(n), int(c or 0)) for a, t, q, n, c in conn.execute(query)]
    order = {tier: i for i, tier in enumerate(TIERS)}
    return sorted(rows, key=lambda r: (r.article, order.get(r.tier, len(TIERS)), r.question))


def tier_shares(rows: list[QuestionRow]) -> dict[tuple[str, str], tuple[int, float]]:
    """Per article tier: answers and the share correct, pooled over its questions."""
    pooled: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        total = pooled.setdefault((row.article, row.tier), [0, 0])
        total[0] += row.answers
        total[1] += row.correct
    return {key: (n, c / n if n else 0.0) for key, (n, c) in pooled.items()}


def purge_comprehension(store: Store, older_than_days: int) -> int:
    """Delete teach-back answers older than the given number of days; returns how many."""
    now = utc_now()
    with write_turn(store.engine), store.engine.execution_options(**WRITE).begin() as conn:
        return conn.execute(
            delete(comprehension).where(
                comprehension.c.answered_at < now - timedelta(days=older_than_days)
            )
        ).rowcount


def comprehension_csv(rows: list[QuestionRow]) -> str:
    """The rows as CSV: the CLI prints it and the editor page offers it for download."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COMPREHENSION_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row.to_dict() for row in rows)
    return out.getvalue()


__all__ = [
    "COMPREHENSION_FIELDS",
    "QuestionRow",
    "check_answer",
    "comprehension_csv",
    "purge_comprehension",
    "question_rows",
    "record_answer",
    "tier_shares",
]
