"""nkwatch runs: crawl history, and with --failures the articles still waiting to be fetched."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from nkwatch.commands._store import emit, opened_store, positive_int

HELP = "list recent crawl runs (or, with --failures, the articles that failed)"
EPILOG = """Times are UTC. Counts: REQ requests made, NEW/REV/SAME reports stored new, revised
(the site edited them) or unchanged, FAIL articles that could not be fetched or parsed
(retried next run).

--failures lists those articles instead, the most recent attempt first: URL, the reason of
the last failure, how many runs tried it, and when. A URL leaves the list once stored."""

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
FAILURE_COLUMNS = (
    ("LAST ATTEMPT (UTC)", "last_attempt"),
    ("ATTEMPTS", "attempts"),
    ("URL", "url"),
    ("REASON", "reason"),
)
MAX_ERROR = 60
DEFAULT_LIMIT = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit",
        type=positive_int,
        metavar="N",
        help=f"at most N rows (default {DEFAULT_LIMIT} runs; every failure)",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--failures",
        action="store_true",
        help="list the articles that failed and will be retried (fetch_failures)",
    )


def run(args: argparse.Namespace) -> int:
    if args.failures:
        return _run_failures(args)
    with opened_store(args, read_only=True) as store:
        runs = store.runs(limit=args.limit or DEFAULT_LIMIT)
    if args.format == "json":
        emit(json.dumps(runs, ensure_ascii=False, indent=2) + "\n")
    elif not runs:
        print("no crawl runs recorded yet; run `nkwatch crawl`", file=sys.stderr)
    else:
        emit(table(runs))
    return 0


def _run_failures(args: argparse.Namespace) -> int:
    # Read-only unless failures are being cleared (``--clear``, the spider branch).
    with opened_store(args, read_only=not getattr(args, "clear", False)) as store:
        failures = store.failures()[: args.limit]
    if args.format == "json":
        emit(json.dumps(failures, ensure_ascii=False, indent=2) + "\n")
    elif not failures:
        print(
            "no fetch failures recorded",
            file=sys.stderr,
        )
    else:
        emit(failures_table(failures))
    return 0


def table(runs: list[dict[str, Any]]) -> str:
    return _aligned(COLUMNS, [_cells(run) for run in runs])


def failures_table(failures: list[dict[str, Any]]) -> str:
    return _aligned(FAILURE_COLUMNS, [_failure_cells(f) for f in failures])


def _aligned(columns: tuple[tuple[str, str], ...], cells: list[list[Any]]) -> str:
    rows = [[str(cell) for cell in row] for row in cells]
    header = [title for title, _ in columns]
    widths = [
        max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(len(header))
    ]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines) + "\n"


def _failure_cells(failure: dict[str, Any]) -> list[Any]:
    last = datetime.fromisoformat(failure["last_attempt_at"])
    values = {
        **failure,
        "last_attempt": last.strftime("%Y-%m-%d %H:%M"),
        "reason": _one_line(failure.get("reason")),
    }
    return [values.get(key) for _, key in FAILURE_COLUMNS]


def _one_line(text: str | None) -> str:
    """Whitespace collapsed, cut to MAX_ERROR characters; "-" when empty."""
    line = " ".join(str(text or "").split()) or "-"
    if len(line) > MAX_ERROR:
        line = line[: MAX_ERROR - 1] + "…"
    return line


def _cells(run: dict[str, Any]) -> list[Any]:
    started = datetime.fromisoformat(run["started_at"])
    finished = run.get("finished_at")
    took = (
        _duration((datetime.fromisoformat(finished) - started).total_seconds())
        if finished
        else "-"
    )
    values = {**run, "started": started.strftime("%Y-%m-%d %H:%M"), "took": took}
    values["error"] = _one_line(run.get("error"))
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
