"""Kept notifications: what no target accepted, resent by later runs until it is delivered.

A row is a message for one target (its URL's sha256, never the URL: it may hold a password
or a bot token). Delivery deletes it; after ``max_attempts`` failed sends it stays with
``gave_up_at`` set, for ``nkwatch status`` to show, and is not sent again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from store.models import KeptNotification

_KEPT = KeptNotification.__table__


def keep(
    conn: Connection,
    *,
    target_key: str,
    target: str,
    title: str,
    text: str,
    payload: Any,
    error: str,
    attempts: int,
    now: datetime,
) -> int:
    """Keep a message that failed ``attempts`` times; its id."""
    values = {
        "target_key": target_key,
        "target": target,
        "title": title,
        "text": text,
        "payload": payload,
        "created_at": now,
        "last_attempt_at": now,
        "attempts": attempts,
        "last_error": error,
    }
    return int(
        conn.execute(insert(_KEPT).values(values).returning(_KEPT.c.id)).scalar()
    )


def pending(conn: Connection, target_key: str, limit: int) -> list[dict[str, Any]]:
    """Messages for this target still to resend, oldest first."""
    query = (
        select(_KEPT)
        .where(_KEPT.c.target_key == target_key, _KEPT.c.gave_up_at.is_(None))
        .order_by(_KEPT.c.id)
        .limit(limit)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def delivered(conn: Connection, kept_id: int) -> None:
    conn.execute(delete(_KEPT).where(_KEPT.c.id == kept_id))


def failed_again(
    conn: Connection, kept_id: int, error: str, now: datetime, max_attempts: int
) -> bool:
    """Count one more failed send; True when that was the last one allowed."""
    attempts = _KEPT.c.attempts + 1
    conn.execute(
        update(_KEPT)
        .where(_KEPT.c.id == kept_id)
        .values(attempts=attempts, last_error=error, last_attempt_at=now)
    )
    row = conn.execute(select(_KEPT.c.attempts).where(_KEPT.c.id == kept_id)).first()
    if row is None or row.attempts < max_attempts:
        return False
    conn.execute(update(_KEPT).where(_KEPT.c.id == kept_id).values(gave_up_at=now))
    return True


def undelivered(conn: Connection) -> dict[str, Any]:
    """For status: counts of pending and given-up messages, and the oldest pending one."""
    counts = dict(
        conn.execute(
            select(_KEPT.c.gave_up_at.is_(None), func.count()).group_by(
                _KEPT.c.gave_up_at.is_(None)
            )
        ).all()
    )
    oldest = (
        conn.execute(
            select(
                _KEPT.c.target,
                _KEPT.c.title,
                _KEPT.c.created_at,
                _KEPT.c.attempts,
                _KEPT.c.last_error,
            )
            .where(_KEPT.c.gave_up_at.is_(None))
            .order_by(_KEPT.c.id)
            .limit(1)
        )
        .mappings()
        .first()
    )
    return {
        "pending": int(counts.get(True, 0)),
        "given_up": int(counts.get(False, 0)),
        "oldest_pending": None
        if oldest is None
        else {**oldest, "created_at": oldest["created_at"].isoformat()},
    }
