"""nkwatch fetch: one-off fetch of given article URLs through the spider and the parser."""

from __future__ import annotations

import argparse
import sys

from crawler.constants import MANUAL
from nkwatch.commands._options import add_delay_option
from nkwatch.commands._output import print_report
from nkwatch.errors import UsageError

HELP = "fetch given article URLs now, print and store them"
EPILOG = """examples:
  nkwatch fetch https://www.dailynk.com/english/some-slug/
  nkwatch fetch URL1 URL2 --no-store --format text

One URL prints one pretty JSON object; several print JSON Lines (one report per line).
--format text starts each report with a header and separates reports with a line of =.
Politeness still applies (robots.txt, --delay). URLs outside --base-url are refused unless
--allow-offsite; only http(s) URLs are ever fetched.
exit codes: 0 every URL gave a report, 1 some did not (each is named on stderr), 2 usage error"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument(
        "--no-store", action="store_true", help="print only, do not store"
    )
    parser.add_argument(
        "--format",
        choices=("json", "text", "seed"),
        default="json",
        help="json (default); text: a header (title, Korean time, URL, authors) and the "
        "article; seed: the article in the exact seed-file layout",
    )
    parser.add_argument(
        "--allow-offsite", action="store_true", help="allow URLs outside --base-url"
    )
    add_delay_option(parser)


def run(args: argparse.Namespace) -> int:
    urls = checked_urls(args.urls, args.base_url, allow_offsite=args.allow_offsite)
    from crawler.runner import CrawlOptions  # after the checks: refusals stay instant
    from nkwatch.commands.crawl import execute, non_negative

    options = CrawlOptions(
        db_url=None if args.no_store else args.db,
        base_url=args.base_url,
        mode="fetch",
        urls=tuple(urls),
        store=not args.no_store,
        allow_offsite=args.allow_offsite,
        delay=non_negative(args.delay, "--delay"),
        trigger=MANUAL,
    )
    summary = execute(options, verbose=args.verbose, progress=False)
    for number, report in enumerate(summary.reports):
        print_report(report, args.format, several=len(urls) > 1, first=number == 0)
    for url, reason in summary.failures:
        print(f"nkwatch fetch: {url}: {reason}", file=sys.stderr)
    if summary.outcome == "failed" and not summary.failures:
        print(f"nkwatch fetch: {summary.error}", file=sys.stderr)
    return 0 if summary.reports and not summary.failures else 1


def checked_urls(urls: list[str], base_url: str, *, allow_offsite: bool) -> list[str]:
    """The URLs to fetch, canonical when on the site; a usage error for any refused one."""
    from nkwatch.commands.crawl import site_scope

    scope = site_scope(base_url)
    checked = []
    for url in urls:
        if not url.strip().lower().startswith(("http://", "https://")):
            raise UsageError(f"only http(s) URLs can be fetched, not {url!r}")
        canonical = scope.canonicalize(url)
        if canonical is None and not allow_offsite:
            raise UsageError(
                f"{url} is not on {scope.base_url} (use --allow-offsite to fetch it anyway)"
            )
        checked.append(canonical or url.strip())
    return list(dict.fromkeys(checked))
