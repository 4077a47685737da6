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


def add_crawl_scope(parser: argparse.ArgumentParser) -> None:
    """What a crawl reads beyond the feed, the same for a one-off crawl and the service:
    ``--listing``, ``--max-pages``, ``--refresh-days``."""
    parser.add_argument(
        "--listing",
        action="append",
        default=[],
        metavar="URL",
        help="also watch this listing (tag, author or category page); repeatable",
    )
    parser.add_argument(
        "--max-pages", type=int, metavar="N", help="listing pages read per listing"
    )
    parser.add_argument(
        "--refresh-days",
        type=int,
        metavar="N",
        help="re-check articles of the last N days for edits (on every run)",
    )


def add_band_options(parser: argparse.ArgumentParser) -> None:
    """``--all`` or ``--possible``: which reports beyond the law-enforcement ones are shown."""
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--all", action="store_true", help="include non-law-enforcement reports"
    )
    shown.add_argument(
        "--possible",
        action="store_true",
        help="also the reports the classifier found close to the line (marked [possible])",
    )


def add_report_filters(parser: argparse.ArgumentParser) -> None:
    """The filters of ``reports`` and ``export``: dates, agencies, provinces, search."""
    from nkwatch.commands._store import day, search_query

    parser.add_argument(
        "--since", metavar="DATE", type=day, help="published on or after"
    )
    parser.add_argument(
        "--until", metavar="DATE", type=day, help="published on or before"
    )
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
