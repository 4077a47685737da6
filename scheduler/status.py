"""What ``nkwatch status`` reports: last good run, failures in a row, next run, health verdict."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import inspect, select

from scheduler import health
from scheduler.crawl_job import is_no_links_error
from scheduler.jobs import describe_schedule
from scheduler.lock import LOCK_NAME
from scheduler.service import HISTORY_REPORTS, JOB_ID

logger = logging.getLogger(__name__)

GOOD_OUTCOMES = ("ok", "partial")
NEVER_SUCCEEDED = health.Alert(
    "no_successful_run",
    "no successful run yet: run `nkwatch crawl`, or check `nkwatch runs` for why they fail",
)
RUNS_LOOKED_AT = 50


def scheduled_job(db_url: str) -> tuple[datetime | None, str | None]:
    """(next run time, schedule description) of the crawl job, or (None, None) if none."""
    from store.engine import make_engine

    # Read-only like the rest of `status`: a copy without write permission still works.
    jobstore = SQLAlchemyJobStore(engine=make_engine(db_url, read_only=True))
    try:
        if not inspect(jobstore.engine).has_table(jobstore.jobs_t.name):
            return None, None
        try:
            job = jobstore.lookup_job(JOB_ID)
        except Exception:  # a job pickled by another version, or garbage
            logger.debug("cannot read the stored crawl job", exc_info=True)
            return _next_run_time(jobstore), "unreadable (restart the service)"
        if job is None:
            return None, None
        return job.next_run_time, describe_schedule(job.trigger)
    finally:
        jobstore.shutdown()


def _next_run_time(jobstore: SQLAlchemyJobStore) -> datetime | None:
    """The job's next run time from its plain column, without unpickling the job."""
    column = jobstore.jobs_t.c.next_run_time
    query = select(column).where(jobstore.jobs_t.c.id == JOB_ID)
    with jobstore.engine.connect() as conn:
        timestamp = conn.execute(query).scalar()
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC)


def collect(
    store: Any,
    *,
    next_run: datetime | None,
    schedule: str | None,
    now: datetime,
    failure_threshold: int = health.DEFAULT_FAILURE_THRESHOLD,
) -> dict[str, Any]:
    """The status as a JSON-ready dict; ``healthy`` is the verdict."""
    runs = store.runs(limit=RUNS_LOOKED_AT)
    last_good = next((r for r in runs if r.get("outcome") in GOOD_OUTCOMES), None)
    last_done = next(
        (r for r in runs if r.get("outcome") not in health.NOT_COUNTED), None
    )
    found = [
        health.failure_alert(runs, failure_threshold),
        health.no_links_alert(_links_found(last_done)),
        health.overdue_alert(next_run, now),
    ]
    alerts = [a for a in found if a is not None]
    if last_good is None:
        # A store that never completed a run proves nothing works yet (a service that
        # fails from its first run would otherwise look healthy until --alert-after).
        alerts.insert(0, NEVER_SUCCEEDED)
    else:
        reports = store.query_reports(law_enforcement_only=False, limit=HISTORY_REPORTS)
        during, before = health.split_by_run(reports, last_good)
        alerts += health.coverage_alerts(during, before)
    kept = store.undelivered_notifications()
    if kept["pending"]:
        oldest = kept["oldest_pending"]
        alerts.append(
            health.Alert(
                "notifications",
                f"{kept['pending']} notification(s) not delivered yet, resent each run "
                f"(oldest: {oldest['title']!r} to {oldest['target']} since "
                f"{oldest['created_at']}, {oldest['attempts']} attempts: "
                f"{oldest['last_error']})",
            )
        )
    verdict = health.Verdict(tuple(alerts))
    return {
        "healthy": verdict.healthy,
        "verdict": verdict.label,
        "last_successful_run": _run_view(last_good),
        "last_run": _run_view(runs[0] if runs else None),
        "consecutive_failures": health.consecutive_failures(runs),
        "next_run": next_run.isoformat() if next_run else None,
        "service": store.lock_owner(LOCK_NAME),
        "schedule": schedule,
        "notifications": kept,
        "alerts": [{"key": a.key, "message": a.message} for a in alerts],
    }


def _links_found(run: dict[str, Any] | None) -> int | None:
    # A run row says "no links" only through its error text (the crawl's exit reason).
    if run is None or run.get("outcome") != "failed":
        return None
    return 0 if is_no_links_error(run.get("error")) else None


def _run_view(run: dict[str, Any] | None) -> dict[str, Any] | None:
    if run is None:
        return None
    keys = ("id", "trigger", "outcome", "started_at", "finished_at", "new", "revised")
    keys += ("unchanged", "failed", "requests", "error")
    return {k: _jsonable(run.get(k)) for k in keys}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def render_text(status: dict[str, Any]) -> str:
    """The human form: one fact per line."""
    good = status["last_successful_run"]
    last = status["last_run"]
    lines = [
        f"health:               {status['verdict']}",
        f"service:              {status['service'] or 'not running'}",
        f"last successful run:  {_describe_run(good) if good else 'never'}",
        f"last run:             {_describe_run(last) if last else 'never'}",
        f"consecutive failures: {status['consecutive_failures']}",
        f"next scheduled run:   {status['next_run'] or 'not scheduled'}"
        + (f" ({status['schedule']})" if status["schedule"] else ""),
    ]
    kept = status.get("notifications") or {}
    if kept.get("pending") or kept.get("given_up"):
        lines.append(
            f"notifications:        {kept['pending']} kept for resending, "
            f"{kept['given_up']} given up"
        )
    lines += [f"alert: {a['message']}" for a in status["alerts"]]
    return "\n".join(lines)


def _describe_run(run: dict[str, Any]) -> str:
    when = run.get("finished_at") or run.get("started_at") or "?"
    return (
        f"#{run['id']} {run['outcome']} at {when} "
        f"({run.get('new') or 0} new, {run.get('revised') or 0} revised)"
    )
