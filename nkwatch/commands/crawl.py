"""nkwatch crawl: one crawl of the site into the store."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "crawl the site once and store new reports (incremental by default)"
EPILOG = """examples:
  nkwatch crawl                      # incremental: feed + first listing pages + new articles
  nkwatch crawl --backfill --since 2024-01-01
  nkwatch crawl --json               # last line: {"run_id", "new", "revised", ...}

exit codes: 0 run completed (per-article failures are reported), 1 site unreachable or no links found"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backfill", action="store_true", help="walk the whole archive"
    )
    parser.add_argument(
        "--since", metavar="DATE", help="backfill stops at this date (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--max-pages", type=int, metavar="N", help="listing pages per listing"
    )
    parser.add_argument(
        "--refresh-days",
        type=int,
        metavar="N",
        help="re-check articles of the last N days for edits",
    )
    parser.add_argument(
        "--delay",
        type=float,
        metavar="SECONDS",
        help="politeness delay between requests (default 1)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON summary as the last line"
    )


run = not_yet
