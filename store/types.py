"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.types import TypeDecorator, TypeEngine

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect


class JsonDoc(TypeDecorator[Any]):
    """JSON everywhere, JSONB on PostgreSQL (smaller, indexable); SQL NULL for Python None.

    Chosen per dialect when first used, rather than with ``with_variant(JSONB())``: that
    would import SQLAlchemy's PostgreSQL dialects (~0.15 s) in every SQLite command.
    """

    impl = JSON(none_as_null=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB(none_as_null=True))
        return dialect.type_descriptor(JSON(none_as_null=True))


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC; read back aware (UTC).

    SQLite has no time zones: SQLAlchemy writes the wall clock and drops the offset, so
    values are converted to naive UTC first, which also keeps them sortable as text.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"an aware datetime is required, got {value!r}")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
