"""nkwatch db: database maintenance."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "database maintenance (upgrade the schema)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("upgrade", "current"))


run = not_yet
