"""nkwatch runs: crawl history, and with --failures the articles still waiting to be fetched."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from nkwatch.commands._store import emit, opened_store, positive_int

HELP = "list recent crawl runs (or, with --failures, the articles that failed)"
EPILOG = """Times are UTC. Counts: REQ requests made, NEW/REV/SAME reports stored new, revised
(the site edited them) or unchanged, FAIL articles that could not be fetched or parsed.

--failures lists those articles instead, the most recent attempt first: when, the verdict's
KIND, how many runs tried it, the NEXT TRY, the URL and the last reason. Kinds:
  transient  5xx, 429, timeouts, resets: retried by the next runs with a growing back-off
             (next run, next run, +1 h, +6 h, +24 h), given up after 6 attempts
  permanent  not an article (a static page), 404, 410, a redirect off the site: tried
             again after 30 days
  given_up   a transient failure that failed 6 times: not tried again
`nkwatch crawl --recheck-failures` tries all of them now. A URL leaves the list once stored.
--clear forgets every failure, --clear URL that one (the next run may request it again)."""

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
    ("KIND", "kind"),
    ("ATTEMPTS", "attempts"),
    ("NEXT TRY (UTC)", "next_try"),
    ("URL", "url"),
    ("REASON", "reason"),
)
CLEAR_ALL = object()
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
        help="list the articles that failed: verdict kind, attempts, next try",
    )
    parser.add_argument(
        "--clear",
        nargs="?",
        const=CLEAR_ALL,
        metavar="URL",
        help="forget the failure of URL (without URL: of every article); implies --failures",
    )


def run(args: argparse.Namespace) -> int:
    if args.clear is not None:
        return _clear_failures(args)
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


def _clear_failures(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        if args.clear is CLEAR_ALL:
            cleared = store.clear_failures(None)
        else:
            url = args.clear.strip()
            candidates = [url] if url.endswith("/") else [url, url + "/"]
            cleared = store.clear_failures(candidates)
            if not cleared:
                print(
                    f"nkwatch runs: no failure recorded for {url} "
                    "(see `nkwatch runs --failures`)",
                    file=sys.stderr,
                )
                return 1
    noun = "failure" if cleared == 1 else "failures"
    print(f"cleared {cleared} {noun}", file=sys.stderr)
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
        "next_try": _next_try(failure),
        "reason": _one_line(failure.get("reason")),
    }
    return [values.get(key) for _, key in FAILURE_COLUMNS]


def _next_try(failure: dict[str, Any]) -> str:
    if failure.get("kind") == "given_up":
        return "never"
    due = failure.get("next_attempt_at")
    if not due or datetime.fromisoformat(due) <= datetime.now(UTC):
        return "next run"
    return datetime.fromisoformat(due).strftime("%Y-%m-%d %H:%M")


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
