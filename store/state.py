"""Small JSON values the crawler keeps between runs (a backfill's resume point, HTTP validators)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from store.models import CrawlState
from store.statements import dialect_insert


def get_state(conn: Connection, key: str) -> Any:
    return conn.scalar(select(CrawlState.value).where(CrawlState.key == key))


def set_state(conn: Connection, key: str, value: Any, now: datetime) -> None:
    """Store a JSON-ready value under ``key``; None deletes it."""
    if value is None:
        conn.execute(delete(CrawlState).where(CrawlState.key == key))
        return
    stmt = dialect_insert(conn, CrawlState).values(key=key, value=value, updated_at=now)
    stmt = stmt.on_conflict_do_update(
        index_elements=["key"],
        set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
    )
    conn.execute(stmt)
