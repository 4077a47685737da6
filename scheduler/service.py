"""The ``nkwatch schedule`` service: APScheduler drives crawls; the service records, notifies, judges.

Shape: a BackgroundScheduler whose job store is the crawl database (SQLAlchemyJobStore), one
worker thread, and the crawl job with a fixed id. The job runs each crawl in a child process
(see ``scheduler.jobs`` for why). The main thread only waits for SIGTERM/SIGINT or a lost lock,
then stops the scheduler, which stops the running crawl and records it as interrupted.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from crawler.constants import SCHEDULED
from scheduler import health, jobs
from scheduler.messages import (
    alerts_message,
    is_law_enforcement,
    is_possible,
    new_reports_message,
)
from store.runs import run_counts

if TYPE_CHECKING:
    from apscheduler.job import Job
    from apscheduler.triggers.base import BaseTrigger

    from scheduler.jobs import CrawlResult
    from scheduler.lock import ServiceLock
    from scheduler.notify import Notifier

logger = logging.getLogger(__name__)

JOB_ID = "nkwatch-crawl"
JOB_FUNC = "scheduler.jobs:scheduled_crawl"
TRIGGER = SCHEDULED
# A crawl late by less than this (a suspended laptop, a slow database) still runs, once
# (coalesce); one later than that waits for its next slot.
MISFIRE_GRACE_S = 3600
DEFAULT_TIMEOUT_S = 3600.0
# History that field coverage of a run is compared against.
HISTORY_REPORTS = 200
#: The active health alerts, kept in the store so a restart does not re-announce them.
ALERTS_KEY = "scheduler.health_alerts"


@dataclass(frozen=True)
class ServiceConfig:
    db_url: str
    base_url: str
    trigger: BaseTrigger
    delay: float | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    notify_urls: tuple[str, ...] = ()
    failure_threshold: int = health.DEFAULT_FAILURE_THRESHOLD
    lock_ttl_s: float = 30.0
    verbose: int = 0
    #: Seconds between reads of the home page and listings (None: the crawler's 6 h).
    listings_every_s: float | None = None
    #: The child command; None = ``python -m scheduler.crawl_job`` (tests pass a fake crawl).
    crawl_argv: tuple[str, ...] | None = None
    #: More crawl_job options (--listing URL, --max-pages N, --refresh-days N).
    crawl_options: tuple[str, ...] = ()


def describe_trigger(trigger: BaseTrigger) -> str:
    jitter = getattr(trigger, "jitter", None)
    return f"{trigger} jitter={jitter}" if jitter else str(trigger)


def plan_next_run(stored: Job | None, trigger: BaseTrigger, now: datetime) -> datetime:
    """When the crawl runs first after a (re)start.

    Never run before: now. Missed one or more slots while down: now, once (not once per
    missed slot). Still ahead with the same schedule: keep it (the restart does not reset
    the rhythm). The schedule changed: its own next fire time.
    """
    stored_next = getattr(stored, "next_run_time", None)
    if stored is None or stored_next is None or stored_next <= now:
        return now
    if describe_trigger(stored.trigger) != describe_trigger(trigger):
        return trigger.get_next_fire_time(None, now) or now
    return stored_next


class _Scheduler(BackgroundScheduler):
    """BackgroundScheduler without the job submission after ``shutdown()``.

    APScheduler 3.x's loop runs ``_process_jobs`` once more after ``shutdown()`` woke it;
    with a job due (always, at a 1 s interval) it submits to the executor that was just shut
    down and logs "cannot schedule new futures after shutdown" (agronholm/apscheduler#285).
    """

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()


class _SkippedRunFilter(logging.Filter):
    """Hide APScheduler's warning for a firing skipped because the last crawl still runs.

    With max_instances=1 that is the intended behaviour, not a problem; at a short interval
    it would otherwise be a warning every interval.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in record.getMessage()


@dataclass
class Service:
    """The running service: owns the scheduler; the store and lock are opened by the caller."""

    config: ServiceConfig
    store: Any
    lock: ServiceLock
    notifier: Notifier
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    stop_event: threading.Event = field(default_factory=threading.Event)
    tracker: health.AlertTracker = field(default_factory=health.AlertTracker)
    runs_done: int = 0
    _alerts_restored: bool = False

    def run(self) -> int:
        """Serve until SIGTERM/SIGINT (exit 0) or a lost lock (exit 1)."""
        self.close_orphaned_runs("interrupted", "the service stopped during this run")
        self.notifier.start()
        scheduler = self._start_scheduler()
        self._install_signal_handlers()
        try:
            while not self.stop_event.wait(0.5):
                if self.lock.lost.is_set():
                    logger.error("stopping: another service holds the lock now")
                    self.stop_event.set()
                    return 1
            return 0
        finally:
            logger.info("stopping: waiting for the current crawl to close its run")
            # Paused first, so no run is submitted while the executor shuts down.
            scheduler.pause()
            scheduler.shutdown(wait=True)
            jobs.bind(None)
            self.notifier.close(timeout=3.0)
            logger.info("stopped after %d run(s)", self.runs_done)

    def stop(self) -> None:
        self.stop_event.set()

    # --- scheduling --------------------------------------------------------------------

    def _start_scheduler(self) -> _Scheduler:
        apscheduler_logger = logging.getLogger("apscheduler.scheduler")
        if not any(
            isinstance(f, _SkippedRunFilter) for f in apscheduler_logger.filters
        ):
            apscheduler_logger.addFilter(_SkippedRunFilter())
        engine = getattr(self.store, "engine", None)
        if engine is not None:
            # One pool for the store and the job store: the service's open files stay
            # flat (a second engine held two more after the first runs).
            jobstore = SQLAlchemyJobStore(engine=engine)
        else:
            jobstore = SQLAlchemyJobStore(
                url=self.config.db_url,
                engine_options=_engine_options(self.config.db_url),
            )
        scheduler = _Scheduler(
            jobstores={"default": jobstore},
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            timezone=UTC,
        )
        jobs.bind(self.run_once)
        # Started paused: the stored job (if any) must be read before it is replaced.
        scheduler.start(paused=True)
        first = plan_next_run(
            scheduler.get_job(JOB_ID), self.config.trigger, self.clock()
        )
        scheduler.add_job(
            JOB_FUNC,
            trigger=self.config.trigger,
            id=JOB_ID,
            name="crawl",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=MISFIRE_GRACE_S,
            next_run_time=first,
        )
        scheduler.resume()
        logger.info(
            "scheduled: %s; first run at %s",
            jobs.describe_schedule(self.config.trigger),
            first.isoformat(timespec="seconds"),
        )
        return scheduler

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # tests drive stop() themselves
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop_event.set())

    # --- one run -------------------------------------------------------------------------

    def run_once(self) -> CrawlResult | None:
        """One crawl: run, record, log one line, notify, judge health. Never raises."""
        if self.stop_event.is_set():
            return None
        try:
            return self._run_once()
        except Exception:
            logger.exception("the scheduled run failed outside the crawl")
            return None

    def _run_once(self) -> CrawlResult:
        baseline = self._store_is_empty()
        result = jobs.run_child(
            self.crawl_argv(),
            env=self.child_env(),
            timeout_s=self.config.timeout_s,
            stop=self.stop_event,
        )
        run_id = self._record(result)
        self.runs_done += 1
        logger.info("%s", summary_line(run_id, result))
        if result.outcome != jobs.INTERRUPTED:
            new_reports = self._reports(result.new_urls)
            for report in new_reports:  # what the counts stand for
                logger.info("  new: %s <%s>", report.get("title"), report.get("url"))
            self._notify_new(run_id, new_reports, baseline=baseline)
            self._judge_health(run_id, result, new_reports)
        return result

    def crawl_argv(self) -> list[str]:
        if self.config.crawl_argv is not None:
            return list(self.config.crawl_argv)
        argv = [sys.executable, "-m", "scheduler.crawl_job"]
        if self.config.delay is not None:
            argv += ["--delay", str(self.config.delay)]
        if self.config.listings_every_s is not None:
            argv += ["--listings-every", str(self.config.listings_every_s)]
        if self.config.verbose:
            argv.append("-" + "v" * self.config.verbose)
        return argv + list(self.config.crawl_options)

    def child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NKWATCH_DB"] = self.config.db_url
        env["NKWATCH_BASE_URL"] = self.config.base_url
        return env

    def _store_is_empty(self) -> bool:
        return not self.store.has_reports()

    # --- recording -----------------------------------------------------------------------

    def _record(self, result: CrawlResult) -> int | None:
        """Make sure the run is in crawl_runs with the right outcome; return its id."""
        if result.reported and result.run_id is not None:
            return result.run_id
        if result.run_id is not None:
            # The child closed its run, but the service stopped it: its verdict stands.
            self.store.finish_run(
                result.run_id, result.outcome, **run_counts(result), error=result.error
            )
            return result.run_id
        closed = (
            []
            if result.reported
            else self.close_orphaned_runs(result.outcome, result.error)
        )
        if closed:
            return closed[-1]
        # The child failed before it could open a run: record one, so the failure counts.
        run_id = self.store.start_run(TRIGGER)
        self.store.finish_run(run_id, result.outcome, error=result.error)
        return run_id

    def close_orphaned_runs(self, outcome: str, error: str | None) -> list[int]:
        """Close scheduled runs left "running" by a dead child (we hold the lock: they are ours)."""
        closed = []
        for run in self.store.runs(limit=20):
            if run.get("outcome") == "running" and run.get("trigger") == TRIGGER:
                self.store.finish_run(run["id"], outcome, error=error)
                closed.append(run["id"])
        return sorted(closed)

    def _reports(self, urls: Sequence[str]) -> list[dict[str, Any]]:
        reports = (self.store.get_report(url) for url in urls)
        return [r for r in reports if r is not None]

    # --- notifications and health ------------------------------------------------------

    def _notify_new(
        self, run_id: int | None, reports: list[dict[str, Any]], *, baseline: bool
    ) -> None:
        relevant = [r for r in reports if is_law_enforcement(r)]
        possible = [r for r in reports if is_possible(r)]
        if not relevant and not possible:
            return
        if baseline:
            # The first crawl into an empty store finds the whole front of the site: that is
            # the baseline, not news. Users hear about what appears after it.
            logger.info(
                "first run into an empty store: %d law-enforcement reports stored as the "
                "baseline, not notified",
                len(relevant),
            )
            return
        self.notifier.submit(new_reports_message(run_id, relevant, possible))

    def _judge_health(
        self, run_id: int | None, result: CrawlResult, new_reports: list[dict[str, Any]]
    ) -> None:
        alerts = self.current_alerts(result, new_reports)
        if not self._alerts_restored:
            # An ongoing problem announced before a restart is not announced again.
            self._alerts_restored = True
            if hasattr(self.store, "get_state"):
                self.tracker.restore(self.store.get_state(ALERTS_KEY))
        raised, resolved = self.tracker.update(alerts, self.clock())
        if (raised or resolved) and hasattr(self.store, "set_state"):
            self.store.set_state(ALERTS_KEY, self.tracker.to_state())
        for alert in raised:
            logger.warning("health alert: %s", alert.message)
        for alert in resolved:
            logger.warning("health alert resolved: %s", alert.message)
        if raised or resolved:
            self.notifier.submit(alerts_message(run_id, raised, resolved))

    def current_alerts(
        self, result: CrawlResult, new_reports: list[dict[str, Any]]
    ) -> list[health.Alert]:
        runs = self.store.runs(limit=self.config.failure_threshold + 20)
        new_urls = set(result.new_urls)
        history = [
            r
            for r in self.store.query_reports(
                law_enforcement_only=False, limit=HISTORY_REPORTS
            )
            if r.get("url") not in new_urls
        ]
        found = [
            health.failure_alert(runs, self.config.failure_threshold),
            health.no_links_alert(result.links_found),
        ]
        alerts = [a for a in found if a is not None]
        return alerts + health.coverage_alerts(new_reports, history)


def summary_line(run_id: int | None, result: CrawlResult) -> str:
    """The one log line per run."""
    line = (
        f"run {run_id if run_id is not None else '?'} {result.outcome}: "
        f"{result.new} new, {result.revised} revised, {result.unchanged} unchanged, "
        f"{result.failed} failed, {result.requests} requests in {result.duration_s:.1f} s"
    )
    if result.peak_rss_mib is not None:
        line += f", peak {result.peak_rss_mib:.0f} MiB"
    return f"{line}; {result.error}" if result.error else line


def _engine_options(db_url: str) -> dict[str, Any]:
    # Only the scheduler thread uses the job store (and the main thread at start): one
    # pooled connection, so the service's open files stay flat.
    options: dict[str, Any] = {"pool_size": 1, "max_overflow": 1}
    if db_url.startswith("sqlite"):
        # The crawl child writes to the same SQLite file: wait for its write lock
        # instead of failing with "database is locked".
        return options | {"connect_args": {"timeout": 30}}
    return options | {"pool_pre_ping": True}
