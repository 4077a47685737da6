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


#: Kinds of failure verdict (fetch_failures.kind).
TRANSIENT, PERMANENT, GIVEN_UP = "transient", "permanent", "given_up"
FAILURE_KINDS = (TRANSIENT, PERMANENT)
#: A permanent verdict (not an article, 404, 410, off-site) is tried again after this long,
#: in case the page became an article or came back.
PERMANENT_RETRY_AFTER = timedelta(days=30)
#: Wait before the next try of a transient failure, by attempts so far: the next run for the
#: first two (a blip), then hours. After the last one the URL is given up.
TRANSIENT_BACKOFF = (
    timedelta(0),
    timedelta(0),
    timedelta(hours=1),
    timedelta(hours=6),
    timedelta(hours=24),
)
GIVE_UP_AFTER = len(TRANSIENT_BACKOFF) + 1  # attempts


def next_verdict(
    kind: str, attempts: int, now: datetime
) -> tuple[str, datetime | None]:
    """(kind to keep, next attempt) after ``attempts`` failed attempts of this ``kind``."""
    if kind == PERMANENT:
        return PERMANENT, now + PERMANENT_RETRY_AFTER
    if attempts >= GIVE_UP_AFTER:
        return GIVEN_UP, None
    return TRANSIENT, now + TRANSIENT_BACKOFF[attempts - 1]


def record_failure(
    conn: Connection,
    url: str,
    reason: str,
    now: datetime,
    run_id: int | None,
    kind: str = TRANSIENT,
) -> str:
    """Remember a failed URL (one more attempt if it failed before); return the kind kept."""
    if kind not in FAILURE_KINDS:
        raise ValueError(f"failure kind must be one of {FAILURE_KINDS}, not {kind!r}")
    previous = conn.scalar(select(FetchFailure.attempts).where(FetchFailure.url == url))
    attempts = (previous or 0) + 1
    kept, next_at = next_verdict(kind, attempts, now)
    values = {
        "reason": reason,
        "attempts": attempts,
        "kind": kept,
        "next_attempt_at": next_at,
        "last_attempt_at": now,
        "run_id": run_id,
    }
    stmt = dialect_insert(conn, FetchFailure).values(
        url=url, first_failed_at=now, **values
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["url"],
        set_={name: getattr(stmt.excluded, name) for name in values},
    )
    conn.execute(stmt)
    return kept


def clear_failures(conn: Connection, urls: Iterable[str] | None) -> int:
    """Forget the failures of ``urls`` (None: all of them); return how many were forgotten."""
    if urls is None:
        return conn.execute(delete(FetchFailure)).rowcount
    cleared = 0
    for chunk in chunks(list(dict.fromkeys(urls))):
        stmt = delete(FetchFailure).where(FetchFailure.url.in_(chunk))
        cleared += conn.execute(stmt).rowcount
    return cleared


def _due(now: datetime) -> Any:
    return (FetchFailure.kind != GIVEN_UP) & (
        FetchFailure.next_attempt_at.is_(None) | (FetchFailure.next_attempt_at <= now)
    )


def failed_urls(
    conn: Connection, limit: int | None, now: datetime, recheck: bool = False
) -> list[str]:
    """Failed URLs due for another try (every one with ``recheck``), the longest-waiting first."""
    query = select(FetchFailure.url)
    if not recheck:
        query = query.where(_due(now))
    query = query.order_by(FetchFailure.last_attempt_at, FetchFailure.url).limit(limit)
    return list(conn.scalars(query))


def settled_urls(conn: Connection, urls: Iterable[str], now: datetime) -> set[str]:
    """Those of ``urls`` whose failure verdict says: do not request yet (or ever again)."""
    settled: set[str] = set()
    for chunk in chunks(list(dict.fromkeys(urls))):
        query = select(FetchFailure.url).where(FetchFailure.url.in_(chunk), ~_due(now))
        settled.update(conn.scalars(query))
    return settled


def failures(conn: Connection) -> list[dict[str, Any]]:
    """Every recorded failure with its reason, kind, attempts and next try, the most recent first."""
    query = select(FetchFailure.__table__).order_by(FetchFailure.last_attempt_at.desc())
    dates = ("first_failed_at", "last_attempt_at", "next_attempt_at")
    return [
        {
            **row,
            **{key: row[key].isoformat() if row[key] else None for key in dates},
        }
        for row in conn.execute(query).mappings()
    ]


def _run_dict(row: Any) -> dict[str, Any]:
    out = dict(row)
    for key in ("started_at", "finished_at"):
        out[key] = out[key].isoformat() if out[key] is not None else None
    return out
