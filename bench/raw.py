"""Benchmark raw-page keeping: bytes per page and store growth for 10,000 pages.

(a) Compression, per page, on a sample of the pages: none, gzip -9, zstd at levels 3, 10
    (what ``store.raw`` uses) and 19, and zstd 10 with a dictionary trained on other pages
    (a peer the store does not use: it would need the dictionary kept beside the pages);
    printed as mean bytes per page, ratio to the raw size, and milliseconds per page.
(b) Store growth: ``--pages`` (10,000) article pages of the synthetic fixture archive are
    saved with their reports into an SQLite store with raw pages, and the same reports
    into one without; the difference in file size, per page and in total, is the cost of
    keeping the pages. With ``--pg-url`` (or NKWATCH_TEST_PG_URL) the same on PostgreSQL
    (table sizes of ``raw_pages``, in a temporary schema).

    python bench/raw.py [--pages 10000] [--sample 500] [--pg-url URL]

Report dicts are one parsed fixture page with the URL and content hash changed per page
(parsing 10,000 pages would measure the parser, not the store); the raw pages are all
different, rendered by the fixture site.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import zstandard

from crawler.fixturesite.site import Site
from crawler.items import Report
from crawler.parsers import parse_article
from store import open_store
from store.raw import ZSTD_LEVEL

SITE_DIR = ROOT / "fixtures" / "dailynk"
BATCH = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--pg-url", default=os.environ.get("NKWATCH_TEST_PG_URL"))
    args = parser.parse_args(argv)
    site = Site.from_fixtures(SITE_DIR, archive=args.pages)
    urls = site.article_urls[: args.pages]
    print(f"{len(urls)} article pages of the synthetic fixture archive\n")
    compression(site, urls[:: max(1, len(urls) // args.sample)][: args.sample])
    with tempfile.TemporaryDirectory() as tmp:
        growth(
            f"sqlite:///{tmp}/raw.db",
            f"sqlite:///{tmp}/bare.db",
            site,
            urls,
            sqlite_size,
        )
    if args.pg_url:
        with pg_schema(args.pg_url) as raw_url, pg_schema(args.pg_url) as bare_url:
            growth(raw_url, bare_url, site, urls, pg_size)
    return 0


def pages(site: Site, urls: list[str]) -> Iterator[tuple[str, bytes]]:
    for url in urls:
        answer = site.respond(urlsplit(url).path)
        if answer.status != 200:
            raise RuntimeError(f"the fixture site answered {answer.status} for {url}")
        yield url, answer.body


def compression(site: Site, urls: list[str]) -> None:
    bodies = [body for _, body in pages(site, urls)]
    half = len(bodies) // 2
    trained = zstandard.train_dictionary(112_640, bodies[:half])
    methods = {
        "none": lambda b: b,
        "gzip -9": lambda b: gzip.compress(b, 9, mtime=0),
        "zstd 3": zstandard.ZstdCompressor(level=3).compress,
        f"zstd {ZSTD_LEVEL} (store.raw)": zstandard.ZstdCompressor(
            level=ZSTD_LEVEL
        ).compress,
        "zstd 19": zstandard.ZstdCompressor(level=19).compress,
        f"zstd {ZSTD_LEVEL} + trained dict": zstandard.ZstdCompressor(
            level=ZSTD_LEVEL, dict_data=trained
        ).compress,
    }
    test = bodies[half:]  # the dictionary is measured on pages it was not trained on
    raw_mean = statistics.mean(len(b) for b in test)
    print(f"(a) compression, {len(test)} pages (mean {raw_mean / 1024:.1f} KiB raw):")
    print(f"  {'method':<28} {'bytes/page':>11} {'ratio':>7} {'ms/page':>8}")
    for name, compress in methods.items():
        started = time.process_time()
        sizes = [len(compress(body)) for body in test]
        ms = (time.process_time() - started) * 1000 / len(test)
        mean = statistics.mean(sizes)
        print(f"  {name:<28} {mean:>11,.0f} {mean / raw_mean:>7.3f} {ms:>8.2f}")
    print()


def growth(raw_url: str, bare_url: str, site: Site, urls: list[str], size: Any) -> None:
    template = template_report(site, urls[0])
    started = time.perf_counter()
    body_bytes = 0
    with open_store(raw_url) as raw_store, open_store(bare_url) as bare_store:
        before = size(raw_url, raw_store), size(bare_url, bare_store)
        batch: list[tuple[dict[str, Any], bytes]] = []
        for n, (url, body) in enumerate(pages(site, urls)):
            batch.append((report_for(template, url, n), body))
            body_bytes += len(body)
            if len(batch) == BATCH:
                save(raw_store, bare_store, batch)
                batch = []
        save(raw_store, bare_store, batch)
        totals = raw_store.raw_totals()
        after = size(raw_url, raw_store), size(bare_url, bare_store)
    grown = (after[0] - before[0]) - (after[1] - before[1])
    backend = raw_url.split(":", 1)[0]
    print(
        f"(b) store growth on {backend}, {len(urls)} pages ({time.perf_counter() - started:.0f} s):"
    )
    print(
        f"  pages as received      {body_bytes / 1e6:>9.1f} MB  ({body_bytes / len(urls) / 1024:.1f} KiB/page)"
    )
    print(
        f"  compressed bodies      {totals['stored_bytes'] / 1e6:>9.1f} MB  ({totals['stored_bytes'] / len(urls) / 1024:.1f} KiB/page)"
    )
    print(f"  store with raw pages   {(after[0] - before[0]) / 1e6:>9.1f} MB")
    print(f"  store without          {(after[1] - before[1]) / 1e6:>9.1f} MB")
    print(
        f"  growth from raw pages  {grown / 1e6:>9.1f} MB  ({grown / len(urls) / 1024:.1f} KiB/page; x{grown / max(1, after[1] - before[1]):.2f} the reports alone)"
    )
    print()


def save(
    raw_store: Any, bare_store: Any, batch: list[tuple[dict[str, Any], bytes]]
) -> None:
    if not batch:
        return
    reports = [report for report, _ in batch]
    raw_store.save_reports(reports, raw_pages=[raw_page(r, body) for r, body in batch])
    bare_store.save_reports(reports)


def template_report(site: Site, url: str) -> dict[str, Any]:
    body = next(pages(site, [url]))[1]
    report = parse_article(body, url)
    if not isinstance(report, Report):
        raise TypeError(f"the fixture page {url} does not parse: {report}")
    return report.to_storage_dict()


def report_for(template: dict[str, Any], url: str, n: int) -> dict[str, Any]:
    return {**template, "url": url, "content_hash": f"{n:064x}"}


def raw_page(report: dict[str, Any], body: bytes) -> dict[str, Any]:
    return {
        "url": report["url"],
        "status": 200,
        "protocol": "HTTP/1.1",
        "headers": [["Content-Type", "text/html; charset=UTF-8"], ["Server", "nginx"]],
        "body": body,
        "fetched_at": datetime.now(UTC),
        "content_hash": report["content_hash"],
    }


def sqlite_size(url: str, store: Any) -> int:
    return Path(url.removeprefix("sqlite:///")).stat().st_size


def pg_size(url: str, store: Any) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                        " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


class pg_schema:
    def __init__(self, pg_url: str) -> None:
        from sqlalchemy import create_engine

        self.schema = f"nkw_bench_{uuid.uuid4().hex[:10]}"
        self.admin = create_engine(pg_url)
        separator = "&" if "?" in pg_url else "?"
        self.url = f"{pg_url}{separator}options={quote(f'-csearch_path={self.schema}')}"

    def __enter__(self) -> str:
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {self.schema}")
        return self.url

    def __exit__(self, *exc: object) -> None:
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
        self.admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
