"""Options several commands share, defined once so their names and help stay the same."""

from __future__ import annotations

import argparse


def add_delay_option(parser: argparse.ArgumentParser) -> None:
    """``--delay SECONDS``: the politeness delay of every command that crawls."""
    parser.add_argument(
        "--delay",
        type=float,
        metavar="SECONDS",
        help="politeness delay between requests (default 1)",
    )
