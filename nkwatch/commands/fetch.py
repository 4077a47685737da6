"""nkwatch fetch: one-off fetch of given article URLs."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "fetch given article URLs now, print and store them"
EPILOG = """examples:
  nkwatch fetch https://www.dailynk.com/english/some-slug/
  nkwatch fetch URL1 URL2 --no-store --format text"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument(
        "--no-store", action="store_true", help="print only, do not store"
    )
    parser.add_argument("--format", choices=("json", "text"), default="json")
    parser.add_argument(
        "--allow-offsite", action="store_true", help="allow URLs outside --base-url"
    )


run = not_yet
