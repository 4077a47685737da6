"""Latency benchmark: a simulated day of polling, today's policy against the old one.

The fixture site is served on 127.0.0.1 with ``--articles`` articles held back; each is
published (through the server's publish control, ``POST /__nkwatch/publish``) at a random
time of a simulated day (seeded). The service polls every 5, 15 and 30 minutes: each poll
is one incremental crawl run in-process on one event loop (as a long-lived service could),
with ``NKWATCH_NOW`` set to the poll's simulated time, so robots.txt ages and the listings
schedule follow the simulated clock. A day takes minutes, not a day.

Policies:
- new: the feed decides; robots.txt kept 24 h; listings every 6 h (the defaults).
- old: as before issue 13, emulated by settings: robots.txt read every run
  (``NKWATCH_ROBOTS_MAX_AGE=0``), home page and listings every run
  (``NKWATCH_LISTINGS_EVERY=0``), listings read on while a page holds a new item
  (``NKWATCH_FEED_DECIDES=False``).

Per policy and interval: requests per day (the server's log, publish control excluded),
and the median and p95 of publication -> stored (the simulated time of the poll that
stored it plus the run's real duration) and publication -> notified (the same plus the
notification: the service sends it when the run's summary arrives, so it is the run's end;
this benchmark does not send webhooks). Printed side by side with ratios new/old.

Run: ``python bench/latency.py`` (``--intervals 30`` for a quick look). Loopback only;
bounded by ``--max-seconds`` of real time per policy and interval.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, bench/ comes first on sys.path, where bench/store.py would shadow the
# store package: look in the project root instead.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)
SITE_DIR = ROOT / "fixtures" / "dailynk"
DAY = timedelta(days=1)
START = datetime(2026, 6, 1, tzinfo=UTC)  # the simulated day's midnight
OLD_POLICY = {
    "NKWATCH_ROBOTS_MAX_AGE": 0,
    "NKWATCH_LISTINGS_EVERY": 0,
    "NKWATCH_FEED_DECIDES": False,
}
POLICIES = {"new": {}, "old": OLD_POLICY}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=12, help="published in the day")
    parser.add_argument(
        "--intervals", default="5,15,30", help="poll minutes, comma-separated"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--max-seconds", type=float, default=900)
    args = parser.parse_args(argv)
    intervals = [int(x) for x in args.intervals.split(",")]

    from scrapy.utils.reactor import install_reactor

    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from twisted.internet import defer, reactor

    results: list[dict[str, Any]] = []
    failure: list[BaseException] = []

    async def run_all() -> None:
        for minutes in intervals:
            for policy in POLICIES:
                results.append(
                    await simulate_day(
                        policy, minutes, args.articles, args.seed, args.max_seconds
                    )
                )

    def start() -> None:
        done = defer.Deferred.fromFuture(asyncio.ensure_future(run_all()))
        done.addErrback(lambda f: failure.append(f.value))
        done.addBoth(lambda _: reactor.stop())

    reactor.callWhenRunning(start)
    reactor.run()
    if failure:
        raise failure[0]
    print_table(results, args)
    return 0


async def simulate_day(
    policy: str, minutes: int, articles: int, seed: int, max_seconds: float
) -> dict[str, Any]:
    from crawler.fixturesite.site import Site
    from crawler.replay.server import serve_in_thread
    from crawler.runner import CrawlOptions, crawl

    rng = random.Random(
        seed
    )  # the same publication times for every policy and interval
    publish_at = sorted(
        timedelta(seconds=rng.uniform(0, DAY.total_seconds())) for _ in range(articles)
    )
    server, base = serve_in_thread(Site.from_fixtures(SITE_DIR, hold_back=articles))
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'latency.db'}"
        settings = POLICIES[policy]

        async def poll(at: timedelta) -> Any:
            now = (START + at).isoformat()
            options = CrawlOptions(
                db_url=db,
                base_url=base,
                delay=0.0,
                trigger="scheduled",
                settings={**settings, "NKWATCH_NOW": now},
            )
            return await crawl(options)

        try:
            # The day before: the store is filled and robots.txt, validators and the
            # listings schedule are as a running service leaves them.
            await poll(-timedelta(minutes=minutes))
            server.reset_log()
            published: dict[str, timedelta] = {}
            stored: dict[str, timedelta] = {}
            notified: dict[str, timedelta] = {}
            pending = list(publish_at)
            started = time.monotonic()
            polls = 0
            at = timedelta(0)
            while at < DAY:
                while pending and pending[0] <= at:
                    published[publish(server.origin)] = pending.pop(0)
                real = time.monotonic()
                summary = await poll(at)
                took = timedelta(seconds=time.monotonic() - real)
                polls += 1
                for url in summary.new_urls:
                    stored[url] = at + took
                    notified[url] = at + took
                if time.monotonic() - started > max_seconds:
                    raise SystemExit(f"{policy} at {minutes} min: over --max-seconds")
                at += timedelta(minutes=minutes)
            requests = sum(
                1 for r in server.requests if not r.path.startswith("/__nkwatch/")
            )
        finally:
            server.shutdown()
    local = published
    missing = [url for url in local if url not in stored]
    return {
        "policy": policy,
        "minutes": minutes,
        "polls": polls,
        "requests": requests,
        "published": len(local),
        "missing": len(missing),
        "stored": latencies(local, stored),
        "notified": latencies(local, notified),
    }


def publish(origin: str) -> str:
    # the loopback fixture server's publish control (http://127.0.0.1:PORT)
    request = urllib.request.Request(f"{origin}/__nkwatch/publish", method="POST")  # noqa: S310
    with urllib.request.urlopen(request) as answer:  # noqa: S310
        return json.load(answer)["published"]


def latencies(
    published: dict[str, timedelta], seen: dict[str, timedelta]
) -> list[float]:
    return sorted(
        (seen[u] - published[u]).total_seconds() for u in published if u in seen
    )


def quantiles(values: list[float]) -> tuple[float, float]:
    if not values:
        return float("nan"), float("nan")
    median = statistics.median(values)
    p95 = (
        statistics.quantiles(values, n=20, method="inclusive")[-1]
        if len(values) > 1
        else values[0]
    )
    return median, p95


def print_table(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    by_key = {(r["policy"], r["minutes"]): r for r in results}
    print(
        f"simulated day: {args.articles} articles published at random times (seed {args.seed})"
    )
    print("times publication -> stored / -> notified, in minutes (median, p95)\n")
    header = (
        f"{'poll':>5} {'policy':>6} {'req/day':>8} {'stored med':>10} {'p95':>6}"
        f" {'notified med':>12} {'p95':>6} {'missed':>6}"
    )
    print(header)
    for minutes in sorted({r["minutes"] for r in results}):
        for policy in POLICIES:
            r = by_key[(policy, minutes)]
            s_med, s_p95 = quantiles(r["stored"])
            n_med, n_p95 = quantiles(r["notified"])
            print(
                f"{minutes:>4}m {policy:>6} {r['requests']:>8} {s_med / 60:>10.1f} {s_p95 / 60:>6.1f}"
                f" {n_med / 60:>12.1f} {n_p95 / 60:>6.1f} {r['missing']:>6}"
            )
        new, old = by_key[("new", minutes)], by_key[("old", minutes)]
        print(
            f"{'':>5} {'new/old':>6} {new['requests'] / old['requests']:>8.2f}"
            f" {ratio(new['stored'], old['stored']):>10} {'':>6}"
            f" {ratio(new['notified'], old['notified']):>12}"
        )
    new5 = by_key.get(("new", 5))
    old30 = by_key.get(("old", 30))
    if new5 and old30:
        _, p95 = quantiles(new5["notified"])
        print(
            f"\nnew policy at 5 min: {new5['requests']} requests/day vs old policy at 30 min:"
            f" {old30['requests']} ({new5['requests'] / old30['requests']:.2f}x);"
            f" p95 publication -> notified {p95 / 60:.1f} min"
        )


def ratio(new: list[float], old: list[float]) -> str:
    a, b = quantiles(new)[0], quantiles(old)[0]
    return f"{a / b:.2f}" if b else "-"


if __name__ == "__main__":
    sys.exit(main())
