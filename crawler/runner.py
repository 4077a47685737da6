"""Run one crawl in-process and return what it did: the entry point of every crawling command.

Two forms share one preparation (open the store, record the run start, build the Scrapy
settings and spider arguments) and one conclusion (decide the outcome, record it in
``crawl_runs``, keep the backfill resume point and the HTTP validators, close the store):

- ``run_crawl(options)`` blocks. It starts Scrapy's asyncio reactor, which Twisted cannot
  restart, so it works once per process: the CLI commands and the scheduler's crawl
  subprocess use it.
- ``await crawl(options, runner)`` runs on an event loop that is already running with
  the asyncio reactor installed (``scrapy.utils.reactor.install_reactor`` with
  ``twisted.internet.asyncioreactor.AsyncioSelectorReactor``), optionally through a
  shared ``scrapy.crawler.AsyncCrawlerRunner``; it can be awaited any number of times on
  one long-lived loop. The spider uses ``async def start()``, which that setup needs.

Store calls are synchronous and short (a run start, a finish, two small state values).
The crawl's bookkeeping is a ``crawler.crawlstate.CrawlState`` the run creates, lends to
the spider and reads afterwards: the verdict, the cursors and the validators come from it.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.settings import Settings

from crawler.constants import BASE_URL, MANUAL, TRIGGERS
from crawler.spiders.dailynk import DailyNKSpider, plan_crawl

if TYPE_CHECKING:
    from scrapy.crawler import AsyncCrawlerRunner, Crawler

    from crawler.crawlstate import CrawlState
    from crawler.items import Report
    from crawler.pipelines import Saved

logger = logging.getLogger(__name__)

VALIDATORS_KEY = "crawler.http_validators"
BACKFILL_KEY = "crawler.backfill_cursor"
REPLAY_MIDDLEWARE = "crawler.replay.middleware.FixtureReplayMiddleware"
INTERRUPTED_REASONS = frozenset({"shutdown", "cancelled"})
#: After Ctrl-C or SIGTERM, how long the crawl may take to stop cleanly before it is cut
#: off (in-flight requests to a hung site would otherwise wait out their timeout). Under
#: the scheduler's 3 s grace, so a service-stopped child still records its own run.
STOP_GRACE_S = 2.0
#: Seconds between progress lines (when progress is on).
PROGRESS_EVERY_S = 10.0
PROGRESS = logging.getLogger("nkwatch.progress")


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlOptions:
    """One crawl, as the CLI or the scheduler asks for it."""

    db_url: str | None  # None only with store=False
    base_url: str = BASE_URL
    mode: str = "incremental"  # "incremental" | "backfill" | "fetch"
    since: date | None = None  # backfill: stop at this publication date
    max_pages: int | None = None  # listing/REST pages per listing
    refresh_days: int | None = None  # re-request stored articles of the last N days
    delay: float | None = None  # seconds between requests; None = settings (1 s)
    trigger: str = MANUAL  # one of crawler.constants.TRIGGERS
    urls: tuple[str, ...] = ()  # fetch mode: the articles to fetch
    store: bool = True  # False: fetch without saving (and without a database)
    allow_offsite: bool = False  # fetch mode: accept URLs outside base_url
    listing_urls: tuple[str, ...] = ()  # extra listings (tag, author, category pages)
    replay_dir: str | None = None  # answer from these fixtures, never the network
    settings: Mapping[str, Any] = field(default_factory=dict)  # extra Scrapy settings


@dataclass(slots=True, kw_only=True)
class CrawlSummary:
    """What one crawl did; ``to_json()`` is the ``--json`` line."""

    run_id: int | None
    outcome: str  # "ok" | "partial" | "failed" | "interrupted"
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    failed: int = 0
    requests: int = 0
    new_reports: list[tuple[str, str]] = field(default_factory=list)  # (url, title)
    revised_reports: list[tuple[str, str]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    settled: list[str] = field(default_factory=list)  # failed URLs not retried next run
    reports: list[Report] = field(default_factory=list)  # fetch mode: every Report
    links_found: int = 0
    error: str | None = None
    close_reason: str | None = None
    elapsed: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)
    signal: int | None = None  # the signal that interrupted the run (SIGINT, SIGTERM)

    @property
    def new_urls(self) -> list[str]:
        return [url for url, _ in self.new_reports]

    def to_json(self) -> dict[str, Any]:
        keys = ("run_id", "outcome", "error", "new", "revised", "unchanged", "failed")
        keys += ("requests",)
        return {key: getattr(self, key) for key in keys}


def run_crawl(
    options: CrawlOptions,
    *,
    on_forced_stop: Callable[[CrawlSummary], None] | None = None,
    progress: bool = False,
) -> CrawlSummary:
    """Run one crawl to its end, blocking; once per process (see the module docstring).

    Ctrl-C or SIGTERM stop it: cleanly if that takes under ``STOP_GRACE_S``, otherwise
    the run is recorded (outcome "interrupted", the pending reports saved) and
    ``on_forced_stop(summary)`` is called, after which the process exits at once with
    128 + the signal number (130, 143). ``progress``: a line every ``PROGRESS_EVERY_S``
    on the ``nkwatch.progress`` logger (requests, new reports, rate, ETA, a silent site).
    """
    from scrapy.crawler import AsyncCrawlerProcess

    run = _Run(options)
    try:
        process = AsyncCrawlerProcess(run.settings)
        # Only now: the process installs the asyncio reactor that this import returns.
        from twisted.internet import reactor

        crawler = process.create_crawler(DailyNKSpider)
        run.watch(crawler)
        task = process.crawl(crawler, **run.spider_kwargs)
        stopper = _Stopper(process, run, crawler, on_forced_stop)
        reactor.addSystemEventTrigger("after", "startup", stopper.install)
        if progress:
            reporter = _Progress(crawler, time.monotonic())
            reactor.addSystemEventTrigger("after", "startup", reporter.start)
        process.start(install_signal_handlers=False)
    except BaseException as exc:
        run.abort(exc)
        raise
    return run.conclude(crawler, _task_error(task), interrupted_by=stopper.signum)


class _Stopper:
    """Ctrl-C and SIGTERM: a graceful stop, cut short after ``STOP_GRACE_S``."""

    def __init__(
        self,
        process: Any,
        run: _Run,
        crawler: Crawler,
        on_forced_stop: Callable[[CrawlSummary], None] | None,
    ) -> None:
        self.process, self.run, self.crawler = process, run, crawler
        self.on_forced_stop = on_forced_stop
        self.signum: int | None = None

    def install(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: Any) -> None:
        from twisted.internet import reactor

        # No logging or store work in a signal handler: the reactor thread does it.
        if self.signum is not None:  # a second signal: stop now
            reactor.callFromThread(self._force)
            return
        self.signum = signum
        reactor.callFromThread(self._begin)

    def _begin(self) -> None:
        from twisted.internet import reactor

        name = signal.Signals(self.signum).name if self.signum else "signal"
        PROGRESS.info("%s: stopping the crawl (at most %.0f s)", name, STOP_GRACE_S)
        stopping = self.process.stop()
        if inspect.isawaitable(stopping):  # AsyncCrawlerRunner.stop is a coroutine
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(stopping)
        reactor.callLater(STOP_GRACE_S, self._force)

    def _force(self) -> None:
        """Record the run as it stands and leave, without waiting for in-flight requests."""
        code = 128 + (self.signum or signal.SIGINT)
        try:
            _flush_pipeline(self.crawler)
            summary = self.run.conclude(self.crawler, None, interrupted_by=self.signum)
            if self.on_forced_stop is not None:
                self.on_forced_stop(summary)
        except Exception:  # the exit must happen whatever failed
            logger.exception("recording the interrupted run failed")
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
            os._exit(code)


class _Progress:
    """A progress line every ``PROGRESS_EVERY_S``: what was done, rate, ETA, or who is silent."""

    def __init__(self, crawler: Crawler, started: float) -> None:
        self.crawler = crawler
        self.started = started
        self.last_responses = 0
        self.silent_since = started

    def start(self) -> None:
        from twisted.internet.task import LoopingCall

        self.loop = LoopingCall(self.report)
        self.loop.start(PROGRESS_EVERY_S, now=False)

    def report(self) -> None:
        stats = self.crawler._stats.get_stats() if self.crawler._stats else {}
        now = time.monotonic()
        PROGRESS.info(
            "%s",
            progress_line(
                stats, self._pending(), now - self.started, self._silent_for(stats, now)
            ),
        )

    def _silent_for(self, stats: Mapping[str, Any], now: float) -> float:
        responses = int(stats.get("response_received_count", 0))
        if responses != self.last_responses:
            self.last_responses, self.silent_since = responses, now
        return now - self.silent_since

    def _pending(self) -> int | None:
        engine = self.crawler.engine
        scheduler = getattr(engine, "scheduler", None)  # public since Scrapy 2.19
        try:
            return len(scheduler) + len(engine.downloader.active)
        except (AttributeError, TypeError):
            return None


def progress_line(
    stats: Mapping[str, Any], pending: int | None, elapsed: float, silent_for: float
) -> str:
    """One progress line: counts, the article rate and, with a queue, the time left."""
    requests = int(stats.get("downloader/request_count", 0))
    articles = int(stats.get("item_scraped_count", 0))
    new = int(stats.get("store/new", 0))
    line = f"{elapsed:.0f} s: {requests} requests, {articles} articles read, {new} new"
    rate = articles / elapsed if elapsed > 0 else 0.0
    if rate > 0:
        line += f", {rate * 60:.1f} articles/min"
    if pending:
        line += f", {pending} requests queued"
        per_request = elapsed / requests if requests else None
        if per_request:
            line += f", about {_duration(pending * per_request)} left"
    if silent_for >= PROGRESS_EVERY_S:
        line += f"; no answer from the site for {silent_for:.0f} s"
    return line


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _flush_pipeline(crawler: Crawler) -> None:
    """Save the store pipeline's pending batch (a forced stop skips close_spider)."""
    from crawler.pipelines import StorePipeline

    try:
        pipeline = crawler.get_item_pipeline(StorePipeline)
    except (AttributeError, RuntimeError):
        return
    if pipeline is not None:
        pipeline.flush()


