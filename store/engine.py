"""Engines for the two supported databases, with SQLite set up for a crawler and readers at once.

SQLite: WAL (readers never block the writer), a 30 s busy timeout, foreign keys on, and
write transactions that start with ``BEGIN IMMEDIATE`` so two writers queue on the lock
instead of failing with "database is locked" when a read transaction tries to upgrade.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from store.errors import BadDatabaseUrl, DatabaseUnavailable

BUSY_TIMEOUT_S = 30
PG_CONNECT_TIMEOUT_S = 10
MIN_SQLITE = (3, 35, 0)  # INSERT … RETURNING
# Execution option that marks a connection's transactions as writes (BEGIN IMMEDIATE).
WRITE_OPTION = "nkwatch_write"

_SUPPORTED = "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DBNAME"


def parse_database_url(url: str) -> URL:
    """Parse and normalize a database URL; only SQLite and PostgreSQL (psycopg 3) are supported."""
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        raise BadDatabaseUrl(safe_url(url), f"not a URL ({_SUPPORTED})") from None
    backend = parsed.get_backend_name()
    if backend == "postgres":  # the spelling Heroku and libpq use
        backend = "postgresql"
    if backend == "postgresql":
        # psycopg 3 is the driver we install; plain postgresql:// would ask for psycopg2.
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return _expand_sqlite_home(parsed)
    raise BadDatabaseUrl(
        safe_url(url), f"unsupported database {backend!r} ({_SUPPORTED})"
    )


def safe_url(url: str | URL) -> str:
    """The URL as text with any password hidden."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        return "<unparsable URL>"
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory databases and other backends."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; for SQLite also create the file's parent directory."""
    parsed = parse_database_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return _postgresql_engine(parsed)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that will write (BEGIN IMMEDIATE on SQLite)."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


def _expand_sqlite_home(url: URL) -> URL:
    if url.database and url.database.startswith("~"):
        return url.set(database=str(Path(url.database).expanduser()))
    return url


def _sqlite_engine(url: URL) -> Engine:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise DatabaseUnavailable(
            f"SQLite {'.'.join(map(str, MIN_SQLITE))} or newer is needed; "
            f"this Python has {sqlite3.sqlite_version}"
        )
    path = sqlite_path(url)
    if path is not None:
        _create_parent(path)
    engine = create_engine(
        url,
        # The pool hands a connection to one thread at a time (scheduler threads).
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _create_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(
            f"cannot create the directory for database {path}: {exc.strerror or exc}"
        ) from None
    if path.is_dir():
        raise DatabaseUnavailable(f"database path {path} is a directory")


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN, instead of sqlite3's own rules
    # (which skip it before SELECT and so break read consistency).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # Safe with WAL (a power cut may lose the last commit, never corrupts).
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _begin_sqlite_transaction(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _postgresql_engine(url: URL) -> Engine:
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
