"""The audit trail keeps the hash before a change as well as after it (a save from the writing
desk changes the file: its row holds both).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("editorial_audit", sa.Column("previous_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("editorial_audit") as batch:
        batch.drop_column("previous_hash")
