"""Named leases in the database, so one crawl runs at a time across processes and hosts.

A lock is a row (name, owner, expires_at). Taking it succeeds when no row exists, the
row has expired (its holder crashed or hung), or the caller already owns it; one upsert
with a WHERE decides, so two contenders cannot both win. Holders refresh before expiry.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, or_, select, update

from store.models import Lock
from store.statements import dialect_insert


def acquire_lock(
    conn: Connection, name: str, owner: str, ttl_s: float, now: datetime
) -> bool:
    table = Lock.__table__
    expires = now + timedelta(seconds=ttl_s)
    stmt = dialect_insert(conn, Lock).values(
        name=name, owner=owner, acquired_at=now, expires_at=expires
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["name"],
        set_={
            "owner": stmt.excluded.owner,
            "acquired_at": stmt.excluded.acquired_at,
            "expires_at": stmt.excluded.expires_at,
        },
        where=or_(table.c.expires_at <= now, table.c.owner == stmt.excluded.owner),
    ).returning(table.c.owner)
    return conn.execute(stmt).scalar() == owner


def refresh_lock(
    conn: Connection, name: str, owner: str, ttl_s: float, now: datetime
) -> bool:
    """Extend a held lock; False if the caller no longer holds it (it expired and was taken)."""
    stmt = (
        update(Lock)
        .where(Lock.name == name, Lock.owner == owner)
        .values(expires_at=now + timedelta(seconds=ttl_s))
    )
    return conn.execute(stmt).rowcount == 1


def release_lock(conn: Connection, name: str, owner: str) -> bool:
    stmt = delete(Lock).where(Lock.name == name, Lock.owner == owner)
    return conn.execute(stmt).rowcount == 1


def lock_holder(conn: Connection, name: str, now: datetime) -> dict[str, Any] | None:
    """The unexpired holder of a lock as {owner, acquired_at, expires_at}, or None."""
    row = (
        conn.execute(
            select(Lock.__table__).where(Lock.name == name, Lock.expires_at > now)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return {
        "owner": row["owner"],
        "acquired_at": row["acquired_at"].isoformat(),
        "expires_at": row["expires_at"].isoformat(),
    }
