"""fetch_failures.kind and .next_attempt_at: settled verdicts are not retried on every run.

A permanent verdict (not an article, 404, 410, off-site redirect) waits a long back-off; a
transient one (5xx, timeout, reset, 429) is retried with a growing back-off and given up
after a bound (store/runs.py). Existing rows become transient and due now, as they were.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fetch_failures") as batch:
        batch.add_column(
            sa.Column(
                "kind", sa.String(length=16), nullable=False, server_default="transient"
            )
        )
        batch.add_column(
            sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_index("ix_fetch_failures_next_attempt_at", ["next_attempt_at"])


def downgrade() -> None:
    with op.batch_alter_table("fetch_failures") as batch:
        batch.drop_index("ix_fetch_failures_next_attempt_at")
        batch.drop_column("next_attempt_at")
        batch.drop_column("kind")
