"""nkwatch replay: run the real spider over saved fixtures, without network."""

from __future__ import annotations

import argparse
from pathlib import Path

from crawler.constants import REPLAY
from nkwatch.errors import UsageError

HELP = "run the spider over saved fixture pages (no network) into the store"
EPILOG = """example:
  nkwatch --db sqlite:///replay.db replay fixtures/

Every request (robots.txt included) is answered from DIR's manifest.json, keyed by the
real site's URLs, so --base-url should stay the real site. Same summary and exit codes
as 'nkwatch crawl'."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", default="fixtures", metavar="DIR")
    parser.add_argument(
        "--backfill",
        action="store_true",
        help="walk the saved archive (REST pages or listings) instead of an incremental run",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON summary as the last line"
    )


def run(args: argparse.Namespace) -> int:
    from crawler.replay.manifest import ManifestError, find_site_root
    from crawler.runner import CrawlOptions
    from nkwatch.commands.crawl import execute, exit_code, print_summary

    try:
        root = find_site_root(Path(args.dir))
    except ManifestError as exc:
        raise UsageError(str(exc)) from None
    options = CrawlOptions(
        db_url=args.db,
        base_url=args.base_url,
        mode="backfill" if args.backfill else "incremental",
        delay=0.0,  # nothing is downloaded: politeness delays would only slow it
        replay_dir=str(root),
        trigger=REPLAY,
    )
    summary = execute(options, verbose=args.verbose, progress=args.backfill)
    print_summary(summary, as_json=args.json, show_stats=args.backfill)
    return exit_code(summary)
