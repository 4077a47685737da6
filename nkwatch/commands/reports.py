"""nkwatch reports: list stored reports."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Sequence
from typing import Any

from nkwatch.commands._store import (
    day,
    emit,
    explain_empty,
    opened_store,
    positive_int,
    public_report,
)

HELP = "list stored reports (law-enforcement only by default, newest first)"
EPILOG = """examples:
  nkwatch reports --since 2024-01-01 --agency state_security
  nkwatch reports --province "North Hamgyong" --format csv
  nkwatch reports --all --limit 20 --format json

Dates are days in Korean time (the site's zone); --since and --until are inclusive.
Agency ids: police, state_security, prosecutors, courts, border_guards, group_109,
military_security. Provinces match without regard to case or the word "Province"."""

TABLE_HEADER = ("ID", "DATE", "AGENCIES", "PROVINCE", "TITLE")
# Widest a column other than the title may grow before it is cut.
MAX_WIDTHS = (8, 10, 28, 16)
MIN_TITLE = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="DATE", type=day, help="YYYY-MM-DD")
    parser.add_argument("--until", metavar="DATE", type=day, help="YYYY-MM-DD")
    parser.add_argument(
        "--agency", metavar="ID", help="e.g. police, state_security, border_guards"
    )
    parser.add_argument("--province", metavar="NAME")
    parser.add_argument(
        "--all", action="store_true", help="include non-law-enforcement reports"
    )
    parser.add_argument("--limit", type=positive_int, metavar="N")
    parser.add_argument(
        "--format", choices=("table", "json", "jsonl", "csv"), default="table"
    )


def run(args: argparse.Namespace) -> int:
    from nkwatch.commands.export import csv_lines, jsonl_lines

    with opened_store(args, read_only=True) as store:
        stored = store.query_reports(
            since=args.since,
            until=args.until,
            agency=args.agency,
            province=args.province,
            law_enforcement_only=not args.all,
            limit=args.limit,
        )
        if not stored:
            explain_empty(store)
    reports = [public_report(r) for r in stored]
    if args.format == "json":
        emit(json.dumps(reports, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "jsonl":
        emit("".join(jsonl_lines(reports)))
    elif args.format == "csv":
        emit("".join(csv_lines(reports)))
    elif reports:
        width = shutil.get_terminal_size((120, 24)).columns
        emit(table(reports, width))
    return 0


def table(reports: Sequence[dict[str, Any]], width: int) -> str:
    """One line per report; the title takes what the terminal width leaves, cut with …."""
    rows = [table_cells(r) for r in reports]
    widths = [
        min(limit, max(len(header), *(len(row[i]) for row in rows)))
        for i, (header, limit) in enumerate(zip(TABLE_HEADER, MAX_WIDTHS, strict=False))
    ]
    title_width = max(MIN_TITLE, width - sum(widths) - 2 * len(widths) - 1)
    lines = []
    for row in [list(TABLE_HEADER), *rows]:
        cells = [_fit(cell, w).ljust(w) for cell, w in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, _fit(row[-1], title_width)]).rstrip())
    return "\n".join(lines) + "\n"


def table_cells(report: dict[str, Any]) -> list[str]:
    entities = report.get("entities") or {}
    return [
        str(report.get("id", "")),
        (report.get("published_at") or "")[:10],  # a date in the site's zone
        ",".join(entities.get("agencies") or ()) or "-",
        ",".join(entities.get("provinces") or ()) or "-",
        " ".join(str(report.get("title") or "").split()),
    ]


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