async def crawl(
    options: CrawlOptions, runner: AsyncCrawlerRunner | None = None
) -> CrawlSummary:
    """Run one crawl on the running event loop (asyncio reactor installed)."""
    from scrapy.crawler import AsyncCrawlerRunner, Crawler

    run = _Run(options)
    try:
        runner = runner or AsyncCrawlerRunner(run.settings)
        crawler = Crawler(DailyNKSpider, run.settings)
        run.watch(crawler)
        error: BaseException | None = None
        try:
            await runner.crawl(crawler, **run.spider_kwargs)
        except Exception as exc:  # noqa: BLE001 (any crash becomes the run's "failed")
            error = exc
    except BaseException as exc:
        run.abort(exc)
        raise
    return run.conclude(crawler, error)


class _Run:
    """The parts of a crawl outside Scrapy: the store, the run record, the kept state."""

    def __init__(self, options: CrawlOptions) -> None:
        if options.trigger not in TRIGGERS:
            raise ValueError(f"trigger must be one of {TRIGGERS}: {options.trigger!r}")
        self.options = options
        self.started = time.monotonic()
        self.errors: list[str] = []
        self.run_id: int | None = None
        self.concluded: CrawlSummary | None = None
        self.store = _open(options)
        try:
            self.run_id = self.store.start_run(options.trigger) if self.store else None
            self.settings = build_settings(options, self.run_id)
            self.state = self._plan()
            self.spider_kwargs = {
                "store": self.store,
                "state": self.state,
                "allow_offsite": options.allow_offsite,
            }
        except BaseException as exc:
            self.abort(exc)
            raise

    def _plan(self) -> CrawlState:
        options, kept = self.options, self._state
        return plan_crawl(
            self.settings,
            self.store,
            mode=options.mode,
            since=options.since,
            max_pages=options.max_pages,
            refresh_days=options.refresh_days,
            urls=options.urls,
            validators=kept(VALIDATORS_KEY),
            start_pages=kept(BACKFILL_KEY) if options.mode == "backfill" else {},
        )

    def _state(self, key: str) -> dict[str, Any]:
        """The ``pages`` kept under ``key`` for this site ({} if none or another site's)."""
        if self.store is None or self.options.replay_dir:
            return {}
        value = self.store.get_state(key)
        if (
            not isinstance(value, dict)
            or value.get("base_url") != self.options.base_url
        ):
            return {}
        pages = value.get("pages")
        return pages if isinstance(pages, dict) else {}

    def _set_state(self, key: str, pages: dict[str, Any] | None) -> None:
        value = {"base_url": self.options.base_url, "pages": pages} if pages else None
        self.store.set_state(key, value)

    def watch(self, crawler: Crawler) -> None:
        """Keep the first errors of callbacks and pipelines (Scrapy only logs them)."""

        def spider_error(failure: Any, response: Any, spider: Any) -> None:
            self.errors.append(f"{type(failure.value).__name__}: {failure.value}")

        def item_error(item: Any, response: Any, spider: Any, failure: Any) -> None:
            self.errors.append(
                f"saving failed: {type(failure.value).__name__}: {failure.value}"
            )

        crawler.signals.connect(spider_error, signal=signals.spider_error, weak=False)
        crawler.signals.connect(item_error, signal=signals.item_error, weak=False)

    def conclude(
        self,
        crawler: Crawler,
        error: BaseException | None,
        *,
        interrupted_by: int | None = None,
    ) -> CrawlSummary:
        if self.concluded is not None:  # a forced stop came first
            return self.concluded
        summary = summarize(crawler, error, self.errors, self.options, self.state)
        if interrupted_by is not None:
            # The user stopped it: whatever the crawl made of its cut-off requests.
            summary.outcome = "interrupted"
            summary.error = f"interrupted by {signal.Signals(interrupted_by).name}"
            summary.signal = interrupted_by
        summary.run_id = self.run_id
        summary.elapsed = time.monotonic() - self.started
        try:
            if self.store is not None:
                self._keep_state(crawler, summary)
                self._finish_run(summary)
        finally:
            self._close()
        self.concluded = summary
        return summary

    def abort(self, exc: BaseException) -> None:
        """Record a run that ended by an exception outside the crawl (e.g. Ctrl-C twice)."""
        try:
            if self.store is not None and self.run_id is not None:
                outcome = (
                    "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
                )
                self.store.finish_run(self.run_id, outcome, error=_one_line(exc))
        finally:
            self._close()

    def _finish_run(self, summary: CrawlSummary) -> None:
        if self.run_id is None:
            return
        from store.runs import run_counts

        self.store.finish_run(
            self.run_id, summary.outcome, **run_counts(summary), error=summary.error
        )

    def _keep_state(self, crawler: Crawler, summary: CrawlSummary) -> None:
        if not isinstance(crawler.spider, DailyNKSpider) or self.options.replay_dir:
            return
        if self.options.mode == "backfill" and summary.outcome != "failed":
            self._set_state(BACKFILL_KEY, self.state.cursors)
        if summary.close_reason == "finished" and self.options.mode != "fetch":
            validators = self._state(VALIDATORS_KEY) | self.state.kept_validators()
            self._set_state(VALIDATORS_KEY, validators)

    def _close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


