"""nkwatch crawl: one crawl of the site into the store."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from crawler.constants import MANUAL
from nkwatch.commands._options import add_crawl_scope, add_delay_option
from nkwatch.errors import UsageError, UserError

if TYPE_CHECKING:
    from crawler.runner import CrawlOptions, CrawlSummary
    from crawler.urls import Scope

HELP = "crawl the site once and store new reports (incremental by default)"
EPILOG = """examples:
  nkwatch crawl                      # incremental: the feed, then only the new articles
  nkwatch crawl --listings-every 0   # also read the home page and listings (default: every 6h)
  nkwatch crawl --backfill --since 2024-01-01
  nkwatch crawl --json               # last line: {"run_id", "new", "revised", ...}

An interrupted backfill resumes where it stopped on the next --backfill.
Ctrl-C or SIGTERM stop a crawl within a few seconds; the reports stored until then stay
stored and are listed, and the run is recorded as interrupted.
Progress lines (requests, new reports, rate, time left, a site that does not answer) go to
stderr every 10 s on a terminal or with -v; a backfill also prints each listing page.

exit codes: 0 the run completed (ok or partial: per-article failures are listed; settled
ones are not requested again, see `nkwatch runs --failures`), 1 it failed (site unreachable,
every entry page 404, robots.txt keeps crawlers out, or no links found: layout change?),
130 Ctrl-C, 143 SIGTERM. Every report stored is listed in the summary, whatever the exit
code, and stays stored."""

#: Loggers that are quiet without -v: the summary says what matters, in one place.
CHATTY_LOGGERS = ("scrapy", "twisted", "py.warnings", "dailynk", "crawler", "asyncio")
#: Stats shown after a backfill, in this order, with these labels.
STATS_SHOWN = (
    ("downloader/request_count", "requests"),
    ("downloader/response_status_count/200", "responses 200"),
    ("downloader/response_status_count/304", "responses 304 (not modified)"),
    ("downloader/response_status_count/404", "responses 404"),
    ("retry/count", "retries"),
    ("nkwatch/known_skipped", "known links skipped"),
    ("nkwatch/articles_requested", "articles requested"),
    ("item_scraped_count", "reports parsed"),
    ("store/raw_pages", "raw pages passed to the store"),
    ("parser/not_an_article", "pages that are not articles"),
    ("downloader/response_bytes", "bytes received"),
    ("elapsed_time_seconds", "seconds"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backfill", action="store_true", help="walk the whole archive"
    )
    parser.add_argument(
        "--since", metavar="DATE", help="backfill stops at this date (YYYY-MM-DD)"
    )
    add_crawl_scope(parser)
    add_delay_option(parser)
    parser.add_argument(
        "--listings-every",
        metavar="DURATION",
        default="6h",
        help="read the home page and listings (the safety net for back-dated posts the "
        "feed does not show) when the last read is this old: 30m, 6h, 1d; 0 = every "
        "run (default 6h)",
    )
    parser.add_argument(
        "--recheck-failures",
        action="store_true",
        help="request every failed article again, settled ones too (not an article, "
        "404, given up); see `nkwatch runs --failures`",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON summary as the last line"
    )
    parser.add_argument(
        "--no-raw",
        action="store_true",
        help="do not keep the fetched pages themselves (env NKWATCH_KEEP_RAW=0)",
    )


def run(args: argparse.Namespace) -> int:
    from crawler.runner import CrawlOptions

    options = CrawlOptions(
        db_url=args.db,
        base_url=args.base_url,
        mode="backfill" if args.backfill else "incremental",
        since=parse_since(args.since, backfill=args.backfill),
        max_pages=positive(args.max_pages, "--max-pages"),
        refresh_days=positive(args.refresh_days, "--refresh-days"),
        delay=non_negative(args.delay, "--delay"),
        listing_urls=checked_listings(args.listing, args.base_url),
        trigger=MANUAL,
        settings=crawl_settings(args),
    )
    # Page lines for a backfill always; timed progress on a terminal or with -v.
    progress = args.backfill or wants_progress(args.verbose)

    def forced_stop(summary: CrawlSummary) -> None:
        print_summary(summary, as_json=args.json, show_stats=False)

    summary = execute(
        options,
        verbose=args.verbose,
        progress=progress,
        timed_progress=wants_progress(args.verbose),
        on_forced_stop=forced_stop,
    )
    print_summary(summary, as_json=args.json, show_stats=args.backfill)
    return exit_code(summary)


def crawl_settings(args: argparse.Namespace) -> dict[str, object]:
    """--listings-every and --recheck-failures as the crawler's settings."""
    from scheduler.durations import BadScheduleError, parse_duration

    try:
        every = parse_duration(args.listings_every, option="--listings-every")
    except BadScheduleError as exc:
        raise UsageError(str(exc)) from None
    settings: dict[str, object] = {
        "NKWATCH_LISTINGS_EVERY": every.total_seconds(),
        "NKWATCH_RECHECK_FAILURES": bool(args.recheck_failures),
    }
    if args.no_raw:
        settings["NKWATCH_KEEP_RAW"] = False
    return settings


def wants_progress(verbose: int) -> bool:
    """Timed progress lines: for a person watching (a terminal) or who asked (-v)."""
    return bool(verbose) or sys.stderr.isatty()


