"""nkwatch reports: list stored reports."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

from nkwatch.commands._agencies import agency_ids, province_names
from nkwatch.commands._options import add_band_options, add_report_filters
from nkwatch.commands._store import (
    emit,
    explain_empty,
    opened_store,
    public_report,
    with_snippet,
)

HELP = "list stored reports (law-enforcement only by default, newest first)"
EPILOG = """examples:
  nkwatch reports --since 2024-01-01 --agency MSS
  nkwatch reports --agency police --agency courts      # either agency
  nkwatch reports --seen-since 2025-03-01               # stored since then: new to me
  nkwatch reports --province "North Hamgyong" --format csv
  nkwatch reports --all --limit 0 --format json         # every report

Dates are days in Korean time (the site's zone); --since and --until are inclusive and
filter by publication, --seen-since by when nkwatch first stored the report.
Repeated --agency or --province match any of the values given.
Agency ids: police, state_security, prosecutors, courts, border_guards, group_109,
inspection, military_security; acronyms and names work too (MSS, MPS, "State Security",
"People's Safety", ...). Provinces match without regard to case or the word "Province".
At most --limit reports are listed (default 50; 0 for all); a line on stderr says how
many more matched. The table wraps long cells to the terminal width; --wide keeps one
line per report.


In the table, [possible] marks a report the classifier put close to the line (shown with
--possible or --all) and [labelled] one whose verdict a user set with `nkwatch label`.

--search: all words must appear (English stems: "bribes" finds "bribe"), "exact
phrases" in double quotes, OR between two terms, -word to exclude; best match first,
with the matching words shown in «» under each title."""

TABLE_HEADER = ("ID", "DATE", "AGENCIES", "PROVINCE", "TITLE")
# Widest a column other than the title may grow before it wraps.
MAX_WIDTHS = (8, 10, 24, 16)
MIN_TITLE = 20
MIN_NAME = 8
DEFAULT_LIMIT = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_report_filters(parser)
    add_band_options(parser)
    parser.add_argument(
        "--limit",
        type=non_negative_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"list at most N reports (default {DEFAULT_LIMIT}; 0: all)",
    )
    parser.add_argument(
        "--format", choices=("table", "json", "jsonl", "csv"), default="table"
    )
    parser.add_argument(
        "--wide",
        action="store_true",
        help="table: one line per report, nothing wrapped or cut (wider than the terminal)",
    )


def run(args: argparse.Namespace) -> int:
    from nkwatch.commands.export import csv_lines, jsonl_lines

    filters = {
        "since": args.since,
        "until": args.until,
        "seen_since": args.seen_since,
        "agency": agency_ids(args.agency),
        "province": province_names(args.province),
        "law_enforcement_only": not args.all,
        "possible": args.possible,
        "search": args.search,
    }
    limit = args.limit or None
    with opened_store(args, read_only=True) as store:
        stored = store.query_reports(limit=limit, **filters)
        if not stored:
            explain_empty(store)
        more = (
            store.count_reports(**filters) - len(stored)
            if limit is not None and len(stored) == limit
            else 0
        )
    reports = [with_snippet(public_report(r), r) for r in stored]
    if args.format == "json":
        emit(json.dumps(reports, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "jsonl":
        emit("".join(jsonl_lines(reports)))
    elif args.format == "csv":
        emit("".join(csv_lines(reports)))
    elif reports:
        width = None if args.wide else shutil.get_terminal_size((120, 24)).columns
        emit(table(reports, width))
    if more:
        # stderr: the listing itself stays valid JSON/CSV for a script.
        print(
            f"… {more} more (use --limit 0 for all, or narrow the filters)",
            file=sys.stderr,
        )
    return 0


def non_negative_int(text: str) -> int:
    """argparse type for --limit: a count, 0 meaning no limit."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"expected 0 or a positive number, got {text!r}"
        )
    return value


def table(reports: Sequence[dict[str, Any]], width: int | None) -> str:
    """The reports as columns that fit ``width``: long cells wrap onto more lines.

    ``width=None``: one line per report, no cell wrapped (as wide as it needs).
    """
    rows = [table_cells(r) for r in reports]
    natural = [
        max(len(header), *(len(row[i]) for row in rows))
        for i, header in enumerate(TABLE_HEADER)
    ]
    if width is None:
        widths = natural
    else:
        widths = [min(limit, n) for limit, n in zip(MAX_WIDTHS, natural, strict=False)]
        rest = width - sum(widths) - 2 * len(widths) - 1
        # A narrow terminal: agencies and provinces give up width (they wrap) first.
        for column in (2, 3):
            floor = max(MIN_NAME, *(_longest_name(row[column]) for row in rows))
            give = min(max(0, MIN_TITLE - rest), widths[column] - floor)
            if give > 0:
                widths[column] -= give
                rest += give
        widths.append(max(MIN_TITLE, min(natural[-1], rest)))
    lines = []
    indent = sum(widths[:-1]) + 2 * (len(widths) - 1)
    for report, row in zip([None, *reports], [list(TABLE_HEADER), *rows], strict=True):
        lines += _row_lines(row, widths)
        if report is not None and report.get("snippet"):
            lines.append(" " * indent + _fit(snippet_text(report), widths[-1]))
    return "\n".join(lines) + "\n"


def snippet_text(report: dict[str, Any]) -> str:
    """A search result's snippet on one line, the matching words in «»."""
    parts = (
        f"«{s['text']}»" if s.get("match") else s["text"]
        for s in report.get("snippet") or ()
    )
    return " ".join("".join(parts).split())


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _row_lines(row: list[str], widths: list[int]) -> list[str]:
    """One row as one or more lines: each cell wrapped to its column."""
    wrapped = [_wrap(cell, w) for cell, w in zip(row, widths, strict=True)]
    height = max(len(cell) for cell in wrapped)
    lines = []
    for i in range(height):
        parts = [
            (cell[i] if i < len(cell) else "").ljust(w)
            for cell, w in zip(wrapped, widths, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    return lines


def _longest_name(cell: str) -> int:
    return max(len(name) for name in cell.split(", "))


def _wrap(text: str, width: int) -> list[str]:
    # Agencies are joined by ", " so they break between names, not inside one.
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def table_cells(report: dict[str, Any]) -> list[str]:
    entities = report.get("entities") or {}
    return [
        str(report.get("id", "")),
        (report.get("published_at") or "")[:10],  # a date in the site's zone
        ", ".join(entities.get("agencies") or ()) or "-",
        ", ".join(entities.get("provinces") or ()) or "-",
        topic_marks(report) + " ".join(str(report.get("title") or "").split()),
    ]


def topic_marks(report: dict[str, Any]) -> str:
    """ "[possible] " / "[labelled] " before a title whose verdict is not the plain one."""
    topic = report.get("topic") or {}
    if topic.get("label"):
        return "[labelled] "
    return "[possible] " if topic.get("band") == "possible" else ""
