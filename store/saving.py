"""Saving a batch of reports: the unique key decides what is new, the hash what was edited.

One ``INSERT … ON CONFLICT (url) DO NOTHING … RETURNING`` per batch stores the new
reports and says which they were; there is no SELECT-then-INSERT for two crawls to race
through. Known URLs are then locked in URL order (so two savers cannot deadlock) and
compared by ``content_hash``: equal means only ``last_seen_at`` moves; different means a
revision row (unique per report and hash) and the report now shows the new version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from store.models import (
    ReportAgency,
    ReportProvince,
    ReportRecord,
    RevisionRecord,
)
from store.rows import (
    CONTENT_COLUMNS,
    agency_ids,
    province_keys,
    report_row,
    storage_dict,
)
from store.runs import clear_failures
from store.search import index_reports
from store.statements import chunks, dialect_insert


@dataclass(frozen=True, slots=True)
class SaveResult:
    """The URLs of a saved batch, by what happened to them (each in input order)."""

    new: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def save_reports(
    conn: Connection,
    reports: Sequence[Mapping[str, Any]],
    now: datetime,
    run_id: int | None = None,
) -> SaveResult:
    """Store new reports, record edits of known ones; the caller owns the transaction."""
    rows = _unique_rows(reports)
    if not rows:
        return SaveResult()
    new_ids = _insert_new(conn, rows, now, run_id)
    inserted = [(new_ids[url], row) for url, row in rows.items() if url in new_ids]
    _index_entities(conn, inserted)
    index_reports(conn, inserted)
    known = {url: row for url, row in rows.items() if url not in new_ids}
    revised = _save_known(conn, known, now, run_id)
    clear_failures(conn, list(rows))
    return SaveResult(
        new=[url for url in rows if url in new_ids],
        revised=[url for url in rows if url in revised],
        unchanged=[url for url in known if url not in revised],
    )


def _unique_rows(reports: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    # Validate everything before writing anything; a URL given twice keeps its last version.
    rows: dict[str, dict[str, Any]] = {}
    for report in reports:
        row = report_row(report)
        rows.pop(row["url"], None)
        rows[row["url"]] = row
    return rows


def _insert_new(
    conn: Connection, rows: dict[str, dict[str, Any]], now: datetime, run_id: int | None
) -> dict[str, int]:
    stamped = [
        {**rows[url], "first_seen_at": now, "last_seen_at": now, "first_run_id": run_id}
        for url in sorted(
            rows
        )  # one order for every saver: no lock-order deadlocks on PG
    ]
    stmt = (
        dialect_insert(conn, ReportRecord)
        .on_conflict_do_nothing(index_elements=["url"])
        .returning(ReportRecord.id, ReportRecord.url)
    )
    return {url: report_id for report_id, url in conn.execute(stmt, stamped)}


def _save_known(
    conn: Connection,
    known: dict[str, dict[str, Any]],
    now: datetime,
    run_id: int | None,
) -> set[str]:
    revised: set[str] = set()
    for chunk in chunks(sorted(known)):
        stored = _lock_known(conn, list(chunk))
        if not stored:
            continue
        conn.execute(
            update(ReportRecord)
            .where(ReportRecord.id.in_([report_id for report_id, _ in stored.values()]))
            .values(last_seen_at=now)
        )
        for url, (report_id, stored_hash) in stored.items():
            if stored_hash != known[url]["content_hash"]:
                _revise(conn, report_id, known[url], now, run_id)
                revised.add(url)
    return revised


def _lock_known(conn: Connection, urls: list[str]) -> dict[str, tuple[int, str]]:
    query = (
        select(ReportRecord.url, ReportRecord.id, ReportRecord.content_hash)
        .where(ReportRecord.url.in_(urls))
        .order_by(ReportRecord.url)
    )
    if conn.dialect.name == "postgresql":
        # Row locks in URL order; SQLite's BEGIN IMMEDIATE already holds the only write lock.
        query = query.with_for_update()
    return {
        url: (report_id, content_hash)
        for url, report_id, content_hash in conn.execute(query)
    }


def _revise(
    conn: Connection,
    report_id: int,
    row: dict[str, Any],
    now: datetime,
    run_id: int | None,
) -> None:
    reports = ReportRecord.__table__
    old = (
        conn.execute(select(reports).where(reports.c.id == report_id)).mappings().one()
    )
    if old["current_revision_id"] is None:
        # The first edit: keep the original version beside the new one.
        original = storage_dict(old)
        _insert_revision(
            conn, report_id, original, old["first_seen_at"], old["first_run_id"]
        )
    revision_id = _insert_revision(conn, report_id, storage_dict(row), now, run_id)
    conn.execute(
        update(ReportRecord)
        .where(ReportRecord.id == report_id)
        .values(
            **{key: row[key] for key in CONTENT_COLUMNS},
            current_revision_id=revision_id,
        )
    )
    conn.execute(delete(ReportAgency).where(ReportAgency.report_id == report_id))
    conn.execute(delete(ReportProvince).where(ReportProvince.report_id == report_id))
    _index_entities(conn, [(report_id, row)])
    index_reports(conn, [(report_id, row)])  # search finds the version now shown


def _insert_revision(
    conn: Connection,
    report_id: int,
    data: dict[str, Any],
    seen_at: datetime,
    run_id: int | None,
) -> int:
    """Insert a version unless it is already kept (an article edited back); return its id."""
    stmt = (
        dialect_insert(conn, RevisionRecord)
        .values(
            report_id=report_id,
            content_hash=data["content_hash"],
            seen_at=seen_at,
            run_id=run_id,
            data=data,
        )
        .on_conflict_do_nothing(index_elements=["report_id", "content_hash"])
        .returning(RevisionRecord.id)
    )
    revision_id = conn.execute(stmt).scalar()
    if revision_id is not None:
        return revision_id
    return conn.execute(
        select(RevisionRecord.id).where(
            RevisionRecord.report_id == report_id,
            RevisionRecord.content_hash == data["content_hash"],
        )
    ).scalar_one()


def _index_entities(
    conn: Connection, reports: list[tuple[int, dict[str, Any]]]
) -> None:
    agencies = [
        {"report_id": report_id, "agency": agency, "published_at": row["published_at"]}
        for report_id, row in reports
        for agency in agency_ids(row)
    ]
    provinces = [
        {
            "report_id": report_id,
            "province": province,
            "published_at": row["published_at"],
        }
        for report_id, row in reports
        for province in province_keys(row)
    ]
    if agencies:
        conn.execute(ReportAgency.__table__.insert(), agencies)
    if provinces:
        conn.execute(ReportProvince.__table__.insert(), provinces)
