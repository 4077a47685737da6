"""Rescoring stored reports: read them as the classifier left them, store its new verdicts.

``nkwatch reclassify`` recomputes topic and entities from the stored text (the crawler's
analysis; the store does not import it) and hands the results back here. Only the derived
fields change: text, hashes and revisions stay as the site published them, and user labels
live in their own table, so they keep winning.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, delete, select, update

from crawler.constants import KST
from store.models import ReportAgency, ReportProvince, ReportRecord
from store.rows import agency_ids, province_keys, report_dict
from store.search import index_reports

_REPORTS = ReportRecord.__table__


def iter_stored(
    conn: Connection, since: date | datetime | None = None
) -> Iterator[dict[str, Any]]:
    """Stored reports oldest first, labels not applied (the classifier's own verdicts)."""
    query = select(_REPORTS)
    if since is not None:
        start = (
            since
            if isinstance(since, datetime)
            else datetime.combine(since, time.min, tzinfo=KST)
        )
        query = query.where(ReportRecord.published_at >= start)
    query = query.order_by(ReportRecord.published_at, ReportRecord.id)
    for row in conn.execute(query.execution_options(yield_per=500)).mappings():
        yield report_dict(row)


def store_rescored(conn: Connection, rescored: Sequence[Mapping[str, Any]]) -> int:
    """Write each ``{"id", "topic", "entities"}``; return how many reports were still there."""
    written = 0
    for item in rescored:
        report_id = int(item["id"])
        topic = dict(item["topic"])
        entities = dict(item["entities"])
        published_at = conn.scalar(
            select(ReportRecord.published_at).where(ReportRecord.id == report_id)
        )
        if published_at is None:
            continue  # deleted meanwhile
        conn.execute(
            update(ReportRecord)
            .where(ReportRecord.id == report_id)
            .values(
                topic=topic,
                entities=entities,
                law_enforcement=bool(topic.get("law_enforcement", False)),
            )
        )
        _reindex(conn, report_id, {"entities": entities}, published_at)
        # The search index keeps the verdict as well (the listing's search reads it).
        texts = (
            conn.execute(
                select(
                    ReportRecord.title,
                    ReportRecord.subtitle,
                    ReportRecord.body,
                    ReportRecord.law_enforcement,
                ).where(ReportRecord.id == report_id)
            )
            .mappings()
            .one()
        )
        index_reports(conn, [(report_id, texts)])
        written += 1
    return written


def _reindex(
    conn: Connection, report_id: int, row: Mapping[str, Any], published_at: datetime
) -> None:
    """The filter tables of one report, rebuilt from its new entities."""
    conn.execute(delete(ReportAgency).where(ReportAgency.report_id == report_id))
    conn.execute(delete(ReportProvince).where(ReportProvince.report_id == report_id))
    agencies = [
        {"report_id": report_id, "agency": a, "published_at": published_at}
        for a in agency_ids(row)
    ]
    provinces = [
        {"report_id": report_id, "province": p, "published_at": published_at}
        for p in province_keys(row)
    ]
    if agencies:
        conn.execute(ReportAgency.__table__.insert(), agencies)
    if provinces:
        conn.execute(ReportProvince.__table__.insert(), provinces)
