"""nkwatch replay: run the real spider over saved fixtures, without network."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "run the spider over saved fixture pages (no network) into the store"
EPILOG = """example:
  nkwatch --db sqlite:///replay.db replay fixtures/"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", default="fixtures", metavar="DIR")


run = not_yet
