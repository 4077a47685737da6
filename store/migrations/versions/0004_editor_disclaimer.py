"""reports.editor and reports.disclaimer: "*Translated by X and edited by Y" and guest-column notes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("editor", sa.Text(), nullable=True))
        batch.add_column(sa.Column("disclaimer", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("disclaimer")
        batch.drop_column("editor")
