"""nkwatch export: stored reports as JSON Lines, CSV or an Atom feed."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "export stored reports as jsonl, csv or atom"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("jsonl", "csv", "atom"), required=True)
    parser.add_argument("--since", metavar="DATE")
    parser.add_argument("--out", metavar="FILE", help="write here instead of stdout")


run = not_yet
