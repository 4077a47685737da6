"""Errors the store raises: each carries a one-line message fit to show a user."""

from __future__ import annotations


class StoreError(RuntimeError):
    """Base of every error the store raises on purpose."""


class BadDatabaseUrl(StoreError, ValueError):
    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"bad database URL {url!r}: {problem}")
        self.url = url


class DatabaseUnavailable(StoreError):
    """The database cannot be opened, reached or written (path, permissions, server down)."""


class DatabaseMissing(DatabaseUnavailable):
    """A read-only open found no database (a read command never creates one)."""


class SchemaOutdated(StoreError):
    """The database was made by an older nkwatch; ``nkwatch db upgrade`` brings it up to date."""

    def __init__(self, current: str, head: str) -> None:
        super().__init__("database schema is out of date: run `nkwatch db upgrade`")
        self.current = current
        self.head = head


class SchemaUnknown(StoreError):
    """The database holds a schema this nkwatch cannot use (newer, or not made by nkwatch)."""


class InvalidReport(StoreError, ValueError):
    def __init__(self, url: object, problem: str) -> None:
        super().__init__(f"cannot store report {url!r}: {problem}")
        self.url = url


class UnknownRun(StoreError, LookupError):
    def __init__(self, run_id: int) -> None:
        super().__init__(f"no crawl run with id {run_id}")
        self.run_id = run_id