def execute(
    options: CrawlOptions,
    *,
    verbose: int,
    progress: bool,
    timed_progress: bool = False,
    on_forced_stop: Callable[[CrawlSummary], None] | None = None,
) -> CrawlSummary:
    """Run the crawl with quiet logs (unless -v); store problems become one-line errors."""
    from crawler.runner import run_crawl
    from store import StoreError

    quiet_logs(verbose, progress=progress or timed_progress)
    try:
        return run_crawl(
            options, on_forced_stop=on_forced_stop, progress=timed_progress
        )
    except StoreError as exc:
        raise UserError(str(exc)) from None
    except ValueError as exc:  # a bad --base-url or listing URL
        raise UsageError(str(exc)) from None


def quiet_logs(verbose: int, *, progress: bool) -> None:
    """Keep stderr to the summary (and progress lines) unless -v asks for more.

    Scrapy resets its loggers' levels when the crawl starts (``dictConfig``), so the
    threshold is a filter on the root handlers, which it leaves alone.
    """
    for handler in logging.getLogger().handlers:
        handler.addFilter(LogThreshold(verbose))
    if progress:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        progress_logger = logging.getLogger("nkwatch.progress")
        progress_logger.setLevel(logging.INFO)
        progress_logger.addHandler(handler)
        progress_logger.propagate = False


class LogThreshold(logging.Filter):
    """-v: info, -vv: debug; by default only warnings, and none from the crawl machinery."""

    def __init__(self, verbose: int) -> None:
        super().__init__()
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        if self.verbose >= 2:
            return True
        if self.verbose == 1:
            return record.levelno >= logging.INFO
        chatty = record.name.split(".", 1)[0] in CHATTY_LOGGERS
        return record.levelno >= (logging.CRITICAL if chatty else logging.WARNING)


def print_summary(summary: CrawlSummary, *, as_json: bool, show_stats: bool) -> None:
    """The human summary on stdout, or the JSON line; errors go to stderr.

    A failed run that stored reports still lists them: they are in the store.
    """
    stored = summary.new or summary.revised
    if summary.outcome in ("failed", "interrupted"):
        print(f"nkwatch crawl: {summary.error}", file=sys.stderr)
    if not as_json and (summary.outcome != "failed" or stored):
        print(human_summary(summary))
    if show_stats and summary.outcome != "failed":
        print(stats_text(summary.stats), file=sys.stderr)
    if as_json:
        print(json.dumps(summary.to_json()))


#: Lines listed per kind in the human summary; a first run may store hundreds.
LISTED = 30


def human_summary(summary: CrawlSummary) -> str:
    head = (
        f"run {summary.run_id}: {summary.outcome}, {summary.new} new, "
        f"{summary.revised} revised, {summary.unchanged} unchanged, "
        f"{summary.failed} failed, {summary.requests} requests "
        f"in {summary.elapsed:.1f}s"
    )
    lines = [head]
    lines += listed("new", [f"{t}  <{u}>" for u, t in summary.new_reports])
    lines += listed("revised", [f"{t}  <{u}>" for u, t in summary.revised_reports])
    lines += listed("failed", [f"{u}: {reason}" for u, reason in summary.failures])
    if summary.error and summary.outcome not in ("failed", "interrupted"):
        lines.append(f"  note: {summary.error}")
    return "\n".join(lines)


def listed(kind: str, entries: list[str]) -> list[str]:
    lines = [f"  {kind}: {entry}" for entry in entries[:LISTED]]
    if len(entries) > LISTED:
        lines.append(f"  … and {len(entries) - LISTED} more {kind}")
    return lines


def stats_text(stats: dict[str, object]) -> str:
    rows = [(label, stats[key]) for key, label in STATS_SHOWN if key in stats]
    width = max((len(label) for label, _ in rows), default=0)
    body = [f"  {label:<{width}}  {value}" for label, value in rows]
    return "\n".join(["crawl statistics:", *body])


def exit_code(summary: CrawlSummary) -> int:
    """0 completed (even with per-article failures), 1 failed, 128 + signal interrupted."""
    if summary.outcome == "interrupted":
        return 128 + (summary.signal or 2)  # 130 for Ctrl-C (SIGINT), 143 for SIGTERM
    return 1 if summary.outcome == "failed" else 0


def site_scope(base_url: str) -> Scope:
    """The --base-url's scope (host and path prefix); a usage error when it is not a site URL."""
    from crawler.urls import Scope

    try:
        return Scope.from_base_url(base_url)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def checked_listings(urls: list[str], base_url: str) -> tuple[str, ...]:
    """--listing URLs in canonical form; a usage error for one that is not a listing here."""
    scope = site_scope(base_url)
    checked = []
    for url in urls:
        listing = scope.listing_url(url)
        if listing is None:
            raise UsageError(
                f"--listing {url}: not a category, tag or author page of {scope.base_url}"
            )
        checked.append(listing)
    return tuple(checked)


def parse_since(value: str | None, *, backfill: bool) -> date | None:
    if value is None:
        return None
    if not backfill:
        raise UsageError("--since only applies to --backfill")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--since: not a date (YYYY-MM-DD): {value!r}") from None


def positive(value: int | None, option: str) -> int | None:
    if value is not None and value < 1:
        raise UsageError(f"{option} must be at least 1, not {value}")
    return value


def non_negative(value: float | None, option: str) -> float | None:
    if value is not None and not value >= 0:  # also refuses NaN
        raise UsageError(f"{option} must be 0 or more, not {value}")
    return value
