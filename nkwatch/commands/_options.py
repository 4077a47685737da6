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


def add_report_filters(parser: argparse.ArgumentParser) -> None:
    """The filters of ``reports`` and ``export``: dates, agencies, provinces, search."""
    from nkwatch.commands._store import day, search_query

    parser.add_argument("--since", metavar="DATE", type=day, help="published on or after")
    parser.add_argument("--until", metavar="DATE", type=day, help="published on or before")
    parser.add_argument(
        "--seen-since",
        metavar="DATE",
        type=day,
        help="first stored on or after this day (what is new since you last looked)",
    )
    parser.add_argument(
        "--agency",
        action="append",
        metavar="ID",
        help="an agency id, acronym or name (repeatable: any of them)",
    )
    parser.add_argument(
        "--province", action="append", metavar="NAME", help="repeatable: any of them"
    )
    parser.add_argument(
        "--search",
        metavar="QUERY",
        type=search_query,
        help='full-text search: words, "exact phrases", OR, -exclusions',
    )
