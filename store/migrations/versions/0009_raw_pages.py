"""raw_pages: the HTTP response behind each version of a report, compressed;
revisions.raw_page_id: the page a version made by reparse was read from.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

JSON_DOC = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True), "postgresql"
)


def upgrade() -> None:
    op.create_table(
        "raw_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("request_url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("protocol", sa.String(length=16), nullable=True),
        sa.Column("headers", JSON_DOC, nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("compression", sa.String(length=8), nullable=False),
        sa.Column("body_size", sa.Integer(), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_raw_pages_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_raw_pages_run_id_crawl_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_pages")),
        sa.UniqueConstraint(
            "report_id",
            "content_hash",
            name=op.f("uq_raw_pages_report_id_content_hash"),
        ),
    )
    op.create_index(
        op.f("ix_raw_pages_report_id"), "raw_pages", ["report_id"], unique=False
    )
    op.create_index(
        op.f("ix_raw_pages_fetched_at"), "raw_pages", ["fetched_at"], unique=False
    )
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("raw_page_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_revisions_raw_page_id_raw_pages"),
            "raw_pages",
            ["raw_page_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.drop_constraint(
            op.f("fk_revisions_raw_page_id_raw_pages"), type_="foreignkey"
        )
        batch.drop_column("raw_page_id")
    op.drop_index(op.f("ix_raw_pages_fetched_at"), table_name="raw_pages")
    op.drop_index(op.f("ix_raw_pages_report_id"), table_name="raw_pages")
    op.drop_table("raw_pages")
