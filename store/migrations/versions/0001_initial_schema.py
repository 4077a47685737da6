"""Initial schema: reports, revisions, entity filters, crawl runs, fetch failures, locks.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of store.types: a migration must not change when the app's types do.
JSON_DOC = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True), "postgresql"
)


def utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("started_at", utc(), nullable=False),
        sa.Column("finished_at", utc(), nullable=True),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("revised", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_runs")),
    )
    op.create_table(
        "locks",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("acquired_at", utc(), nullable=False),
        sa.Column("expires_at", utc(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_locks")),
    )
    op.create_table(
        "fetch_failures",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_failed_at", utc(), nullable=False),
        sa.Column("last_attempt_at", utc(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_fetch_failures_run_id_crawl_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_fetch_failures")),
    )
    op.create_index(
        op.f("ix_fetch_failures_last_attempt_at"), "fetch_failures", ["last_attempt_at"]
    )
    # reports <-> revisions refer to each other. SQLite accepts a reference to a table
    # that does not exist yet (and cannot add one later without a rebuild); PostgreSQL
    # gets the constraint once both tables exist.
    current_revision_fk = sa.ForeignKeyConstraint(
        ["current_revision_id"],
        ["revisions.id"],
        name=op.f("fk_reports_current_revision_id_revisions"),
        ondelete="SET NULL",
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("subtitle", sa.Text(), nullable=True),
        sa.Column("published_at", utc(), nullable=False),
        sa.Column("modified_at", utc(), nullable=True),
        sa.Column("authors", JSON_DOC, nullable=False),
        sa.Column("translator", sa.Text(), nullable=True),
        sa.Column("categories", JSON_DOC, nullable=False),
        sa.Column("tags", JSON_DOC, nullable=False),
        sa.Column("image", JSON_DOC, nullable=True),
        sa.Column("body", JSON_DOC, nullable=False),
        sa.Column("figures", JSON_DOC, nullable=False),
        sa.Column("contact_email", sa.Text(), nullable=True),
        sa.Column("korean_url", sa.Text(), nullable=True),
        sa.Column("topic", JSON_DOC, nullable=False),
        sa.Column("entities", JSON_DOC, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("contact_hidden", sa.Boolean(), nullable=False),
        sa.Column("law_enforcement", sa.Boolean(), nullable=False),
        sa.Column("first_seen_at", utc(), nullable=False),
        sa.Column("last_seen_at", utc(), nullable=False),
        sa.Column("first_run_id", sa.Integer(), nullable=True),
        sa.Column("current_revision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["first_run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_reports_first_run_id_crawl_runs"),
            ondelete="SET NULL",
        ),
        *([current_revision_fk] if sqlite else []),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("url", name=op.f("uq_reports_url")),
    )
    op.create_index(op.f("ix_reports_first_seen_at"), "reports", ["first_seen_at"])
    op.create_index(
        "ix_reports_law_enforcement_published_at",
        "reports",
        ["law_enforcement", "published_at"],
    )
    op.create_index(op.f("ix_reports_post_id"), "reports", ["post_id"])
    op.create_index(op.f("ix_reports_published_at"), "reports", ["published_at"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("seen_at", utc(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("data", JSON_DOC, nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_revisions_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_revisions_run_id_crawl_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
        sa.UniqueConstraint(
            "report_id",
            "content_hash",
            name=op.f("uq_revisions_report_id_content_hash"),
        ),
    )
    if not sqlite:
        op.create_foreign_key(
            op.f("fk_reports_current_revision_id_revisions"),
            "reports",
            "revisions",
            ["current_revision_id"],
            ["id"],
            ondelete="SET NULL",
        )
    for kind, column in (("agencies", "agency"), ("provinces", "province")):
        table = f"report_{kind}"
        op.create_table(
            table,
            sa.Column("report_id", sa.Integer(), nullable=False),
            sa.Column(column, sa.String(length=64), nullable=False),
            sa.Column("published_at", utc(), nullable=False),
            sa.ForeignKeyConstraint(
                ["report_id"],
                ["reports.id"],
                name=op.f(f"fk_{table}_report_id_reports"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("report_id", column, name=op.f(f"pk_{table}")),
        )
        op.create_index(
            f"ix_{table}_{column}_published_at", table, [column, "published_at"]
        )


def downgrade() -> None:
    op.drop_table("report_provinces")
    op.drop_table("report_agencies")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            op.f("fk_reports_current_revision_id_revisions"),
            "reports",
            type_="foreignkey",
        )
    op.drop_table("revisions")
    op.drop_table("reports")
    op.drop_table("fetch_failures")
    op.drop_table("locks")
    op.drop_table("crawl_runs")
