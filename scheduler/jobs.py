"""Run one crawl in a child process, with a timeout and a stop signal, and read its summary.

Why a subprocess per crawl rather than AsyncIOScheduler + AsyncCrawlerRunner on one loop:
the service must run for months with flat memory (Scrapy, lxml and the parser caches never give
all their memory back inside one process), must stop a hung crawl at a per-run timeout (an
in-process crawl stuck in C code or a blocking call cannot be cancelled; a process can be
killed), and must survive a crawl that crashes the interpreter. A child process gives all
three for ~1 s of start-up per run, which is nothing next to a 30-minute interval.

The child is ``python -m scheduler.crawl_job``; its last stdout line is a JSON summary.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

logger = logging.getLogger(__name__)

#: How long a stopped or timed-out child gets to close its run before it is killed.
STOP_GRACE_S = 3.0
_POLL_S = 0.2

OK, PARTIAL, FAILED, INTERRUPTED = "ok", "partial", "failed", "interrupted"


@dataclass(frozen=True, slots=True)
class CrawlResult:
    """What one crawl did, from the child's summary (or from how the child ended)."""

    outcome: str
    duration_s: float
    run_id: int | None = None
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    failed: int = 0
    requests: int = 0
    new_urls: tuple[str, ...] = ()
    links_found: int | None = None
    error: str | None = None
    #: The crawl process's peak resident memory (its own report).
    peak_rss_mib: float | None = None
    #: False when the run row may be wrong: the child was killed or crashed (its row may
    #: still be "running"), or the service stopped it and overrules its verdict.
    reported: bool = True

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any], duration_s: float) -> CrawlResult:
        def count(key: str) -> int:
            return int(summary.get(key) or 0)

        links = summary.get("links_found")
        peak = summary.get("peak_rss_mib")
        return cls(
            outcome=str(summary.get("outcome") or OK),
            duration_s=duration_s,
            run_id=summary.get("run_id"),
            new=count("new"),
            revised=count("revised"),
            unchanged=count("unchanged"),
            failed=count("failed"),
            requests=count("requests"),
            new_urls=tuple(summary.get("new_urls") or ()),
            links_found=None if links is None else int(links),
            error=summary.get("error"),
            peak_rss_mib=None if peak is None else float(peak),
        )


def run_child(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout_s: float,
    stop: threading.Event,
    clock: Callable[[], float] = time.monotonic,
) -> CrawlResult:
    """Run ``argv`` until it exits, ``stop`` is set (interrupted) or ``timeout_s`` passes (failed)."""
    started = clock()
    # A new session: a terminal's Ctrl-C reaches only the service, which then stops the child
    # itself (SIGTERM, grace, SIGKILL) and records the run, in that order.
    child = subprocess.Popen(  # noqa: S603 (argv is built by the service, no shell)
        list(argv),
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=dict(env) if env is not None else None,
        start_new_session=True,
        text=True,
    )
    ended_by: str | None = None
    while True:
        try:
            stdout, _ = child.communicate(timeout=_POLL_S)
            break
        except subprocess.TimeoutExpired:
            if stop.is_set():
                ended_by = INTERRUPTED
            elif clock() - started > timeout_s:
                ended_by = FAILED
            else:
                continue
            stdout = _stop_child(child)
            break
    duration = clock() - started
    return _result(child.returncode, stdout or "", ended_by, duration, timeout_s)


