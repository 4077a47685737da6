"""Raw pages: the HTTP responses behind the stored reports, compressed, and their versions.

A raw page is kept for each version of a report (the first response seen whose parse gave
that content hash), so ``show --html`` can write what the site served and ``reparse``
can rebuild a report without the network. Pages are dicts the crawler fills:

    {"url": report URL, "request_url", "final_url", "status", "protocol",
     "headers": [[name, value], ...], "body": bytes, "fetched_at": aware datetime,
     "content_hash": of the Report parsed from it, "source": "crawl" | "warc"}

A version's page (``store.history``) is the one fetched with its content hash, or, for a
version ``reparse`` made, the page it was read from (``revisions.raw_page_id``).
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from store.models import RawPage, ReportRecord, RevisionRecord
from store.statements import chunks, dialect_insert

try:  # zstandard is a dependency; gzip keeps a broken install readable and writable
    import zstandard
except ImportError:  # pragma: no cover
    zstandard = None

#: zstd level 10: measured by bench/raw.py, the best size for its speed on these pages.
ZSTD_LEVEL = 10
GZIP_LEVEL = 9
SOURCES = ("crawl", "warc")


def compress(body: bytes) -> tuple[str, bytes]:
    """(compression name, compressed bytes): zstd when available, else gzip."""
    if zstandard is not None:
        return "zstd", zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(body)
    return "gzip", gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def decompress(compression: str, data: bytes) -> bytes:
    if compression == "zstd":
        if zstandard is None:  # pragma: no cover
            raise RuntimeError(
                "this raw page is zstd-compressed: pip install zstandard"
            )
        return zstandard.ZstdDecompressor().decompress(data)
    if compression == "gzip":
        return gzip.decompress(data)
    if compression == "identity":
        return data
    raise ValueError(f"unknown compression {compression!r}")


def keep_pages(
    conn: Connection,
    pages: Sequence[Mapping[str, Any]],
    run_id: int | None,
) -> int:
    """Keep each page under its report (by URL) unless that version already has one.

    Pages of URLs the store does not hold are skipped (their report was refused). Returns
    how many pages were added.
    """
    if not pages:
        return 0
    ids = _report_ids(conn, [page["url"] for page in pages])
    rows = [
        _row(page, ids[page["url"]], run_id) for page in pages if page["url"] in ids
    ]
    if not rows:
        return 0
    stmt = (
        dialect_insert(conn, RawPage)
        .on_conflict_do_nothing(index_elements=["report_id", "content_hash"])
        .returning(RawPage.id)
    )
    return len(conn.execute(stmt, rows).all())


def known_versions(conn: Connection, urls: Sequence[str]) -> set[tuple[str, str]]:
    """(url, content_hash) of every version the store holds of these URLs."""
    found: set[tuple[str, str]] = set()
    for chunk in chunks(sorted(set(urls))):
        reports = conn.execute(
            select(ReportRecord.url, ReportRecord.content_hash).where(
                ReportRecord.url.in_(chunk)
            )
        )
        found.update(reports)
        revisions = conn.execute(
            select(ReportRecord.url, RevisionRecord.content_hash)
            .join(RevisionRecord, RevisionRecord.report_id == ReportRecord.id)
            .where(ReportRecord.url.in_(chunk))
        )
        found.update(revisions)
    return found


def raw_page(conn: Connection, page_id: int) -> dict[str, Any] | None:
    """One raw page with its body decompressed, or None."""
    row = (
        conn.execute(select(RawPage.__table__).where(RawPage.id == page_id))
        .mappings()
        .one_or_none()
    )
    return None if row is None else page_dict(row)


def iter_pages(conn: Connection, report_ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    """The raw pages of these reports (bodies decompressed), oldest fetch first per chunk."""
    for chunk in chunks(list(report_ids)):
        query = (
            select(RawPage.__table__)
            .where(RawPage.report_id.in_(chunk))
            .order_by(RawPage.fetched_at, RawPage.id)
        )
        for row in conn.execute(query).mappings():
            yield page_dict(row)


def page_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    out = {key: row[key] for key in row.keys() if key != "body"}  # noqa: SIM118 (RowMapping)
    out["body"] = decompress(row["compression"], row["body"])
    out["fetched_at"] = row["fetched_at"].isoformat()
    return out


def prune(conn: Connection, before: datetime, dry_run: bool = False) -> tuple[int, int]:
    """Delete raw pages fetched before ``before``; return (pages, compressed bytes)."""
    older = RawPage.fetched_at < before
    count, size = conn.execute(
        select(
            func.count(), func.coalesce(func.sum(func.length(RawPage.body)), 0)
        ).where(older)
    ).one()
    if count and not dry_run:
        conn.execute(delete(RawPage).where(older))
    return int(count), int(size)


def totals(conn: Connection) -> dict[str, int]:
    """Pages kept, bytes as received and bytes stored (for ``prune`` and the bench)."""
    count, raw, stored = conn.execute(
        select(
            func.count(),
            func.coalesce(func.sum(RawPage.body_size), 0),
            func.coalesce(func.sum(func.length(RawPage.body)), 0),
        )
    ).one()
    return {"pages": int(count), "body_bytes": int(raw), "stored_bytes": int(stored)}


def _row(page: Mapping[str, Any], report_id: int, run_id: int | None) -> dict[str, Any]:
    body = bytes(page["body"])
    compression, data = compress(body)
    source = page.get("source") or "crawl"
    if source not in SOURCES:
        raise ValueError(f"raw page source must be one of {SOURCES}: {source!r}")
    return {
        "report_id": report_id,
        "content_hash": page["content_hash"],
        "request_url": page.get("request_url") or page["url"],
        "final_url": page.get("final_url") or page["url"],
        "status": int(page.get("status") or 200),
        "protocol": page.get("protocol"),
        "headers": [
            [str(name), str(value)] for name, value in page.get("headers") or ()
        ],
        "fetched_at": page["fetched_at"],
        "run_id": run_id,
        "source": source,
        "compression": compression,
        "body_size": len(body),
        "body_sha256": hashlib.sha256(body).hexdigest(),
        "body": data,
    }


def _report_ids(conn: Connection, urls: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in chunks(sorted(set(urls))):
        query = select(ReportRecord.url, ReportRecord.id).where(
            ReportRecord.url.in_(chunk)
        )
        ids.update(dict(conn.execute(query).all()))
    return ids


def page_index(conn: Connection, report_id: int) -> dict[str, int]:
    """content hash -> the raw page fetched with it (one per hash: a unique key)."""
    query = select(RawPage.content_hash, RawPage.id).where(
        RawPage.report_id == report_id
    )
    return dict(conn.execute(query).all())


def current_page(conn: Connection, report: Mapping[str, Any]) -> int | None:
    """The raw page of a report row's current version, or None when it has none."""
    if report["current_revision_id"] is not None:
        page_id = conn.execute(
            select(RevisionRecord.raw_page_id).where(
                RevisionRecord.id == report["current_revision_id"]
            )
        ).scalar_one_or_none()
        if page_id is not None:
            return page_id
    return page_index(conn, report["id"]).get(report["content_hash"])
