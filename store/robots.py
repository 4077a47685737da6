"""robots.txt kept between runs (RFC 9309 §2.4: a crawler may reuse it for up to 24 hours).

Kept in crawl_state under ``robots.txt <origin>``: the status, the body as text, and when it
was fetched. The crawler decides what is fresh; only answers worth reusing are kept (a 2xx
or 4xx; a 5xx or a network error means "ask again next run").
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from store.state import get_state, set_state

if TYPE_CHECKING:
    from sqlalchemy import Connection

KEY_PREFIX = "robots.txt "


def get_robots(conn: Connection, origin: str) -> dict[str, Any] | None:
    """{"status", "body", "fetched_at" (aware datetime)} kept for ``origin``, or None."""
    value = get_state(conn, KEY_PREFIX + origin)
    if not isinstance(value, dict):
        return None
    try:
        fetched_at = datetime.fromisoformat(value["fetched_at"])
        return {
            "status": int(value["status"]),
            "body": str(value["body"]),
            "fetched_at": fetched_at,
        }
    except (KeyError, TypeError, ValueError):
        return None  # a damaged entry is the same as none: fetch again


def keep_robots(
    conn: Connection, origin: str, status: int, body: str, now: datetime
) -> None:
    value = {"status": status, "body": body, "fetched_at": now.isoformat()}
    set_state(conn, KEY_PREFIX + origin, value, now)


def forget_robots(conn: Connection, origin: str, now: datetime) -> None:
    set_state(conn, KEY_PREFIX + origin, None, now)
