"""The kept versions of one report, oldest first (a report has none until the site edits it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from store.models import RevisionRecord
from store.rows import site_iso


def revisions(conn: Connection, report_id: int) -> list[dict[str, Any]]:
    """Every kept version: ``id``, ``seen_at`` (site time, ISO), ``run_id`` and the Report ``data``."""
    kept = RevisionRecord.__table__
    query = (
        select(kept)
        .where(kept.c.report_id == report_id)
        .order_by(kept.c.seen_at, kept.c.id)
    )
    return [
        {
            "id": revision["id"],
            "seen_at": site_iso(revision["seen_at"]),
            "run_id": revision["run_id"],
            "content_hash": revision["content_hash"],
            "data": revision["data"],
        }
        for revision in conn.execute(query).mappings()
    ]
