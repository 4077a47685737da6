"""nkwatch parse: turn saved Daily NK pages into Reports."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "parse saved article pages into reports (JSON or the seed text layout)"
EPILOG = """examples:
  nkwatch parse page.html --url https://www.dailynk.com/english/some-slug/
  nkwatch parse fixtures/dailynk/pages/*.html --format json > reports.jsonl

exit codes: 0 every file parsed, 3 a file is not a Daily NK article, 2 usage error"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="saved HTML page(s)")
    parser.add_argument(
        "--url", help="the page's URL, used when it has no canonical link"
    )
    parser.add_argument("--format", choices=("json", "text"), default="json")


run = not_yet
