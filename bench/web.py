"""Benchmark the web pages: nkwatch serve beside Datasette, on one store of 100,000 reports.

Builds (once, kept under build/) a SQLite store of --rows synthetic reports (the fixture
site's synthetic archive, saved through the store so the search index is filled as in
use), adds Datasette's own FTS5 table over the same reports table (content=[reports], the
way sqlite-utils enables search), then starts both servers on 127.0.0.1 as separate
processes and times, over one keep-alive connection each, alternating the two:

    /                   vs  /bench/reports?law_enforcement=1&_sort_desc=published_at&_size=20
    /?q=WORD            vs  /bench/reports?_search=WORD&law_enforcement=1&_size=20
    /api/reports        vs  /bench/reports.json?law_enforcement=1&_sort_desc=published_at&_size=20

It prints the median and p95 in milliseconds and the ratios nkwatch / Datasette (target:
nkwatch p95 < 100 ms and ratio <= 1). Datasette runs with facet suggestions off (with
them on, its default, each table page took about 4 s on this store, so the comparison would
say nothing); ``--datasette-defaults`` runs it as installed.

    python bench/web.py [--rows 100000] [--requests 200] [--db PATH] [--datasette-defaults]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

WORDS = (
    "bribe",
    "smuggling",
    "hyesan",
    "phones",
    "market",
    "trial",
    "yuan",
    "inspection",
)
BATCH = 2000
WARMUP = 10


def build_store(path: Path, rows: int) -> None:
    from crawler.fixturesite.expected import expected_report
    from crawler.fixturesite.synthetic import SyntheticArchive
    from store import open_store

    started = time.perf_counter()
    archive = SyntheticArchive(rows)
    archive.entries()
    partial = path.with_suffix(".partial")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    with open_store(f"sqlite:///{partial}") as store:
        for start in range(0, rows, BATCH):
            batch = [
                expected_report(archive.spec(i)).to_storage_dict()
                for i in range(start, min(rows, start + BATCH))
            ]
            for report in batch:
                report["topic"] = {**report["topic"], "score": 0.5}
            store.save_reports(batch)
            done = min(rows, start + BATCH)
            print(f"\rbuilding the store: {done:,}/{rows:,}", end="", file=sys.stderr)
    print(file=sys.stderr)
    connection = sqlite3.connect(partial)
    try:
        # Datasette's search: its own FTS5 table over the reports table's texts.
        connection.executescript(
            "CREATE VIRTUAL TABLE reports_fts USING fts5("
            "title, subtitle, body, content=[reports], content_rowid=[id], "
            "tokenize='porter');"
            "INSERT INTO reports_fts (reports_fts) VALUES ('rebuild');"
            "PRAGMA wal_checkpoint(TRUNCATE);"
        )
        connection.commit()
    finally:
        connection.close()
    partial.replace(path)
    print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def start(
    argv: list[str], ready: re.Pattern[str], env: dict[str, str]
) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    deadline = time.monotonic() + 60
    if process.stderr is None:
        raise SystemExit("no stderr pipe")
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            raise SystemExit(f"{argv[0]} exited: {process.returncode}")
        match = ready.search(line)
        if match:
            return process, int(match.group(1))
    process.kill()
    raise SystemExit(f"{argv} did not start in time")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed_get(connection: http.client.HTTPConnection, path: str) -> float:
    for attempt in (1, 2):
        began = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            break
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed an idle keep-alive connection: reconnect, time afresh.
            connection.close()
            if attempt == 2:
                raise
    elapsed = (time.perf_counter() - began) * 1000
    if response.status != 200:
        raise SystemExit(f"GET {path}: HTTP {response.status}")
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", type=Path, help="store to build or reuse")
    parser.add_argument(
        "--datasette-defaults",
        action="store_true",
        help="run Datasette as installed (facet suggestions on: seconds a page here)",
    )
    args = parser.parse_args()
    if (
        shutil.which("datasette") is None
        and not (Path(sys.executable).parent / "datasette").exists()
    ):
        raise SystemExit(
            "datasette is not installed: pip install datasette (bench only)"
        )
    db = args.db or ROOT / "build" / f"bench-web-{args.rows}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        build_store(db, args.rows)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    ours, our_port = start(
        [
            sys.executable,
            "-m",
            "nkwatch",
            "--db",
            f"sqlite:///{db}",
            "serve",
            "--port",
            "0",
        ],
        re.compile(r"serving http://127\.0\.0\.1:(\d+)/"),
        env,
    )
    port = free_port()
    datasette_bin = shutil.which("datasette") or str(
        Path(sys.executable).parent / "datasette"
    )
    theirs, their_port = start(
        [datasette_bin, "serve", str(db), "--host", "127.0.0.1", "--port", str(port)]
        + ([] if args.datasette_defaults else ["--setting", "suggest_facets", "off"]),
        re.compile(rf"Uvicorn running on http://127\.0\.0\.1:({port})"),
        env,
    )
    try:
        run(args, our_port, their_port, db)
    finally:
        for process in (ours, theirs):
            process.send_signal(signal.SIGINT)
        for process in (ours, theirs):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def run(args: argparse.Namespace, our_port: int, their_port: int, db: Path) -> None:
    name = db.stem
    listing = "law_enforcement=1&_sort_desc=published_at&_size=20"
    cases = {
        "/": (lambda i: "/", lambda i: f"/{name}/reports?{listing}"),
        "/?q=WORD": (
            lambda i: f"/?q={quote(WORDS[i % len(WORDS)])}",
            lambda i: (
                f"/{name}/reports?_search={quote(WORDS[i % len(WORDS)])}"
                "&law_enforcement=1&_size=20"
            ),
        ),
        "/api/reports": (
            lambda i: "/api/reports",
            lambda i: f"/{name}/reports.json?{listing}",
        ),
    }
    ours = http.client.HTTPConnection("127.0.0.1", our_port, timeout=30)
    theirs = http.client.HTTPConnection("127.0.0.1", their_port, timeout=30)
    print(
        f"store: {args.rows:,} reports ({db.stat().st_size / 1e6:.0f} MB); "
        f"{args.requests} requests per page and server, after {WARMUP} warm-up ones"
    )
    print(
        f"{'page':<14} {'nkwatch median':>15} {'p95':>8} {'Datasette median':>17} {'p95':>8}"
        f" {'ratio median':>13} {'ratio p95':>10}"
    )
    worst = 0.0
    for label, (our_path, their_path) in cases.items():
        for i in range(WARMUP):
            timed_get(ours, our_path(i))
            timed_get(theirs, their_path(i))
        mine: list[float] = []
        other: list[float] = []
        for i in range(args.requests):  # alternated: both see the same machine load
            mine.append(timed_get(ours, our_path(i)))
            other.append(timed_get(theirs, their_path(i)))
        m_med, m_p95 = statistics.median(mine), p95(mine)
        o_med, o_p95 = statistics.median(other), p95(other)
        worst = max(worst, m_p95)
        print(
            f"{label:<14} {m_med:>12.1f} ms {m_p95:>5.1f} ms {o_med:>14.1f} ms {o_p95:>5.1f} ms"
            f" {m_med / o_med:>13.2f} {m_p95 / o_p95:>10.2f}"
        )
    print(f"nkwatch's worst p95: {worst:.1f} ms (target < 100 ms)")


if __name__ == "__main__":
    main()
