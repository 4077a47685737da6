"""Crawl runs and fetch failures: what each crawl did, and which articles still need fetching."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, select, update

from crawler.constants import TRIGGERS
from store.errors import UnknownRun
from store.models import CrawlRun, FetchFailure
from store.processes import process_is_gone
from store.statements import chunks, dialect_insert

OUTCOMES = ("ok", "failed", "interrupted", "partial")
RUNNING = "running"
COUNTS = ("requests", "new", "revised", "unchanged", "failed")


ABANDONED = "the crawl process ended without finishing (killed or crashed)"
# A run of another machine, or one recorded without a pid, counts as abandoned after this long.
ABANDONED_AFTER = timedelta(hours=24)


def run_counts(result: Any) -> dict[str, int]:
    """The COUNTS of a crawl summary or result (any object with those attributes)."""
    return {name: getattr(result, name) for name in COUNTS}


def start_run(conn: Connection, trigger: str, now: datetime) -> int:
    if trigger not in TRIGGERS:
        raise ValueError(f"trigger must be one of {TRIGGERS}, not {trigger!r}")
    close_abandoned_runs(conn, now)
    stmt = (
        CrawlRun.__table__.insert()
        .values(
            trigger=trigger,
            outcome=RUNNING,
            started_at=now,
            host=socket.gethostname(),
            pid=os.getpid(),
            **dict.fromkeys(COUNTS, 0),
        )
        .returning(CrawlRun.id)
    )
    return conn.execute(stmt).scalar_one()


def close_abandoned_runs(conn: Connection, now: datetime) -> list[int]:
    """Mark "running" runs whose process is gone as interrupted; return their ids.

    A crawl killed with SIGKILL (or a crashed machine) cannot record its own end, so the next
    run does it: on this host a run is abandoned when its pid no longer exists; elsewhere, or
    without a pid, when it started more than ABANDONED_AFTER ago.
    """
    query = select(CrawlRun.id, CrawlRun.host, CrawlRun.pid, CrawlRun.started_at).where(
        CrawlRun.outcome == RUNNING
    )
    here = socket.gethostname()
    abandoned = [
        row.id
        for row in conn.execute(query)
        if _is_abandoned(row.host, row.pid, row.started_at, here, now)
    ]
    if abandoned:
        conn.execute(
            update(CrawlRun)
            .where(CrawlRun.id.in_(abandoned), CrawlRun.outcome == RUNNING)
            .values(outcome="interrupted", finished_at=now, error=ABANDONED)
        )
    return abandoned


def _is_abandoned(
    host: str | None, pid: int | None, started_at: datetime, here: str, now: datetime
) -> bool:
    if host == here and pid is not None:
        return process_is_gone(pid)
    return now - started_at > ABANDONED_AFTER


def finish_run(
    conn: Connection,
    run_id: int,
    outcome: str,
    now: datetime,
    counts: dict[str, int],
    error: str | None,
) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
    stmt = (
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(outcome=outcome, finished_at=now, error=error, **counts)
    )
    if conn.execute(stmt).rowcount != 1:
        raise UnknownRun(run_id)


def runs(
    conn: Connection, limit: int, outcome: str | None = None
) -> list[dict[str, Any]]:
    """The latest runs first, as JSON-ready dicts (ISO dates in UTC)."""
    query = select(CrawlRun.__table__).order_by(CrawlRun.id.desc()).limit(limit)
    if outcome is not None:
        query = query.where(CrawlRun.outcome == outcome)
    return [_run_dict(row) for row in conn.execute(query).mappings()]


def record_failure(
    conn: Connection, url: str, reason: str, now: datetime, run_id: int | None
) -> None:
    """Remember a failed URL, or count one more attempt if it failed before."""
    table = FetchFailure.__table__
    stmt = dialect_insert(conn, FetchFailure).values(
        url=url,
        reason=reason,
        attempts=1,
        first_failed_at=now,
        last_attempt_at=now,
        run_id=run_id,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["url"],
        set_={
            "attempts": table.c.attempts + 1,
            "reason": stmt.excluded.reason,
            "last_attempt_at": stmt.excluded.last_attempt_at,
            "run_id": stmt.excluded.run_id,
        },
    )
    conn.execute(stmt)


def clear_failures(conn: Connection, urls: Iterable[str]) -> None:
    wanted = list(dict.fromkeys(urls))
    for chunk in chunks(wanted):
        conn.execute(delete(FetchFailure).where(FetchFailure.url.in_(chunk)))


def failed_urls(conn: Connection, limit: int | None) -> list[str]:
    """Failed URLs, the longest-waiting first."""
    query = (
        select(FetchFailure.url)
        .order_by(FetchFailure.last_attempt_at, FetchFailure.url)
        .limit(limit)
    )
    return list(conn.scalars(query))


def failures(conn: Connection) -> list[dict[str, Any]]:
    """Every recorded failure with its reason and attempts, the most recent first."""
    query = select(FetchFailure.__table__).order_by(FetchFailure.last_attempt_at.desc())
    return [
        {
            **row,
            "first_failed_at": row["first_failed_at"].isoformat(),
            "last_attempt_at": row["last_attempt_at"].isoformat(),
        }
        for row in conn.execute(query).mappings()
    ]


def _run_dict(row: Any) -> dict[str, Any]:
    out = dict(row)
    for key in ("started_at", "finished_at"):
        out[key] = out[key].isoformat() if out[key] is not None else None
    return out
