"""Engines for the two supported databases, with SQLite set up for a crawler and readers at once.

SQLite: WAL (readers never block the writer), a 30 s busy timeout, foreign keys on, and
write transactions that start with ``BEGIN IMMEDIATE`` so two writers queue on the lock
instead of failing with "database is locked" when a read transaction tries to upgrade.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from store.errors import BadDatabaseUrl, DatabaseMissing, DatabaseUnavailable

BUSY_TIMEOUT_S = 30
PG_CONNECT_TIMEOUT_S = 10
MIN_SQLITE = (3, 35, 0)  # INSERT … RETURNING
# Execution option that marks a connection's transactions as writes (BEGIN IMMEDIATE).
WRITE_OPTION = "nkwatch_write"

_SUPPORTED = "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DBNAME"
# user:password@ in a URL that make_url could not parse (it is still echoed, masked).
_PASSWORD = re.compile(r"(?P<head>//[^:/@\s]*:)[^@/\s]*@")


def parse_database_url(url: str) -> URL:
    """Parse and normalize a database URL; only SQLite and PostgreSQL (psycopg 3) are supported."""
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        raise BadDatabaseUrl(safe_url(url), _not_a_url_hint(url)) from None
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


def _not_a_url_hint(url: str) -> str:
    text = url.strip()
    if text and "://" not in text:
        # Most likely a plain file name: show the URL that names it.
        return (
            f"not a URL (use sqlite:///{text} for an SQLite file, "
            "or postgresql+psycopg://USER@HOST/DBNAME)"
        )
    return f"not a URL ({_SUPPORTED})"


def safe_url(url: str | URL) -> str:
    """The URL as text with any password hidden (even when it does not parse)."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        return _PASSWORD.sub(r"\g<head>***@", str(url).strip())
    if parsed.get_backend_name() == "sqlite" and parsed.query.get("mode") == "ro":
        return f"sqlite:///{display_path(parsed)}"  # a read-only open, as the user named it
    return parsed.render_as_string(hide_password=True)


def display_path(url: URL) -> str:
    """The file of a SQLite URL as the user gave it (also for our read-only file: URIs)."""
    database = url.database or ""
    if url.query.get("uri") == "true" and database.startswith("file:"):
        from urllib.parse import unquote

        return unquote(database[len("file:") :])
    return database


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory databases and other backends."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """Create an engine for ``url``; for SQLite also create the file's parent directory.

    ``read_only`` (the query commands): a SQLite file is opened read-only, so a copy
    without write permission can be queried, and a missing file is ``DatabaseMissing``
    instead of a new empty database.
    """
    parsed = parse_database_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, read_only=read_only)
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


def _sqlite_engine(url: URL, *, read_only: bool) -> Engine:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise DatabaseUnavailable(
            f"SQLite {'.'.join(map(str, MIN_SQLITE))} or newer is needed; "
            f"this Python has {sqlite3.sqlite_version}"
        )
    path = sqlite_path(url)
    if path is not None and read_only:
        url = _read_only_url(path)
    elif path is not None:
        _create_parent(path)
    engine = create_engine(
        url,
        # The pool hands a connection to one thread at a time (scheduler threads).
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )
    configure = _configure_read_only if read_only else _configure_sqlite_connection
    event.listen(engine, "connect", configure)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _read_only_url(path: Path) -> URL:
    """A ``file:…?mode=ro`` URI for an existing file; DatabaseMissing if there is none."""
    if not path.exists():
        raise DatabaseMissing(
            f"no database at {path} (check --db; `nkwatch crawl` creates one)"
        )
    if path.is_dir():
        raise DatabaseUnavailable(f"database path {path} is a directory")
    query = {"mode": "ro", "uri": "true"}
    if not _writable(path):
        # We cannot write it (most likely a copy handed out to read): SQLite could not
        # create the WAL index (-shm) beside it, and immutable needs none.
        query["immutable"] = "1"
    return URL.create(
        "sqlite", database=f"file:{quote(str(path.resolve()))}", query=query
    )


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _configure_read_only(dbapi_connection: Any, _record: Any) -> None:
    # As below, minus the journal mode: a read-only connection cannot change it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    finally:
        cursor.close()


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
