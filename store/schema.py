"""Schema versions: create a new database, refuse an outdated one, upgrade on request.

Alembic is imported only when a migration runs, so opening an up-to-date database costs
one query for the version.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from store.engine import read_transaction, write_transaction
from store.errors import SchemaOutdated, SchemaUnknown

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
#: Every revision in store/migrations/versions, oldest first (a test checks the list).
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
HEAD_REVISION = REVISIONS[-1]
VERSION_TABLE = "alembic_version"
# Serializes concurrent creators/upgraders of one PostgreSQL database (any constant works).
_PG_SCHEMA_LOCK = 0x6E6B7761  # "nkwa"


def current_revision(conn: Connection) -> str | None:
    """The database's schema revision, or None for a database nkwatch has not set up."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.scalar(text(f"SELECT version_num FROM {VERSION_TABLE}"))  # noqa: S608 (constant)


def ensure_schema(engine: Engine) -> None:
    """Create and stamp a new database; raise unless an existing one is at head."""
    with read_transaction(engine) as conn:
        revision = current_revision(conn)
    if revision is None:
        with write_transaction(engine) as conn:
            _lock_schema(conn)
            revision = current_revision(conn)  # another process may have just made it
            if revision is None:
                _refuse_unversioned(conn)
                _migrate(conn)
                return
    check_revision(revision)


def check_schema(engine: Engine) -> None:
    """Raise unless the database is nkwatch's and at head; never creates or changes it."""
    with read_transaction(engine) as conn:
        revision = current_revision(conn)
    if revision is None:
        raise SchemaUnknown(
            "the database has no nkwatch data yet: run `nkwatch crawl` first"
        )
    check_revision(revision)


def check_revision(revision: str) -> None:
    if revision == HEAD_REVISION:
        return
    if revision in REVISIONS:
        raise SchemaOutdated(revision, HEAD_REVISION)
    raise SchemaUnknown(
        f"database schema revision {revision!r} is unknown to this nkwatch "
        f"(it knows up to {HEAD_REVISION}): was it made by a newer nkwatch?"
    )


def upgrade_schema(engine: Engine) -> tuple[str | None, str]:
    """Apply pending migrations (creating a new database); return (before, after)."""
    with write_transaction(engine) as conn:
        _lock_schema(conn)
        before = current_revision(conn)
        if before is None:
            _refuse_unversioned(conn)
        elif before not in REVISIONS:
            check_revision(before)
        _migrate(conn)
    return before, HEAD_REVISION


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the packaged migrations, bound to ``connection``."""
    from alembic.config import Config

    # Alembic's default stdout is whatever sys.stdout was when alembic.config was first
    # imported (a default argument), which may since have been closed or replaced; its
    # messages are not ours to print anyway.
    config = Config(stdout=io.StringIO())
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _migrate(conn: Connection, target: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(conn), target)


def _lock_schema(conn: Connection) -> None:
    # SQLite: the write transaction (BEGIN IMMEDIATE) already excludes other writers.
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_SCHEMA_LOCK}
        )


def _refuse_unversioned(conn: Connection) -> None:
    if inspect(conn).has_table("reports"):
        raise SchemaUnknown(
            "the database has a reports table but no nkwatch schema version: "
            "it was not made by nkwatch; use another --db"
        )
