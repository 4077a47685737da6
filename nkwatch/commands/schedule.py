"""nkwatch schedule: the long-running crawl service."""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from nkwatch.commands._options import add_crawl_scope, add_delay_option
from nkwatch.errors import UsageError, UserError

if TYPE_CHECKING:
    from scheduler.service import ServiceConfig
    from store import Store

HELP = "run crawls periodically as a foreground service"
DESCRIPTION = """Run crawls on a schedule until stopped (SIGTERM or Ctrl-C stop it cleanly, exit 0).

One service per database: a second one refuses to start. Each run logs one summary line;
new law-enforcement reports are sent to the --notify targets (the very first run into an
empty database is the baseline and is not notified); health alerts (no article links found,
field coverage dropped, repeated failures) are logged and sent too, once per problem.
Never an alert for "nothing new". The titles of new reports are logged after each run.
A notification that still fails after its retries is kept in the database and resent
after each later run (and when the service starts) until delivered, 48 times at most;
`nkwatch status` shows how many are waiting."""
EPILOG = """examples:
  nkwatch schedule                       # every 30 minutes
  nkwatch schedule --every 2h --jitter 5m --notify https://example.org/hook
  nkwatch schedule --cron "*/15 * * * *" --notify mailto://user:pass@example.org
  nkwatch schedule --serve 8080          # and the web pages on http://127.0.0.1:8080/
  nkwatch schedule --listing https://www.dailynk.com/english/tag/crackdown/ --max-pages 2

notify targets: http(s):// URLs get a JSON POST {"run_id", "reports": [...]}; any other scheme
is an apprise URL (mailto://, slack://, tgram://, matrix://, json://, ...)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--every", metavar="DURATION", help="interval like 30m, 2h, 10s (default 30m)"
    )
    when.add_argument(
        "--cron", metavar="EXPR", help='crontab expression (UTC), e.g. "*/15 * * * *"'
    )
    parser.add_argument(
        "--jitter", metavar="DURATION", help="random delay added to each run"
    )
    add_delay_option(parser)
    parser.add_argument(
        "--listings-every",
        metavar="DURATION",
        help="read the home page and listings (the safety net for posts the feed does "
        "not show) at most this often; 0 = every run (default 6h)",
    )
    parser.add_argument(
        "--notify",
        action="append",
        default=[],
        metavar="URL",
        help="webhook or apprise URL (repeatable)",
    )
    parser.add_argument(
        "--timeout",
        metavar="DURATION",
        default="1h",
        help="a crawl running longer is stopped and recorded as failed (default 1h)",
    )
    parser.add_argument(
        "--alert-after",
        type=int,
        default=3,
        metavar="N",
        help="alert after N consecutive failed runs (default 3)",
    )
    parser.add_argument(
        "--no-raw",
        action="store_true",
        help="do not keep the fetched pages themselves (env NKWATCH_KEEP_RAW=0)",
    )
    parser.add_argument(
        "--serve",
        type=int,
        metavar="PORT",
        help="also serve the web pages and API on PORT (as `nkwatch serve`, read-only)",
    )
    parser.add_argument(
        "--serve-host",
        default="127.0.0.1",
        metavar="HOST",
        help="address for --serve (default 127.0.0.1: this machine only)",
    )
    add_crawl_scope(parser)
    # Seconds a crashed service's lock stays taken; short values are for tests only.
    parser.add_argument("--lock-ttl", type=float, default=30.0, help=argparse.SUPPRESS)


def build_config(args: argparse.Namespace) -> ServiceConfig:
    """Validate the options into a ServiceConfig; bad values raise UsageError (exit 2)."""
    from scheduler.durations import (
        BadScheduleError,
        build_trigger,
        parse_duration,
        parse_positive_duration,
    )
    from scheduler.service import ServiceConfig

    try:
        trigger = build_trigger(args.every, args.cron, args.jitter)
        timeout = parse_positive_duration(args.timeout, option="--timeout")
        listings_every = (
            parse_duration(args.listings_every, option="--listings-every")
            if args.listings_every is not None
            else None
        )
    except BadScheduleError as exc:
        raise UsageError(str(exc)) from None
    if args.delay is not None and not args.delay >= 0:
        raise UsageError(f"--delay: {args.delay} must be zero or more seconds")
    if args.alert_after < 1:
        raise UsageError(f"--alert-after: {args.alert_after} must be at least 1")
    if not args.lock_ttl > 0:
        raise UsageError("--lock-ttl must be positive")
    from nkwatch.commands.crawl import checked_listings, positive

    crawl_options: list[str] = []
    for listing in checked_listings(args.listing, args.base_url):
        crawl_options += ["--listing", listing]
    for option, value in (
        ("--max-pages", positive(args.max_pages, "--max-pages")),
        ("--refresh-days", positive(args.refresh_days, "--refresh-days")),
    ):
        if value is not None:
            crawl_options += [option, str(value)]
    return ServiceConfig(
        db_url=args.db,
        base_url=args.base_url,
        trigger=trigger,
        delay=args.delay,
        timeout_s=timeout.total_seconds(),
        notify_urls=tuple(args.notify),
        failure_threshold=args.alert_after,
        lock_ttl_s=args.lock_ttl,
        verbose=args.verbose,
        crawl_options=tuple(crawl_options),
        listings_every_s=(
            listings_every.total_seconds() if listings_every is not None else None
        ),
    )


def run(args: argparse.Namespace) -> int:
    from scheduler import jobs
    from scheduler.lock import AlreadyRunningError, ServiceLock
    from scheduler.notify import BadTargetError, Notifier
    from scheduler.service import Service

    config = build_config(args)
    if args.no_raw:  # the crawl subprocesses inherit the environment
        from crawler.rawpage import KEEP_RAW_ENV

        os.environ[KEEP_RAW_ENV] = "0"
    try:
        notifier = Notifier.from_urls(list(config.notify_urls))
    except BadTargetError as exc:
        raise UsageError(str(exc)) from None
    # The per-run summary lines and alerts are the service's output: show them by default.
    if not args.verbose:
        logging.getLogger("scheduler").setLevel(logging.INFO)
    store = open_store_for_cli(config.db_url)
    try:
        lock = ServiceLock(store, ttl_s=config.lock_ttl_s)
        try:
            lock.acquire()
        except AlreadyRunningError as exc:
            raise UserError(str(exc)) from None
        # Failed notifications are kept and resent after each run until delivered.
        notifier.keep_failures_in(store)
        jobs.after_each_run(notifier.resend_kept)
        try:
            with web_beside(args):
                return Service(config, store, lock, notifier).run()
        finally:
            jobs.after_each_run(None)
            lock.release()
    finally:
        store.close()


@contextmanager
def web_beside(args: argparse.Namespace) -> Iterator[None]:
    """With --serve: the web server runs in a thread while the service runs."""
    if args.serve is None:
        yield
        return
    from nkwatch.commands.serve import read_only_store, web_app
    from nkwatch.web import server

    server.check_port(args.serve)
    warning = server.exposure_warning(args.serve_host)
    with read_only_store(args.db) as web_store:
        sock = server.bind(args.serve_host, args.serve)
        if warning:
            logging.getLogger("nkwatch.web").warning("%s", warning)
        background = server.BackgroundServer(
            web_app(web_store, args), sock, verbose=args.verbose
        )
        background.start()
        logging.getLogger("scheduler").info("serving %s", server.url_of(sock))
        try:
            yield
        finally:
            background.stop()


def open_store_for_cli(db_url: str) -> Store:
    """open_store, with the store's own errors (bad URL, unreachable, outdated) as one line."""
    from store import StoreError, open_store

    try:
        return open_store(db_url)
    except StoreError as exc:
        raise UserError(str(exc)) from None
