"""Statement helpers shared by the store modules: dialect upserts and IN-list chunking."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlalchemy import Connection

T = TypeVar("T")

# Values per IN (...) list: well under SQLite's 32766 bound parameters.
IN_CHUNK = 500


def dialect_insert(conn: Connection, model: type[Any]) -> Any:
    """``INSERT`` with ``ON CONFLICT`` support for the connection's dialect."""
    # Imported here: the PostgreSQL dialect package is slow to import for SQLite users.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
