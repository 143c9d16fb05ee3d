"""Readers' answers (one per session, article and tier) and the write log for the rate limit.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "feedback_answers",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("session_token", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(80), nullable=False),
        sa.Column("tier", sa.String(20), nullable=False),
        sa.Column("answer", sa.String(20), nullable=False),
        sa.Column("section_id", sa.String(80), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "answer IN ('too_hard', 'about_right', 'too_simple')", name="ck_feedback_answer"
        ),
        sa.UniqueConstraint(
            "session_token", "article_id", "tier", name="uq_feedback_one_answer_per_session"
        ),
    )
    op.create_index("ix_feedback_answers_article_tier", "feedback_answers", ["article_id", "tier"])
    op.create_index("ix_feedback_answers_answered_at", "feedback_answers", ["answered_at"])
    op.create_table(
        "feedback_writes",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("session_token", sa.String(32), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
    )
    op.create_index(
        "ix_feedback_writes_session_time", "feedback_writes", ["session_token", "written_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_feedback_writes_session_time", table_name="feedback_writes")
    op.drop_table("feedback_writes")
    op.drop_index("ix_feedback_answers_answered_at", table_name="feedback_answers")
    op.drop_index("ix_feedback_answers_article_tier", table_name="feedback_answers")
    op.drop_table("feedback_answers")
