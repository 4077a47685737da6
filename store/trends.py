"""The few fields the trend charts count, for every report, without the texts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, select

from store.models import ReportRecord
from store.rows import site_iso


def report_facts(
    conn: Connection, *, law_enforcement_only: bool = True
) -> Iterator[dict[str, Any]]:
    """``{"published_at", "agencies", "provinces", "amounts"}`` per report, oldest first."""
    query = select(ReportRecord.published_at, ReportRecord.entities).order_by(
        ReportRecord.published_at
    )
    if law_enforcement_only:
        query = query.where(ReportRecord.law_enforcement.is_(True))
    for published_at, entities in conn.execute(query.execution_options(yield_per=2000)):
        entities = entities or {}
        yield {
            "published_at": site_iso(published_at),
            "agencies": list(entities.get("agencies") or ()),
            "provinces": list(entities.get("provinces") or ()),
            "amounts": list(entities.get("amounts") or ()),
        }
