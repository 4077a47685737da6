"""nkwatch runs: crawl history."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from nkwatch.commands._store import emit, opened_store, positive_int

HELP = "list recent crawl runs"
EPILOG = """Times are UTC. Counts: REQ requests made, NEW/REV/SAME reports stored new, revised
(the site edited them) or unchanged, FAIL articles that could not be fetched or parsed
(retried next run)."""

COLUMNS = (
    ("ID", "id"),
    ("STARTED (UTC)", "started"),
    ("TOOK", "took"),
    ("TRIGGER", "trigger"),
    ("OUTCOME", "outcome"),
    ("REQ", "requests"),
    ("NEW", "new"),
    ("REV", "revised"),
    ("SAME", "unchanged"),
    ("FAIL", "failed"),
    ("ERROR", "error"),
)
MAX_ERROR = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=positive_int, default=20, metavar="N")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        runs = store.runs(limit=args.limit)
    if args.format == "json":
        emit(json.dumps(runs, ensure_ascii=False, indent=2) + "\n")
    elif not runs:
        print("no crawl runs recorded yet; run `nkwatch crawl`", file=sys.stderr)
    else:
        emit(table(runs))
    return 0


def table(runs: list[dict[str, Any]]) -> str:
    rows = [[str(cell) for cell in _cells(run)] for run in runs]
    header = [title for title, _ in COLUMNS]
    widths = [
        max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(len(header))
    ]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines) + "\n"


def _cells(run: dict[str, Any]) -> list[Any]:
    started = datetime.fromisoformat(run["started_at"])
    finished = run.get("finished_at")
    took = (
        _duration((datetime.fromisoformat(finished) - started).total_seconds())
        if finished
        else "-"
    )
    error = " ".join(str(run.get("error") or "").split()) or "-"
    if len(error) > MAX_ERROR:
        error = error[: MAX_ERROR - 1] + "…"
    values = {**run, "started": started.strftime("%Y-%m-%d %H:%M"), "took": took}
    values["error"] = error
    return [values.get(key) for _, key in COLUMNS]


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
