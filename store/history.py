"""The versions of one report, oldest first: the one reader of the kept revisions.

Versions are numbered from 1 (the first seen): the ``revisions`` rows in the order they were
seen, or, for a report never edited, the report itself as version 1. Each names its raw
page (``store.raw``) when one was kept. ``show --revision``, ``diff`` and the web page's
"Revisions" list all read them here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from store.models import ReportRecord, RevisionRecord
from store.raw import page_index
from store.rows import storage_dict


def versions(conn: Connection, report_id: int) -> list[dict[str, Any]]:
    """Every version of a report, oldest first: number, content_hash, seen_at, data, raw_page_id."""
    report = (
        conn.execute(select(ReportRecord.__table__).where(ReportRecord.id == report_id))
        .mappings()
        .one_or_none()
    )
    if report is None:
        return []
    revisions = conn.execute(
        select(
            RevisionRecord.content_hash,
            RevisionRecord.seen_at,
            RevisionRecord.data,
            RevisionRecord.raw_page_id,
        )
        .where(RevisionRecord.report_id == report_id)
        .order_by(RevisionRecord.seen_at, RevisionRecord.id)
    ).all()
    found: list[tuple[str, datetime, dict[str, Any], int | None]]
    if revisions:
        found = [tuple(r) for r in revisions]
    else:
        found = [
            (
                report["content_hash"],
                report["first_seen_at"],
                storage_dict(report),
                None,
            )
        ]
    pages = page_index(conn, report_id)
    return [
        {
            "number": number,
            "content_hash": content_hash,
            "seen_at": seen_at.isoformat(),
            "current": content_hash == report["content_hash"],
            "data": data,
            "raw_page_id": page_id or pages.get(content_hash),
        }
        for number, (content_hash, seen_at, data, page_id) in enumerate(found, start=1)
    ]
