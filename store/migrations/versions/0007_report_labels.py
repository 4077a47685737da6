"""report_labels: a user's law-enforcement verdict on an article (by URL); it wins over the classifier.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_labels",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("law_enforcement", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("labelled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_report_labels")),
    )


def downgrade() -> None:
    op.drop_table("report_labels")
