"""Full-text search: report_search (FTS5 on SQLite, tsvector + GIN on PostgreSQL), filled.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from store.search import create_index, drop_index, reindex_all

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    create_index(conn)
    reindex_all(conn)  # the reports stored before search existed


def downgrade() -> None:
    drop_index(op.get_bind())
