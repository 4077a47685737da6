"""``python -m scheduler.crawl_job``: one scheduled crawl, run by the service in a child process.

Settings come from the environment (``NKWATCH_DB``, ``NKWATCH_BASE_URL``) rather than argv, so a
database password never shows in ``ps``. The last stdout line is the JSON summary that
``scheduler.jobs`` reads: run_id, outcome, counts, new_urls, links_found, error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import signal
import sys
import threading
import time
from typing import Any

from crawler import environment
from crawler.constants import SCHEDULED

logger = logging.getLogger(__name__)

TRIGGER = SCHEDULED
_ORPHAN_POLL_S = 1.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scheduler.crawl_job")
    parser.add_argument("--delay", type=float, default=None)
    parser.add_argument("--listing", action="append", default=[])
    parser.add_argument("--max-pages", type=int, default=None)
    parser.add_argument("--refresh-days", type=int, default=None)
    parser.add_argument("--listings-every", type=float, default=None)  # seconds
    parser.add_argument("-v", "--verbose", action="count", default=0)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _configure_logging(args.verbose)
    _stop_when_orphaned(os.getppid())
    try:
        summary = crawl(
            db_url=environment.default_db_url(),
            base_url=environment.default_base_url(),
            delay=args.delay,
            listing_urls=tuple(args.listing),
            max_pages=args.max_pages,
            refresh_days=args.refresh_days,
            listings_every_s=args.listings_every,
        )
    except Exception as exc:
        logger.debug("crawl failed", exc_info=True)
        message = environment.redact_url(f"{type(exc).__name__}: {exc}").splitlines()[0]
        summary = {"outcome": "failed", "error": message}
    # ru_maxrss is in KiB on Linux: the crawl's own peak, exact (no sampling).
    summary["peak_rss_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    try:
        print(json.dumps(summary), flush=True)  # noqa: T201 (the service reads this line)
    except BrokenPipeError:
        # The service died (kill -9) while we crawled; the run is in the store already.
        # Point stdout at /dev/null so the interpreter's exit flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _configure_logging(verbose: int) -> None:
    """Quiet by default: the service logs one line per run from the summary.

    The level sits on the handler, not the root logger: Scrapy resets the root logger's
    level to NOTSET when it configures logging. ``-v`` on the service shows the crawl's
    warnings, ``-vv`` its info lines, ``-vvv`` everything.
    """
    levels = {0: logging.CRITICAL, 1: logging.WARNING, 2: logging.INFO}
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(levels.get(verbose, logging.DEBUG))
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s crawl %(name)s: %(message)s")
    )
    logging.root.addHandler(handler)


def crawl(
    *,
    db_url: str,
    base_url: str,
    delay: float | None,
    listing_urls: tuple[str, ...] = (),
    max_pages: int | None = None,
    refresh_days: int | None = None,
    listings_every_s: float | None = None,
) -> dict[str, Any]:
    """Run one incremental crawl and return the summary the service reads."""
    from crawler.runner import CrawlOptions, run_crawl

    settings = {}
    if listings_every_s is not None:
        settings["NKWATCH_LISTINGS_EVERY"] = listings_every_s
    options = CrawlOptions(
        db_url=db_url,
        base_url=base_url,
        delay=delay,
        trigger=TRIGGER,
        listing_urls=listing_urls,
        max_pages=max_pages,
        refresh_days=refresh_days,
        settings=settings,
    )
    # A stop that had to cut in-flight requests short exits at once: print the summary
    # first, so the service reads the run id (and closes no second run for it).
    return summary_dict(run_crawl(options, on_forced_stop=_print_cut_short))


def _print_cut_short(summary: Any) -> None:
    print(json.dumps(summary_dict(summary)), flush=True)  # noqa: T201 (read by the service)


def summary_dict(summary: Any) -> dict[str, Any]:
    """The runner's CrawlSummary as the JSON the service reads.

    ``links_found`` is 0 only when the runner judged that the listings yielded no links:
    a run whose listings all answered 304 Not Modified also finds none, and is healthy.
    """
    no_links = summary.outcome == "failed" and is_no_links_error(summary.error)
    return {
        "run_id": summary.run_id,
        "outcome": summary.outcome,
        "new": summary.new,
        "revised": summary.revised,
        "unchanged": summary.unchanged,
        "failed": summary.failed,
        "requests": summary.requests,
        "new_urls": list(summary.new_urls),
        "links_found": 0 if no_links else (summary.links_found or None),
        "error": summary.error,
    }


def is_no_links_error(error: str | None) -> bool:
    """The runner's error line for "the listings yielded no article links"."""
    return "no article links" in (error or "")


def _stop_when_orphaned(parent_pid: int) -> None:
    """Stop the crawl if the service dies (kill -9): no crawl may outlive its service."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(_ORPHAN_POLL_S)
        logger.warning("the scheduler service is gone: stopping the crawl")
        # SIGTERM first, so the crawl closes its run as interrupted; then make sure.
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(10)
        os._exit(1)

    threading.Thread(target=watch, name="orphan watch", daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
