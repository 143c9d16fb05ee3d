"""Editorial accounts, the audit trail, and review records bound to an article file's bytes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "editorial_accounts",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=True),
        sa.Column("roles", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("name", name="uq_editorial_account_name"),
    )
    op.create_table(
        "editorial_audit",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("article_id", sa.String(80), nullable=True),
        sa.Column("file_hash", sa.String(64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_editorial_audit_article", "editorial_audit", ["article_id", "at"])
    op.create_table(
        "editorial_submissions",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(80), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index(
        "ix_editorial_submissions_article", "editorial_submissions", ["article_id", "file_hash"]
    )
    op.create_table(
        "editorial_approvals",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(80), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("next_review", sa.Date(), nullable=False),
        sa.UniqueConstraint(
            "article_id", "file_hash", "reviewer_id", name="uq_editorial_one_approval"
        ),
    )
    op.create_table(
        "editorial_change_requests",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(80), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("editorial_change_requests")
    op.drop_table("editorial_approvals")
    op.drop_index("ix_editorial_submissions_article", table_name="editorial_submissions")
    op.drop_table("editorial_submissions")
    op.drop_index("ix_editorial_audit_article", table_name="editorial_audit")
    op.drop_table("editorial_audit")
    op.drop_table("editorial_accounts")
