"""nkwatch show: one stored report."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "show one stored report by URL or id"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="URL|ID")
    parser.add_argument("--format", choices=("text", "json"), default="text")


run = not_yet
