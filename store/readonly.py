"""Read-only connections, for readers that must never change the store (the web server)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event


def make_read_only(engine: Engine) -> None:
    """Make every new connection of ``engine`` refuse writes, in the database itself."""
    event.listen(engine, "connect", _read_only_connection)


def _read_only_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        if engine_is_sqlite(dbapi_connection):
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()
    finally:
        cursor.close()


def engine_is_sqlite(dbapi_connection: Any) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")
