"""nkwatch record: save live pages as fixtures."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "save live pages with their URL and headers in the fixture format"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--into", required=True, metavar="DIR")


run = not_yet
