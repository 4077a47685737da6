"""Crawl benchmark: requests per incremental run against the minimum, backfill throughput.

(a) A synthetic archive of ``--archive`` articles (plus the fixtures) is served on
127.0.0.1 with the newest 61 held back. The store is filled by one backfill; then
incremental runs see 0, 1, 10 and 50 new articles (published between runs). Each run's
requests, counted in the server's log, are printed beside the minimum: the feed + one
request per new article, and when every feed item is new the REST pages down to the oldest
new one (robots.txt is kept from the backfill; the listings are a safety net read every 6 h,
so the first incremental run after the backfill reads them: its extra).

(b) A backfill of the same archive into an empty store, politeness delays off: articles
per second and the crawl process's peak RSS, against parsing the same article pages with
the parser alone (no Scrapy, no HTTP, no store): the overhead ratio.

Run: ``python bench/crawl.py`` (``--archive 500`` for a quick look). Each crawl is its own
process, as in production; ``--store-from-feed`` repeats (a) with feed items stored
without their pages.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, bench/ comes first on sys.path, where bench/store.py would shadow the
# store package: look in the project root instead.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)
SITE_DIR = ROOT / "fixtures" / "dailynk"
NEW_COUNTS = (0, 1, 10, 50)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=int, default=5000)
    parser.add_argument("--store-from-feed", action="store_true")
    parser.add_argument("--skip-backfill", action="store_true", help="skip (b)")
    parser.add_argument("--skip-incremental", action="store_true", help="skip (a)")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # internal: one crawl
    args = parser.parse_args(argv)
    if args.child:
        return child(json.loads(args.child))
    print(f"archive: {args.archive} synthetic articles + the fixtures\n")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_incremental:
            incremental_runs(args.archive, Path(tmp), store_from_feed=False)
        if args.store_from_feed and not args.skip_incremental:
            incremental_runs(args.archive, Path(tmp), store_from_feed=True)
        if not args.skip_backfill:
            backfill_throughput(args.archive, Path(tmp))
    return 0


# -- (a) requests per incremental run ------------------------------------------------


def incremental_runs(archive: int, tmp: Path, *, store_from_feed: bool) -> None:
    from crawler.replay.server import serve_in_thread

    site = make_site(archive, hold_back=sum(NEW_COUNTS))
    server, base = serve_in_thread(site)
    db = f"sqlite:///{tmp / ('feed.db' if store_from_feed else 'incremental.db')}"
    try:
        filled = run_child(base, db, mode="backfill")
        print(
            f"(a) store filled by a backfill: {filled['new']} reports, {filled['elapsed']:.0f}s"
        )
        label = (
            "feed items stored directly" if store_from_feed else "article pages fetched"
        )
        print(f"    incremental runs ({label}):")
        print("    new  requests  minimum  extra  breakdown")
        for count in NEW_COUNTS:
            published = [server.publish_next() for _ in range(count)]
            minimum = minimum_requests(
                server, published, store_from_feed=store_from_feed
            )
            server.reset_log()
            summary = run_child(
                base, db, mode="incremental", store_from_feed=store_from_feed
            )
            if summary["new"] != count:
                print(f"    !! expected {count} new, the run stored {summary['new']}")
            kinds = classify(server)
            requests = sum(kinds.values())
            breakdown = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            print(
                f"    {count:>3}  {requests:>8}  {minimum:>7}  {requests - minimum:>5}  {breakdown}"
            )
        print()
    finally:
        server.shutdown()


def minimum_requests(
    server: Any, published: list[str], *, store_from_feed: bool
) -> int:
    """feed + new articles (unless stored from the feed) + REST pages needed.

    The feed lists every category newest first: when its oldest item is known it named
    every new article. When every feed item is new it cannot say what else is, so the REST
    stream is read down to its oldest new item.
    """
    from crawler import navigation
    from crawler.urls import Scope

    scope = Scope.from_base_url(server.base_url)
    new = set(published)
    feed_items = navigation.feed_links(fetch(scope.url("feed/")), scope).items
    fetched = len(new - set(feed_items)) if store_from_feed else len(new)
    overflow = bool(feed_items) and set(feed_items) <= new
    pages = rest_pages_needed(scope, new) if overflow else 0
    return 1 + fetched + pages


def listing_pages_needed(scope: Any, first: str, new: set[str]) -> int:
    """The page of ``first`` holding its oldest new item (1 if it holds none)."""
    from crawler import navigation

    needed, page, url = 1, 1, first
    remaining = set(new)
    while url and remaining and page <= 20:
        links = navigation.listing_links(fetch(url).decode(), url, scope)
        if remaining & set(links.items):
            needed = page
        remaining -= set(links.items)
        url, page = links.next_page, page + 1
    return needed


def rest_pages_needed(scope: Any, new: set[str]) -> int:
    from crawler import navigation

    url = scope.url("wp-json/wp/v2/posts?per_page=100&page=1")
    items = navigation.rest_links(fetch(url), scope).items
    positions = [i for i, item in enumerate(items) if item in new]
    return positions[-1] // 100 + 1 if positions else 1


def classify(server: Any) -> Counter[str]:
    from crawler.urls import Scope

    scope = Scope.from_base_url(server.base_url)
    kinds: Counter[str] = Counter()
    for request in server.requests:
        url = server.origin + request.path
        if request.path == "/robots.txt":
            kinds["robots"] += 1
        elif url == scope.url("feed/"):
            kinds["feed"] += 1
        elif "/wp-json/" in request.path:
            kinds["rest"] += 1
        elif scope.is_listing_url(url):
            kinds["listing"] += 1
        elif scope.is_article_url(url):
            kinds["article"] += 1
        else:
            kinds[f"other {request.path}"] += 1
    return kinds


# -- (b) backfill throughput ---------------------------------------------------------


#: Backfill variants: the shipped settings (one request at a time per host), and four at
#: a time, which overlaps the local server's page rendering with parsing.
BACKFILL_VARIANTS = (("1 request at a time", 1), ("4 requests at a time", 4))


def backfill_throughput(archive: int, tmp: Path) -> None:
    from crawler.replay.server import serve_in_thread

    site = make_site(archive, hold_back=0)
    server, base = serve_in_thread(site)
    runs = []
    try:
        for label, concurrency in BACKFILL_VARIANTS:
            db = f"sqlite:///{tmp / f'backfill-{concurrency}.db'}"
            extra = {"CONCURRENT_REQUESTS_PER_DOMAIN": concurrency}
            runs.append((label, run_child(base, db, mode="backfill", settings=extra)))
        bodies = [
            site.respond(url.split("www.dailynk.com", 1)[1]).body
            for url in site.article_urls
        ]
    finally:
        server.shutdown()
    bare = bare_parse(bodies, site.article_urls)
    print(f"(b) backfill of {runs[0][1]['new']} articles over loopback, delay 0:")
    print(
        f"    parse only (no Scrapy, no HTTP, no store): {bare['elapsed']:6.1f} s  "
        f"{len(bodies) / bare['elapsed']:6.1f} articles/s  "
        f"peak RSS {bare['peak_rss_mb']:.0f} MB"
    )
    for label, summary in runs:
        print(
            f"    crawl, {label}: {summary['elapsed']:6.1f} s  "
            f"{summary['new'] / summary['elapsed']:6.1f} articles/s  "
            f"peak RSS {summary['peak_rss_mb']:.0f} MB  {summary['requests']} requests  "
            f"overhead ratio {summary['elapsed'] / bare['elapsed']:.2f}x"
        )


def bare_parse(bodies: list[bytes], urls: list[str]) -> dict[str, float]:
    """Parse the pages with the parser alone, one file at a time, in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        for number, body in enumerate(bodies):
            (Path(folder) / f"{number:06d}.html").write_bytes(body)
        (Path(folder) / "urls.json").write_text(json.dumps(urls))
        code = (
            "import json,sys,time\n"
            "from pathlib import Path\n"
            "from crawler.parsers import parse_article\n"
            "folder=Path(sys.argv[1])\n"
            "urls=json.loads((folder/'urls.json').read_text())\n"
            "pages=sorted(folder.glob('*.html'))\n"
            "t=time.perf_counter()\n"
            "n=sum(1 for p,u in zip(pages,urls)"
            " if not hasattr(parse_article(p.read_bytes(),u),'reason'))\n"
            "e=time.perf_counter()-t\n"
            "print(json.dumps({'elapsed':e,'parsed':n,"
            "'peak_rss_mb':[int(l.split()[1]) for l in open('/proc/self/status')"
            " if l.startswith('VmHWM')][0]/1024}))\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, folder],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- one crawl in a child process ----------------------------------------------------


def run_child(
    base: str,
    db: str,
    *,
    mode: str,
    store_from_feed: bool = False,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    extra = {"NKWATCH_STORE_FROM_FEED": store_from_feed, **(settings or {})}
    spec = {"base": base, "db": db, "mode": mode, "settings": extra}
    out = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise SystemExit(f"crawl failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(spec: dict[str, Any]) -> int:
    from crawler.runner import CrawlOptions, run_crawl

    options = CrawlOptions(
        db_url=spec["db"],
        base_url=spec["base"],
        mode=spec["mode"],
        delay=0.0,
        settings=spec["settings"],
    )
    start = time.perf_counter()
    summary = run_crawl(options)
    elapsed = time.perf_counter() - start
    peak = peak_rss_mb()
    print(
        json.dumps(
            {
                **summary.to_json(),
                "outcome": summary.outcome,
                "elapsed": elapsed,
                "peak_rss_mb": peak,
            }
        )
    )
    return 0 if summary.outcome in ("ok", "partial") else 1


def peak_rss_mb() -> float:
    """This process's peak RSS since its exec (VmHWM). Not ru_maxrss: Linux carries that
    over from the parent's memory across fork and exec, so a child of a big bench
    process would report the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def make_site(archive: int, *, hold_back: int) -> Any:
    from crawler.fixturesite.site import Site

    return Site.from_fixtures(SITE_DIR, archive=archive, hold_back=hold_back)


def fetch(url: str) -> bytes:
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 (127.0.0.1 only)
        return answer.read()


if __name__ == "__main__":
    sys.exit(main())