# Requests in flight to the site when the user turned the politeness delay off (--delay 0).
UNTHROTTLED_CONCURRENCY = 4


def build_settings(options: CrawlOptions, run_id: int | None) -> Settings:
    """crawler.settings plus this run's database, site, delay and overrides."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    overrides: dict[str, Any] = {
        # The caller (CLI, scheduler) owns logging; Scrapy only sends records to it.
        "LOG_INSTALL_ROOT_HANDLER": False,
        "NKWATCH_DB": options.db_url or "",
        "NKWATCH_BASE_URL": options.base_url,
        "NKWATCH_RUN_ID": run_id or 0,
        "NKWATCH_LISTING_URLS": list(options.listing_urls),
    }
    if options.delay is not None:
        overrides |= {
            "DOWNLOAD_DELAY": options.delay,
            "AUTOTHROTTLE_START_DELAY": options.delay,
            "BACKOFF_BASE_DELAY": options.delay,
            # With no delay AutoThrottle would only add latency-sized pauses.
            "AUTOTHROTTLE_ENABLED": options.delay > 0,
        }
        if options.delay == 0:
            # Politeness explicitly off (tests, benchmarks, a mirror of one's own): a few
            # requests in flight keep the parser busy while pages arrive. bench/crawl.py:
            # backfill at 4 in flight costs ~1.7x the bare parse time, at 1 ~2.6x.
            overrides["CONCURRENT_REQUESTS_PER_DOMAIN"] = UNTHROTTLED_CONCURRENCY
    if not options.store:
        overrides["ITEM_PIPELINES"] = {}
    if options.replay_dir:
        middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
        middlewares[REPLAY_MIDDLEWARE] = 950
        overrides |= {
            "FIXTURE_REPLAY_DIR": options.replay_dir,
            "DOWNLOADER_MIDDLEWARES": middlewares,
        }
    settings.setdict(overrides, priority="cmdline")
    settings.setdict(dict(options.settings), priority="cmdline")
    return settings


def summarize(
    crawler: Crawler,
    error: BaseException | None,
    errors: list[str],
    options: CrawlOptions,
    state: CrawlState,
) -> CrawlSummary:
    """The summary of a finished crawl: counts, outcome and the one-line error, if any."""
    # _stats, not stats: the public one raises if the crawl never started.
    stats = dict(crawler._stats.get_stats()) if crawler._stats else {}
    # the state says what the crawl did only if its spider was made
    crawled = state if isinstance(crawler.spider, DailyNKSpider) else None
    saved = _saved(crawler)
    summary = CrawlSummary(
        run_id=None,
        outcome="ok",
        requests=int(stats.get("downloader/request_count", 0)),
        close_reason=stats.get("finish_reason"),
        stats=stats,
    )
    if saved is not None:
        summary.new, summary.new_reports = len(saved.new), list(saved.new)
        summary.revised, summary.revised_reports = (
            len(saved.revised),
            list(saved.revised),
        )
        summary.unchanged = saved.unchanged
        summary.settled = list(saved.settled)
    if crawled is not None:
        summary.failures = [(f.url, f.reason) for f in crawled.failures]
        summary.failed = len(summary.failures)
        summary.reports = list(crawled.reports)
        summary.links_found = crawled.links_found
    summary.outcome, summary.error = judge(crawled, summary, error, errors, options)
    return summary


def judge(
    state: CrawlState | None,
    summary: CrawlSummary,
    error: BaseException | None,
    errors: list[str],
    options: CrawlOptions,
) -> tuple[str, str | None]:
    """(outcome, error line) of a crawl; see ``nkwatch crawl --help`` for the exit codes."""
    if error is not None or state is None:
        return "failed", _one_line(error) if error else "the crawl did not start"
    if state.blocked:
        return "failed", state.blocked
    unreachable = state.unreachable()
    if unreachable is not None and unreachable.startswith("HTTP 4"):
        return (
            "failed",
            f"{options.base_url} answered {unreachable} (is --base-url right?)",
        )
    if unreachable is not None:
        return "failed", f"cannot reach {options.base_url}: {unreachable}"
    if summary.close_reason in INTERRUPTED_REASONS:
        return "interrupted", "interrupted"
    if options.mode == "fetch":
        if not summary.reports and summary.failures:
            return "failed", "no article could be fetched"
    elif state.nothing_found():
        return (
            "failed",
            f"no article links found on {options.base_url} (layout change?)",
        )
    if errors:
        return "partial", errors[0]
    # Settled verdicts (not an article, 404, given up) are the site's answer, not a
    # shortfall of this run: only failures the next run retries make it partial.
    retried = [(u, why) for u, why in summary.failures if u not in set(summary.settled)]
    cut_short = state.cut_short
    if state.notes and (retried or cut_short):
        return "partial", state.notes[0]
    if retried:
        url, why = retried[0]
        more = f" and {len(retried) - 1} more" if len(retried) > 1 else ""
        return "partial", f"{url} failed ({why}){more}: retried next run"
    if cut_short:
        return "partial", state.notes[0] if state.notes else None
    return "ok", None


def _saved(crawler: Crawler) -> Saved | None:
    from crawler.pipelines import StorePipeline

    try:
        pipeline = crawler.get_item_pipeline(StorePipeline)
    except (AttributeError, RuntimeError):  # the engine never started
        return None
    return pipeline.saved if pipeline is not None else None


def _open(options: CrawlOptions) -> Any:
    if not options.store:
        return None
    if not options.db_url:
        raise ValueError("a database URL is needed to store reports")
    from store import open_store

    return open_store(options.db_url)


def _task_error(task: Any) -> BaseException | None:
    if not task.done() or task.cancelled():
        return None
    return task.exception()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (
        f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__
    )
