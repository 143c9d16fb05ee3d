"""Teach-back answers: one per session, article, tier and question (the first one counts).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "comprehension_answers",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("session_token", sa.String(32), nullable=False),
        sa.Column("article_id", sa.String(80), nullable=False),
        sa.Column("tier", sa.String(20), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("chosen", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint(
            "session_token", "article_id", "tier", "question_id", name="uq_comprehension_first"
        ),
    )
    op.create_index(
        "ix_comprehension_article_tier", "comprehension_answers", ["article_id", "tier"]
    )
    op.create_index("ix_comprehension_answered_at", "comprehension_answers", ["answered_at"])


def downgrade() -> None:
    op.drop_index("ix_comprehension_answered_at", table_name="comprehension_answers")
    op.drop_index("ix_comprehension_article_tier", table_name="comprehension_answers")
    op.drop_table("comprehension_answers")
