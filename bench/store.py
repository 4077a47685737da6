"""Benchmark the store: does saving stay fast as the store grows (indexes, not scans)?

For SQLite and PostgreSQL, builds a store holding --small (1,000) and then --rows
(1,000,000) synthetic reports, and times ``save_reports`` of a batch of 100 (50 new, 50
already stored, picked at random) over several rounds; prints the median and the ratio
large/small (target < 2). The two stores are saved into in turn, so both see the same load
from other processes; CPU is this process's (the PostgreSQL server's is not in it). On the
large stores it then times the filtered queries (and the agency filter done by scanning
the JSON instead of the filter table), and on SQLite the whole command
``nkwatch reports --limit 20`` as a fresh process (target < 1 s).

    python bench/store.py [--rows 1000000] [--small 1000] [--rounds 7]
                          [--backends sqlite,postgresql] [--pg-url URL] [--keep DIR]

The stores are built in a temporary directory (SQLite) or a temporary schema (PostgreSQL,
from --pg-url or NKWATCH_TEST_PG_URL), bulk-loaded in one transaction per chunk through
SQLAlchemy's executemany (SQLite) or COPY (PostgreSQL), and removed afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

# Run as `python bench/store.py`, this folder is first on sys.path and this file's name
# would shadow the `store` package: put the project root there instead.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from sqlalchemy import Engine, create_engine, insert, text

from crawler.constants import KST as SITE_TZ
from store import Store, open_store
from store.engine import write_transaction
from store.models import ReportAgency, ReportProvince, ReportRecord
from store.rows import agency_ids, province_keys, report_row

BATCH_NEW = 50
BATCH_KNOWN = 50
LOAD_CHUNK = 20_000
AGENCIES = (
    "police",
    "state_security",
    "prosecutors",
    "courts",
    "border_guards",
    "group_109",
)
# Named by one report in 1,000: where a filter table beats scanning the JSON.
RARE_AGENCY = "military_security"
PROVINCES = (
    "North Hamgyong",
    "South Hamgyong",
    "Yanggang",
    "Chagang",
    "North Pyongan",
    "South Pyongan",
    "Kangwon",
    "North Hwanghae",
    "South Hwanghae",
    "Pyongyang",
)
FIRST_DAY = datetime(2010, 1, 1, tzinfo=SITE_TZ)


def synthetic_report(n: int) -> dict[str, Any]:
    """Report ``n`` as ``to_storage_dict()`` gives it: about 1 KB, like a short article."""
    rng = random.Random(n)
    body = [
        f"Paragraph {i} of report {n}: a source in the province told Daily NK that "
        "officials demanded bribes from traders at the market this month."
        for i in range(3)
    ]
    title = f"Synthetic report {n}: officials crack down on traders"
    return {
        "url": f"https://www.dailynk.com/english/synthetic-report-{n}/",
        "post_id": n,
        "title": title,
        "subtitle": None,
        "published_at": (FIRST_DAY + timedelta(minutes=5 * n)).isoformat(),
        "modified_at": None,
        "authors": [{"name": "Kang Mi Jin", "url": None, "bio": None, "email": None}],
        "translator": None,
        "categories": ["News"],
        "tags": ["crackdown"],
        "image": None,
        "body": body,
        "figures": [],
        "contact_email": None,
        "korean_url": None,
        "topic": {"law_enforcement": n % 3 != 0, "score": 0.6, "matched": ["bribe"]},
        "entities": {
            "agencies": sorted(
                rng.sample(AGENCIES, rng.randint(0, 2))
                + [RARE_AGENCY] * (n % 1000 == 7)
            ),
            "provinces": rng.sample(PROVINCES, rng.randint(0, 2)),
            "places": [],
            "amounts": [],
        },
        "content_hash": hashlib.sha256(f"{title}\n{body}".encode()).hexdigest(),
        "contact_hidden": False,
    }


def stored_rows(
    start: int, stop: int, now: datetime
) -> Iterator[tuple[dict, list, list]]:
    """(reports row, agency rows, province rows) per synthetic report, ids = n + 1."""
    for n in range(start, stop):
        row = report_row(synthetic_report(n))
        row.update(id=n + 1, first_seen_at=now, last_seen_at=now)
        row.update(first_run_id=None, current_revision_id=None)
        published = row["published_at"]
        agencies = [(n + 1, a, published) for a in agency_ids(row)]
        provinces = [(n + 1, p, published) for p in province_keys(row)]
        yield row, agencies, provinces


def bulk_load(store: Store, count: int) -> float:
    """Fill an empty store with ``count`` reports; return the seconds it took."""
    engine: Engine = store._engine  # the bench reaches inside: bulk paths are not API
    started = time.perf_counter()
    now = datetime.now(UTC)
    for start in range(0, count, LOAD_CHUNK):
        chunk = list(stored_rows(start, min(count, start + LOAD_CHUNK), now))
        if engine.dialect.name == "postgresql":
            _copy_chunk(engine, chunk)
        else:
            _insert_chunk(engine, chunk)
    with write_transaction(engine) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('reports', 'id'), :n)"),
                {"n": count},
            )
        conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def _insert_chunk(engine: Engine, chunk: list[tuple[dict, list, list]]) -> None:
    with write_transaction(engine) as conn:
        conn.execute(insert(ReportRecord), [row for row, _, _ in chunk])
        for model, key, index in (
            (ReportAgency, "agency", 1),
            (ReportProvince, "province", 2),
        ):
            rows = [
                {"report_id": r[0], key: r[1], "published_at": r[2]}
                for item in chunk
                for r in item[index]
            ]
            if rows:
                conn.execute(insert(model), rows)


def _copy_chunk(engine: Engine, chunk: list[tuple[dict, list, list]]) -> None:
    from psycopg.types.json import Jsonb

    columns = [c.name for c in ReportRecord.__table__.columns]
    json_columns = {
        "authors",
        "categories",
        "tags",
        "image",
        "body",
        "figures",
        "topic",
        "entities",
    }
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        with cursor.copy(f"COPY reports ({', '.join(columns)}) FROM STDIN") as copy:
            for row, _, _ in chunk:
                copy.write_row(
                    [
                        Jsonb(row[c])
                        if c in json_columns and row[c] is not None
                        else row[c]
                        for c in columns
                    ]
                )
        for table, key, index in (
            ("report_agencies", "agency", 1),
            ("report_provinces", "province", 2),
        ):
            with cursor.copy(
                f"COPY {table} (report_id, {key}, published_at) FROM STDIN"
            ) as copy:
                for item in chunk:
                    for record in item[index]:
                        copy.write_row(record)
        raw.commit()
    finally:
        raw.close()


class SaveTimer:
    """Saves batches of 50 new + 50 known reports into one store, timing each."""

    def __init__(self, store: Store, size: int) -> None:
        self.store = store
        self.size = size
        self.rng = random.Random(size)
        self.next_new = size + 1_000_000  # far above the loaded ids and urls
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def save_once(self) -> None:
        known = [
            synthetic_report(n) for n in self.rng.sample(range(self.size), BATCH_KNOWN)
        ]
        new = [synthetic_report(self.next_new + i) for i in range(BATCH_NEW)]
        self.next_new += BATCH_NEW
        batch = new + known
        self.rng.shuffle(batch)
        wall, cpu = time.perf_counter(), time.process_time()
        result = self.store.save_reports(batch)
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)
        if (len(result.new), len(result.unchanged)) != (BATCH_NEW, BATCH_KNOWN):
            raise RuntimeError(f"unexpected save result: {result}")

    def line(self, name: str) -> str:
        wall, cpu = self.wall[1:], self.cpu[1:]  # the first save warms pool and caches
        return (
            f"{name:<10} {self.size:>11,}  save 100 (50 new + 50 known): "
            f"median {statistics.median(wall) * 1000:6.1f} ms wall "
            f"({statistics.median(cpu) * 1000:5.1f} ms CPU), "
            f"best {min(wall) * 1000:6.1f} ms, worst {max(wall) * 1000:6.1f} ms"
        )


def timed(action: Callable[[], object], rounds: int = 5) -> float:
    """Median seconds of ``action``."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