def _stop_child(child: subprocess.Popen[str]) -> str:
    """SIGTERM the child's process group, SIGKILL it after the grace time; return its stdout."""
    _signal_group(child, signal.SIGTERM)
    try:
        stdout, _ = child.communicate(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        _signal_group(child, signal.SIGKILL)
        stdout, _ = child.communicate()
    return stdout


def _signal_group(child: subprocess.Popen[str], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(child.pid, sig)


def _result(
    returncode: int,
    stdout: str,
    ended_by: str | None,
    duration: float,
    timeout_s: float,
) -> CrawlResult:
    summary = last_json_line(stdout)
    if ended_by == FAILED:
        error = f"crawl timed out after {timeout_s:.0f} s"
        return _unreported(FAILED, duration, summary, error)
    if ended_by == INTERRUPTED:
        return _unreported(INTERRUPTED, duration, summary, "service stopped")
    if summary is not None:
        return CrawlResult.from_summary(summary, duration)
    if returncode < 0:
        error = f"crawl process killed by signal {-returncode}"
    else:
        error = f"crawl process exited with code {returncode} without a summary"
    return CrawlResult(FAILED, duration, error=error, reported=False)


def _unreported(
    outcome: str, duration: float, summary: Mapping[str, Any] | None, error: str
) -> CrawlResult:
    """The result of a child the service stopped (``outcome``: interrupted or failed).

    A child that finished its work as the stop came ("ok"/"partial") keeps its verdict.
    One that closed its run in some other way (a crawl cut off by SIGTERM may call itself
    "failed: no answer") gets the service's verdict; ``reported=False`` tells the service
    to correct the run row.
    """
    if summary is None:
        return CrawlResult(outcome, duration, error=error, reported=False)
    result = CrawlResult.from_summary(summary, duration)
    if result.outcome in (OK, PARTIAL):
        return result
    return replace(result, outcome=outcome, error=error, reported=False)


def last_json_line(stdout: str) -> dict[str, Any] | None:
    """The last stdout line that is a JSON object, or None."""
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    return None


# --- the APScheduler job -------------------------------------------------------------------
# The persistent job store pickles the job: keep it a plain module-level reference with no
# arguments, so the database holds neither settings nor secrets (notify URLs, DB passwords).
# The running service binds itself here; a restarted service binds its own.

_bound: Callable[[], object] | None = None
#: Run after each scheduled crawl (e.g. resending kept notifications).
_after_each_run: list[Callable[[], object]] = []


def bind(run_once: Callable[[], object] | None) -> None:
    global _bound
    _bound = run_once


def after_each_run(callback: Callable[[], object] | None) -> None:
    """Call ``callback`` after every scheduled crawl (None: forget them all)."""
    if callback is None:
        _after_each_run.clear()
    else:
        _after_each_run.append(callback)


def scheduled_crawl() -> None:
    """The job APScheduler runs: one crawl by the service bound in this process."""
    if _bound is None:
        logger.error("no service is bound to run the scheduled crawl")
        return
    try:
        _bound()
    finally:
        for callback in tuple(_after_each_run):  # a copy: hooks may unregister
            try:
                callback()
            except Exception:  # a hook must not break the schedule
                logger.exception("a job run after the crawl failed")


# --- how a schedule is shown ----------------------------------------------------------------

#: Crontab field order, as APScheduler names the fields.
_CRON_FIELDS = ("minute", "hour", "day", "month", "day_of_week")


def describe_schedule(trigger: object) -> str:
    """A trigger as a person reads it: ``every 30m`` or ``cron "*/15 * * * *" (UTC)``.

    (APScheduler's own ``str()`` is ``interval[0:30:00]`` or ``cron[month='*', ...]``.)
    """
    jitter = getattr(trigger, "jitter", None)
    extra = f", up to {_short(jitter)} later at random" if jitter else ""
    interval = getattr(trigger, "interval", None)
    if interval is not None:
        return f"every {_short(interval.total_seconds())}{extra}"
    fields = {f.name: str(f) for f in getattr(trigger, "fields", ())}
    if fields:
        expression = " ".join(fields.get(name, "*") for name in _CRON_FIELDS)
        zone = getattr(trigger, "timezone", None)
        return f'cron "{expression}" ({zone or "UTC"}){extra}'
    return str(trigger)


def _short(seconds: float) -> str:
    """3600 -> 1h, 90 -> 1m30s, 45 -> 45s."""
    whole = int(seconds)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"
