"""nkwatch schedule: the long-running crawl service."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "run crawls periodically as a foreground service"
EPILOG = """examples:
  nkwatch schedule                       # every 30 minutes
  nkwatch schedule --every 2h --jitter 5m --notify https://example.org/hook
  nkwatch schedule --cron "*/15 * * * *" --notify mailto://user:pass@example.org"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--every", metavar="DURATION", help="interval like 30m, 2h, 10s (default 30m)"
    )
    when.add_argument("--cron", metavar="EXPR", help="crontab expression")
    parser.add_argument(
        "--jitter", metavar="DURATION", help="random delay added to each run"
    )
    parser.add_argument(
        "--delay", type=float, metavar="SECONDS", help="politeness delay"
    )
    parser.add_argument(
        "--notify",
        action="append",
        default=[],
        metavar="URL",
        help="webhook or apprise URL",
    )


run = not_yet
