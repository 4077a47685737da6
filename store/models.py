"""The database tables, as SQLAlchemy 2.x typed models.

The migrations in ``store/migrations/versions`` create these tables; a test checks that
the two never drift apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from store.types import JsonDoc, UtcDateTime

# Stable constraint names, so later migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ReportRecord(Base):
    """One article: the current version of its Report fields plus when it was seen.

    ``current_revision_id`` stays NULL until the site edits the article; from then on it
    points to the newest row in ``revisions`` (which also keeps the original version).
    """

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    post_id: Mapped[int | None] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    modified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    authors: Mapped[list[Any]] = mapped_column(JsonDoc())
    translator: Mapped[str | None] = mapped_column(Text)
    editor: Mapped[str | None] = mapped_column(Text)
    categories: Mapped[list[Any]] = mapped_column(JsonDoc())
    tags: Mapped[list[Any]] = mapped_column(JsonDoc())
    image: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc())
    body: Mapped[list[Any]] = mapped_column(JsonDoc())
    figures: Mapped[list[Any]] = mapped_column(JsonDoc())
    contact_email: Mapped[str | None] = mapped_column(Text)
    disclaimer: Mapped[str | None] = mapped_column(Text)
    korean_url: Mapped[str | None] = mapped_column(Text)
    topic: Mapped[dict[str, Any]] = mapped_column(JsonDoc())
    entities: Mapped[dict[str, Any]] = mapped_column(JsonDoc())
    content_hash: Mapped[str] = mapped_column(String(64))
    contact_hidden: Mapped[bool]
    # A copy of topic.law_enforcement: the default listing filters on it.
    law_enforcement: Mapped[bool]
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    # use_alter: reports and revisions refer to each other.
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revisions.id", use_alter=True, ondelete="SET NULL")
    )

    __table_args__ = (
        # The default listing: law-enforcement reports, newest first.
        Index(
            "ix_reports_law_enforcement_published_at", "law_enforcement", "published_at"
        ),
    )


class RevisionRecord(Base):
    """One version of an article, kept once the site has edited it."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    # The whole Report as the store received it (``to_storage_dict()``).
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc())
    # The raw page this version was read from when that is not the page fetched with
    # its content hash: set by ``nkwatch reparse`` (store.reparsing).
    raw_page_id: Mapped[int | None] = mapped_column(
        ForeignKey("raw_pages.id", use_alter=True, ondelete="SET NULL")
    )

    # Two savers that see the same edit at once cannot record it twice.
    __table_args__ = (UniqueConstraint("report_id", "content_hash"),)


class ReportAgency(Base):
    """Which agencies a report names; with the date, so filtered listings read one index."""

    __tablename__ = "report_agencies"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    agency: Mapped[str] = mapped_column(String(64), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_report_agencies_agency_published_at", "agency", "published_at"),
    )


class ReportProvince(Base):
    """Which provinces a report names (casefolded), for ``--province`` without a scan."""

    __tablename__ = "report_provinces"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    province: Mapped[str] = mapped_column(String(64), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_report_provinces_province_published_at", "province", "published_at"),
    )


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    trigger: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    requests: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    revised: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    # The process that runs the crawl: a later run closes it as interrupted once it is gone.
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None]


class FetchFailure(Base):
    """An article that could not be fetched or parsed, and when it is tried again.

    ``kind``: "transient" (retried with back-off), "permanent" (not an article, 404, …:
    waits a long back-off) or "given_up" (transient too often: only a recheck tries it).
    """

    __tablename__ = "fetch_failures"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16), server_default="transient")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    first_failed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )


class Lock(Base):
    """A named lease: whoever holds an unexpired row owns the name (e.g. "crawl")."""

    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CrawlState(Base):
    """Small JSON values the crawler keeps between runs (resume points, HTTP validators)."""

    __tablename__ = "crawl_state"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JsonDoc())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RawPage(Base):
    """The HTTP response a version of a report was parsed from: the evidence behind it.

    One row per report and content hash (the first page seen of each version); ``body``
    is the body as the crawler received it (after transfer decoding), compressed as
    ``compression`` says (``zstd`` or ``gzip``); ``body_sha256`` is of the uncompressed
    body. ``headers`` is a list of ``[name, value]`` pairs in the order received.
    """

    __tablename__ = "raw_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    # The content hash of the Report parsed from this page when it was fetched.
    content_hash: Mapped[str] = mapped_column(String(64))
    request_url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int]
    protocol: Mapped[str | None] = mapped_column(String(16))
    headers: Mapped[list[Any]] = mapped_column(JsonDoc())
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    # "crawl" (fetched by nkwatch) or "warc" (brought in by import-warc).
    source: Mapped[str] = mapped_column(String(16))
    compression: Mapped[str] = mapped_column(String(8))
    body_size: Mapped[int]
    body_sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (UniqueConstraint("report_id", "content_hash"),)


class ReportLabel(Base):
    """A user's verdict on one article: it wins over the classifier's everywhere.

    Keyed by the article's URL, not by a version of it, so a label stays when the site edits
    the article (a revision) and when ``nkwatch reclassify`` rescores it, and a URL can be
    labelled before a crawl stores it (its first notification then follows the label).
    """

    __tablename__ = "report_labels"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    law_enforcement: Mapped[bool]
    note: Mapped[str | None] = mapped_column(Text)
    labelled_at: Mapped[datetime] = mapped_column(UtcDateTime)


class KeptNotification(Base):
    """A notification no target accepted: resent by later runs until delivered (bounded)."""

    __tablename__ = "kept_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the target URL: which channel resends it, without keeping its secrets.
    target_key: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(Text)  # describe_target(): no secrets
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    payload: Mapped[Any] = mapped_column(JsonDoc)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int]
    last_error: Mapped[str | None] = mapped_column(Text)
    # Set when the resends ran out: kept for `status` to show, never sent again.
    gave_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
