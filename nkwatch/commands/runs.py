"""nkwatch runs: crawl history."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "list recent crawl runs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=20, metavar="N")
    parser.add_argument("--format", choices=("table", "json"), default="table")


run = not_yet
