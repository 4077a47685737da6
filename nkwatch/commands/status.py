"""nkwatch status: health of the monitoring service."""

from __future__ import annotations

import argparse

from nkwatch.commands._stub import not_yet

HELP = "show last run, failures, next run and health (exit 1 when unhealthy)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


run = not_yet
