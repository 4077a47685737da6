"""nkwatch reparse: rebuild stored reports from their kept pages with the current parser.

No network: each report's current raw page is parsed again. A different text (content
hash) is stored as a revision, other differences (captions, authors, entities) update the
report in place, and an identical result writes nothing; see ``store.reparsing``. So a
parser fix reaches the whole archive, and the history still shows the old reading.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from nkwatch.commands._store import day, opened_store

HELP = "rebuild reports from their kept pages with the current parser (no network)"
EPILOG = """examples:
  nkwatch reparse                        # every report with a kept page
  nkwatch reparse --since 2024-01-01     # reports published since that day (Korean time)
  nkwatch reparse --dry-run              # count what would change; write nothing

Reports without a kept page (stored with raw pages off, or pruned) are skipped. A page
the current parser no longer reads as an article leaves its report as it was."""

#: Progress line every this many reports (on stderr).
PROGRESS_EVERY = 200

ParsePage = Callable[[bytes, str], Mapping[str, Any] | None]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="DATE", type=day, help="YYYY-MM-DD")
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would change, write nothing"
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON summary as the last line"
    )


def parse_page(body: bytes, url: str) -> dict[str, Any] | None:
    """The crawler's parser, as the store's reparse calls it (bytes, URL -> storage dict)."""
    from crawler.items import Report
    from crawler.parsers import parse_article

    result = parse_article(body, url)
    return result.to_storage_dict() if isinstance(result, Report) else None


def run(args: argparse.Namespace, parse: ParsePage | None = None) -> int:
    parse = parse or parse_page
    counts: Counter[str] = Counter()
    started = time.monotonic()
    with opened_store(args) as store:
        reports = store.current_raw_pages(args.since)
        for done, (report_id, url) in enumerate(reports, start=1):
            outcome = store.reparse_report(report_id, parse, dry_run=args.dry_run)
            counts[outcome] += 1
            if outcome != "unchanged" and args.verbose:
                print(f"{outcome}: {url}", file=sys.stderr)
            if done % PROGRESS_EVERY == 0:
                print(f"reparsed {done}/{len(reports)}", file=sys.stderr)
    keys = ("revised", "updated", "unchanged", "unparsed", "skipped")
    summary = {"reports": sum(counts.values()), **{k: counts[k] for k in keys}}
    if args.json:
        print(json.dumps(summary))
    else:
        verb = "would be" if args.dry_run else ""
        print(
            f"reparsed {summary['reports']} reports in {time.monotonic() - started:.1f}s: "
            f"{summary['revised']} revised, {summary['updated']} updated, "
            f"{summary['unchanged']} unchanged, {summary['unparsed']} not read as articles, "
            f"{summary['skipped']} without a page of their current version"
            + (f" ({verb} written: dry run)" if args.dry_run else "")
        )
    return 0
