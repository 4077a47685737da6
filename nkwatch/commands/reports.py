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
    search_query,
    with_snippet,
)
from nkwatch.errors import UsageError

HELP = "list stored reports (law-enforcement only by default, newest first)"
EPILOG = """examples:
  nkwatch reports --since 2024-01-01 --agency state_security
  nkwatch reports --province Ryanggang --agency bowibu --format csv
  nkwatch reports --possible            # also the reports close to the line
  nkwatch reports --all --limit 20 --format json
  nkwatch reports --search 'Hyesan bribe* OR "state security" -police'

Dates are days in Korean time (the site's zone); --since and --until are inclusive.
Agencies: an id (police, state_security, prosecutors, courts, border_guards, group_109,
inspection, military_security) or any name the site uses for one (MSS, SSD, bowibu, MPS,
People's Safety, Ministry of Social Security, anjeonbu, Group 109 ...). Provinces: any
spelling (Ryanggang = Yanggang, North Hamkyung = N. Hamgyong, with or without "Province").

In the table, [possible] marks a report the classifier put close to the line (shown with
--possible or --all) and [labelled] one whose verdict a user set with `nkwatch label`.

--search: all words must appear (English stems: "bribes" finds "bribe"), "exact
phrases" in double quotes, OR between two terms, -word to exclude; best match first,
with the matching words shown in «» under each title."""

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
        "--search",
        metavar="QUERY",
        type=search_query,
        help='full-text search: words, "exact phrases", OR, -exclusions',
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--all", action="store_true", help="include non-law-enforcement reports"
    )
    shown.add_argument(
        "--possible",
        action="store_true",
        help="also the reports the classifier found close to the line (marked [possible])",
    )
    parser.add_argument("--limit", type=positive_int, metavar="N")
    parser.add_argument(
        "--format", choices=("table", "json", "jsonl", "csv"), default="table"
    )


def run(args: argparse.Namespace) -> int:
    from nkwatch.commands.export import csv_lines, jsonl_lines

    agency = agency_filter(args.agency)
    province = province_filter(args.province)
    with opened_store(args) as store:
        stored = store.query_reports(
            since=args.since,
            until=args.until,
            agency=agency,
            province=province,
            law_enforcement_only=not args.all,
            possible=args.possible,
            limit=args.limit,
            search=args.search,
        )
        if not stored:
            explain_empty(store)
    reports = [with_snippet(public_report(r), r) for r in stored]
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
    indent = sum(widths) + 2 * len(widths)
    for report, row in zip([None, *reports], [list(TABLE_HEADER), *rows], strict=True):
        cells = [_fit(cell, w).ljust(w) for cell, w in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, _fit(row[-1], title_width)]).rstrip())
        if report is not None and report.get("snippet"):
            lines.append(" " * indent + _fit(snippet_text(report), title_width))
    return "\n".join(lines) + "\n"


def snippet_text(report: dict[str, Any]) -> str:
    """A search result's snippet on one line, the matching words in «»."""
    parts = (
        f"«{s['text']}»" if s.get("match") else s["text"]
        for s in report.get("snippet") or ()
    )
    return " ".join("".join(parts).split())


def table_cells(report: dict[str, Any]) -> list[str]:
    entities = report.get("entities") or {}
    return [
        str(report.get("id", "")),
        (report.get("published_at") or "")[:10],  # a date in the site's zone
        ",".join(entities.get("agencies") or ()) or "-",
        ",".join(entities.get("provinces") or ()) or "-",
        topic_marks(report) + " ".join(str(report.get("title") or "").split()),
    ]


def topic_marks(report: dict[str, Any]) -> str:
    """ "[possible] " / "[labelled] " before a title whose verdict is not the plain one."""
    topic = report.get("topic") or {}
    if topic.get("label"):
        return "[labelled] "
    return "[possible] " if topic.get("band") == "possible" else ""


def agency_filter(text: str | None) -> str | None:
    """--agency as an agency id, from an id or any name of the agency."""
    if text is None:
        return None
    from crawler.analysis.entities import AGENCY_IDS, agency_id

    found = agency_id(text)
    if found is None:
        raise UsageError(
            f"--agency: unknown agency {text!r} (ids: {', '.join(AGENCY_IDS)}; "
            "names such as MSS or bowibu work too)"
        )
    return found


def province_filter(text: str | None) -> str | None:
    """--province in its canonical spelling; an unknown name is matched as written."""
    if text is None:
        return None
    from crawler.analysis.gazetteer import canonical_province

    return canonical_province(text) or text


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
