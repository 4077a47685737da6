"""nkwatch reports: list stored reports."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "list stored reports (law-enforcement only by default, newest first)"
EPILOG = """examples:
  nkwatch reports --since 2024-01-01 --agency state_security
  nkwatch reports --province "North Hamgyong" --format csv"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="DATE")
    parser.add_argument("--until", metavar="DATE")
    parser.add_argument(
        "--agency", metavar="ID", help="e.g. police, state_security, border_guards"
    )
    parser.add_argument("--province", metavar="NAME")
    parser.add_argument(
        "--all", action="store_true", help="include non-law-enforcement reports"
    )
    parser.add_argument("--limit", type=int, metavar="N")
    parser.add_argument(
        "--format", choices=("table", "json", "jsonl", "csv"), default="table"
    )


run = not_yet