@contextmanager
def sqlite_url(keep: Path | None, size: int) -> Iterator[str]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        path = keep / f"store-{size}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    with tempfile.TemporaryDirectory(prefix="nkwatch-bench-") as directory:
        yield f"sqlite:///{directory}/store-{size}.db"


@contextmanager
def postgresql_url(base_url: str, keep: Path | None) -> Iterator[str]:
    schema = f"nkw_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        if keep is None:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def cli_seconds(url: str, *argv: str, rounds: int = 3) -> tuple[float, float]:
    """Median wall and CPU seconds of ``nkwatch --db URL ...`` as a fresh process."""
    command = [sys.executable, "-m", "nkwatch", "--db", url, *argv]
    wall, cpu = [], []
    for _ in range(rounds):
        before, started = _children_cpu(), time.perf_counter()
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, check=False
        )
        wall.append(time.perf_counter() - started)
        cpu.append(_children_cpu() - before)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return statistics.median(wall), statistics.median(cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_backend(name: str, args: argparse.Namespace) -> None:
    """Build a small and a large store, time saves into both in turn, then queries."""
    with ExitStack() as stack:
        timers = []
        for size in (args.small, args.rows):
            if name == "sqlite":
                url = stack.enter_context(sqlite_url(args.keep, size))
            else:
                url = stack.enter_context(postgresql_url(args.pg_url, args.keep))
            store = open_store(url)
            stack.callback(store.close)
            print(f"{name:<10} {size:>11,}  built in {bulk_load(store, size):7.1f} s")
            timers.append((SaveTimer(store, size), url))
        # Alternate between the stores, so both see the same load from other processes.
        for _ in range(args.rounds + 1):
            for timer, _url in timers:
                timer.save_once()
        for timer, _url in timers:
            print(timer.line(name))
        (small, _), (large, large_url) = timers
        for kind, samples in (
            ("wall", lambda t: t.wall[1:]),
            ("CPU", lambda t: t.cpu[1:]),
        ):
            ratio = statistics.median(samples(large)) / statistics.median(
                samples(small)
            )
            verdict = "ok" if ratio < 2 else "OVER TARGET"
            print(
                f"{name:<10} ratio {args.rows:,} / {args.small:,} ({kind}): {ratio:.2f} "
                f"(target < 2: {verdict})"
            )
        report_queries(name, large_url, large.store)


def json_scan(store: Store, agency: str) -> list[int]:
    """The agency filter done without report_agencies, for comparison."""
    engine: Engine = store._engine
    if engine.dialect.name == "postgresql":
        matches = "entities -> 'agencies' ? :agency"
    else:
        matches = (
            "EXISTS (SELECT 1 FROM json_each(reports.entities, '$.agencies') "
            "WHERE value = :agency)"
        )
    sql = (
        f"SELECT id FROM reports WHERE law_enforcement AND {matches} "  # noqa: S608
        "ORDER BY published_at DESC LIMIT 20"
    )
    with engine.connect() as conn:
        return list(conn.scalars(text(sql), {"agency": agency}))


def report_queries(name: str, url: str, store: Store) -> None:
    queries = {
        "query_reports(limit=20)": lambda: store.query_reports(limit=20),
        "query_reports(agency='border_guards', limit=20)": lambda: store.query_reports(
            agency="border_guards", limit=20
        ),
        "query_reports(province='Chagang', since=2015-01-01, limit=20)": lambda: (
            store.query_reports(
                province="Chagang", since=datetime(2015, 1, 1, tzinfo=SITE_TZ), limit=20
            )
        ),
        f"query_reports(agency={RARE_AGENCY!r}, limit=20)": lambda: store.query_reports(
            agency=RARE_AGENCY, limit=20
        ),
        "  the same by scanning the entities JSON (no filter table)": lambda: json_scan(
            store, RARE_AGENCY
        ),
        "known_urls(100 urls)": lambda: store.known_urls(
            [synthetic_report(n)["url"] for n in range(0, 200, 2)]
        ),
    }
    rare = store.query_reports(agency=RARE_AGENCY, limit=20)
    if [r["id"] for r in rare] != json_scan(store, RARE_AGENCY):
        raise RuntimeError("the filter table and the JSON scan disagree")
    for label, action in queries.items():
        print(f"{name:<10}   {label:<62} {timed(action) * 1000:8.2f} ms")
    if name != "sqlite":
        return
    commands = {
        "`nkwatch reports --limit 20`": ("reports", "--limit", "20"),
        "`nkwatch reports --agency courts --limit 20`": (
            "reports", "--agency", "courts", "--limit", "20"
        ),
        "`nkwatch runs --limit 1` (startup + open, for comparison)": ("runs", "--limit", "1"),
    }  # fmt: skip
    for label, argv in commands.items():
        wall, cpu = cli_seconds(url, *argv)
        verdict = ""
        if argv == ("reports", "--limit", "20"):
            verdict = f" (target < 1 s: {'ok' if wall < 1 else 'OVER TARGET'})"
        print(
            f"{name:<10}   {label:<62} {wall:7.3f} s wall, {cpu:.3f} s CPU, "
            f"fresh process, median of 3{verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="the large store's size"
    )
    parser.add_argument(
        "--small", type=int, default=1_000, help="the small store's size"
    )
    parser.add_argument("--rounds", type=int, default=7, help="saves timed per store")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("NKWATCH_TEST_PG_URL"),
        help="PostgreSQL server (default: env NKWATCH_TEST_PG_URL)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="build SQLite files here and keep them (and PG schemas)",
    )
    args = parser.parse_args(argv)
    if args.rows < args.small or args.small < BATCH_KNOWN:
        parser.error(f"need {BATCH_KNOWN} <= --small <= --rows")
    for name in args.backends.split(","):
        if name == "postgresql" and not args.pg_url:
            print(
                "postgresql: skipped (no --pg-url and NKWATCH_TEST_PG_URL is not set)"
            )
            continue
        if name not in ("sqlite", "postgresql"):
            parser.error(f"unknown backend {name!r}")
        bench_backend(name, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
