"""Helpers for the store tests: sample reports and a private PostgreSQL schema per test.

No tests here; the store test modules import these (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

from crawler.constants import BASE_URL as SITE
from crawler.constants import KST
from crawler.items import Entities, Report, Topic, content_hash

__all__ = ["KST", "SITE"]


def article_url(n: int) -> str:
    return f"{SITE}report-number-{n}/"


def make_report(
    n: int,
    *,
    body: tuple[str, ...] | None = None,
    title: str | None = None,
    published_at: datetime | None = None,
    law_enforcement: bool = True,
    agencies: tuple[str, ...] = ("police",),
    provinces: tuple[str, ...] = ("North Hamgyong",),
) -> dict[str, Any]:
    """A storage dict for article ``n``, hashed the way the parser hashes."""
    title = title if title is not None else f"Police detain smugglers, case {n}"
    body = body if body is not None else (f"First paragraph of report {n}.", "Second.")
    report = Report(
        url=article_url(n),
        post_id=100000 + n,
        title=title,
        body=body,
        published_at=published_at
        or datetime(2024, 1, 1, 12, tzinfo=KST) + timedelta(hours=n),
        topic=Topic(
            law_enforcement=law_enforcement, score=0.8 if law_enforcement else 0.1
        ),
        entities=Entities(agencies=agencies, provinces=provinces),
        content_hash=content_hash(title, body),
    )
    return report.to_storage_dict()


def edited(report: dict[str, Any], extra: str = "An update.") -> dict[str, Any]:
    """The same article after the site added a paragraph (so a new content hash)."""
    body = [*report["body"], extra]
    return {**report, "body": body, "content_hash": content_hash(report["title"], body)}


@contextmanager
def pg_schema_url(pg_url: str) -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped afterwards."""
    schema = f"nkw_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_url)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in pg_url else "?"
        yield f"{pg_url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()


def count_rows(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
    finally:
        engine.dispose()


def fetch_rows(url: str, sql: str) -> list[Any]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text(sql)))
    finally:
        engine.dispose()
