"""nkwatch serve-fixtures: the offline copy of the site over HTTP on 127.0.0.1."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "serve the fixture site over HTTP on 127.0.0.1 (for tests and demos)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--dir", default="fixtures", help="fixture folder")
    parser.add_argument(
        "--archive", type=int, default=0, metavar="N", help="add N synthetic articles"
    )
    parser.add_argument(
        "--hold-back",
        type=int,
        default=0,
        metavar="K",
        help="hide the K newest until published",
    )


run = not_yet
