"""Rebuilding a stored report from its kept raw page with the current parser (no network).

What a new parse can do to a report:
- a different ``content_hash`` (title or body read differently): a revision, exactly as
  when the site edits an article, so the old reading stays in the history;
- the same hash but other fields differ (a caption, the authors, entities): the report
  is updated in place; the hash says the article's text is the same, and the old reading
  can always be rebuilt from the same raw page with the old parser;
- nothing differs: nothing is written.
The parser is passed in (``parse``): the store never imports the crawler.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from store import raw, saving
from store.models import (
    RawPage,
    ReportAgency,
    ReportProvince,
    ReportRecord,
    RevisionRecord,
)
from store.rows import CONTENT_COLUMNS, report_row, storage_dict
from store.search import index_reports

Parse = Callable[[bytes, str], Mapping[str, Any] | None]


def candidates(conn: Connection, since: datetime | None) -> list[tuple[int, str]]:
    """(id, url) of the reports with a raw page, published since ``since``, oldest first."""
    reports = ReportRecord.__table__
    query = (
        select(reports.c.id, reports.c.url)
        .where(select(RawPage.id).where(RawPage.report_id == reports.c.id).exists())
        .order_by(reports.c.published_at, reports.c.id)
    )
    if since is not None:
        query = query.where(reports.c.published_at >= since)
    return [(row.id, row.url) for row in conn.execute(query)]


def reparse_report(
    conn: Connection, report_id: int, parse: Parse, now: datetime, dry_run: bool = False
) -> str:
    """Parse the report's current raw page again: "revised", "updated", "unchanged",
    "unparsed" (the parser no longer sees an article there: the report is left alone) or
    "skipped" (its current version has no raw page)."""
    reports = ReportRecord.__table__
    old = (
        conn.execute(select(reports).where(reports.c.id == report_id))
        .mappings()
        .one_or_none()
    )
    if old is None:
        return "skipped"
    page_id = raw.current_page(conn, old)
    page = raw.raw_page(conn, page_id) if page_id is not None else None
    if page is None:  # this version was stored with raw pages off: nothing to read
        return "skipped"
    parsed = parse(page["body"], page["final_url"])
    if parsed is None:
        return "unparsed"
    # The store's key stays the stored URL, whatever the page's canonical link says now.
    new_row = report_row({**parsed, "url": old["url"]})
    old_row = report_row(storage_dict(old))
    if new_row["content_hash"] != old_row["content_hash"]:
        if dry_run:
            return "revised"
        saving.save_reports(conn, [{**parsed, "url": old["url"]}], now)
        # The new version was read from this page, fetched under another hash.
        conn.execute(
            update(RevisionRecord)
            .where(
                RevisionRecord.report_id == report_id,
                RevisionRecord.content_hash == new_row["content_hash"],
                RevisionRecord.raw_page_id.is_(None),
            )
            .values(raw_page_id=page_id)
        )
        # A reparse is not a visit to the site: last_seen_at keeps its meaning.
        conn.execute(
            update(ReportRecord)
            .where(ReportRecord.id == report_id)
            .values(last_seen_at=old["last_seen_at"])
        )
        return "revised"
    if new_row == old_row:
        return "unchanged"
    if dry_run:
        return "updated"
    _update_in_place(conn, old, new_row)
    return "updated"


def _update_in_place(
    conn: Connection, old: Mapping[str, Any], row: dict[str, Any]
) -> None:
    report_id = old["id"]
    conn.execute(
        update(ReportRecord)
        .where(ReportRecord.id == report_id)
        .values(**{key: row[key] for key in CONTENT_COLUMNS})
    )
    if old["current_revision_id"] is not None:
        conn.execute(
            update(RevisionRecord)
            .where(RevisionRecord.id == old["current_revision_id"])
            .values(data=storage_dict(row | {"url": old["url"]}))
        )
    conn.execute(delete(ReportAgency).where(ReportAgency.report_id == report_id))
    conn.execute(delete(ReportProvince).where(ReportProvince.report_id == report_id))
    saving._index_entities(conn, [(report_id, row)])
    index_reports(conn, [(report_id, row)])  # the search index records the verdict too
