"""nkwatch prune: delete kept raw pages older than an age (the reports stay)."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, date, datetime, timedelta

from nkwatch.commands._store import opened_store
from nkwatch.errors import UsageError

HELP = "delete kept raw pages older than an age (reports and revisions stay)"
EPILOG = """examples:
  nkwatch prune --raw --older-than 2y          # pages fetched more than two years ago
  nkwatch prune --raw --older-than 90d --dry-run
  nkwatch prune --raw --older-than 2024-01-01  # fetched before that day (UTC)

Ages: Nd (days), Nw (weeks), Ny (years of 365 days), or a date. Without its raw page a
report can no longer be shown with --html, exported as WARC or reparsed."""

_AGE = re.compile(r"^\s*(\d+)\s*([dwy])\s*$", re.IGNORECASE)
_UNIT_DAYS = {"d": 1, "w": 7, "y": 365}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--raw", action="store_true", help="prune raw pages (the only kind for now)"
    )
    parser.add_argument(
        "--older-than",
        metavar="AGE",
        required=True,
        help="e.g. 2y, 90d, 12w, 2024-01-01",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would go, delete nothing"
    )


def cutoff(text: str, now: datetime) -> datetime:
    """The moment before which pages go: ``now`` minus an age, or a date's midnight UTC."""
    match = _AGE.match(text)
    if match:
        days = int(match.group(1)) * _UNIT_DAYS[match.group(2).lower()]
        if days == 0:
            raise UsageError("--older-than must be more than 0")
        return now - timedelta(days=days)
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--older-than: expected an age like 2y, 90d, 12w or a date, got {text!r}"
        ) from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def run(args: argparse.Namespace) -> int:
    if not args.raw:
        raise UsageError("say what to prune: --raw (kept raw pages)")
    before = cutoff(args.older_than, datetime.now(UTC))
    with opened_store(args) as store:
        pages, size = store.prune_raw(before, dry_run=args.dry_run)
        left = store.raw_totals()
    verb = "would delete" if args.dry_run else "deleted"
    print(
        f"{verb} {pages} raw pages fetched before {before.isoformat(timespec='seconds')} "
        f"({size / 1e6:.1f} MB stored); {left['pages'] - (pages if args.dry_run else 0)} "
        "raw pages kept"
    )
    if not args.dry_run and pages:
        print(
            "the space is reused by new pages; SQLite gives it back with VACUUM",
            file=sys.stderr,
        )
    return 0
