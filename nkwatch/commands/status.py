"""nkwatch status: health of the monitoring service."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime

from nkwatch.errors import UsageError

HELP = "show last run, failures, next run and health (exit 1 when unhealthy)"
EPILOG = """exit codes: 0 healthy, 1 unhealthy (see the alert lines), 2 bad options

unhealthy means: N consecutive failed runs (--alert-after), the listings yielded no article
links, a field's coverage in the last good run dropped far below the stored history, or the
scheduled crawl is more than 5 minutes overdue (no `nkwatch schedule` running).
No new reports is never unhealthy."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--alert-after",
        type=int,
        default=3,
        metavar="N",
        help="unhealthy after N consecutive failed runs (default 3)",
    )


def run(args: argparse.Namespace) -> int:
    from nkwatch.commands._store import opened_store
    from scheduler import status

    if args.alert_after < 1:
        raise UsageError(f"--alert-after: {args.alert_after} must be at least 1")
    # opened_store, like the other store commands: a malformed --db is a usage error (2).
    with opened_store(args, read_only=True) as store:
        next_run, schedule = status.scheduled_job(args.db)
        report = status.collect(
            store,
            next_run=next_run,
            schedule=schedule,
            now=datetime.now(UTC),
            failure_threshold=args.alert_after,
        )
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        print(status.render_text(report))
    return 0 if report["healthy"] else 1
