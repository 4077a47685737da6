"""A site answering 5xx to every entry page gives up in seconds; a flaky one is still read.

The fixture server on 127.0.0.1 with faults on its entry pages (feed, home page, news
listing, REST API page 1) and a 404 robots.txt (no rules); each crawl is its own process.
The server's request log is the evidence: once one entry page has used up its retries on
a 5xx, the others are asked once each, at the normal delay (it took 463 s at the default
delay when each was retried with a growing back-off).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import Serve, run_nkwatch
from test_crawl_site import SITE_DIR, crawl, make_site, stored_urls

from crawler.replay.faults import parse_fault

if TYPE_CHECKING:
    from crawler.replay.server import FixtureServer

pytestmark = [
    pytest.mark.skipif(
        not (SITE_DIR / "specs").is_dir(), reason="fixtures/dailynk not built yet"
    ),
    pytest.mark.slow,  # every test crawls in a child process
]

FEED = "/english/feed/"
REST_PAGE_1 = "/english/wp-json/wp/v2/posts?per_page=100&page=1"
ENTRY_PAGES = (FEED, REST_PAGE_1, "/english/", "/english/category/news/")
#: RETRY_TIMES is 2: the first entry page to fail is asked three times, the rest once.
ALL_5XX_REQUESTS = {"/robots.txt": 1, FEED: 3, REST_PAGE_1: 1}
ALL_5XX_REQUESTS |= {"/english/": 1, "/english/category/news/": 1}


@pytest.fixture
def down(serve: Serve) -> FixtureServer:
    """The site answering 503 to every entry page, and 404 (no rules) to robots.txt."""
    server = serve(make_site())
    server.faults["/robots.txt"] = parse_fault("404")
    for path in ENTRY_PAGES:
        server.faults[path] = parse_fault("503")
    return server


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'crawl.db'}"


def requests_by_path(server: FixtureServer) -> Counter[str]:
    return Counter(r.path for r in server.requests)


def last_run(db: str) -> dict[str, object]:
    return json.loads(run_nkwatch("--db", db, "runs", "--format", "json").stdout)[0]


def test_all_5xx_entry_pages_fail_the_run_asking_each_once_after_the_first(
    down: FixtureServer, db: str
) -> None:
    result, summary = crawl(down, db)
    assert result.returncode == 1
    assert result.stderr == (f"nkwatch crawl: cannot reach {down.base_url}: HTTP 503\n")
    assert summary["outcome"] == "failed"
    assert requests_by_path(down) == ALL_5XX_REQUESTS
    run = last_run(db)
    assert run["outcome"] == "failed"
    assert "HTTP 503" in str(run["error"])


def test_all_5xx_entry_pages_end_the_run_in_seconds_at_the_default_delay(
    down: FixtureServer, db: str
) -> None:
    # No --delay: the default 1 s and its back-off (2 s, 4 s) for the feed's retries.
    started = time.monotonic()
    result = run_nkwatch("--db", db, "--base-url", down.base_url, "crawl", timeout=120)
    took = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr == (f"nkwatch crawl: cannot reach {down.base_url}: HTTP 503\n")
    # Generous: ~14 s measured; a back-off growing over the entry pages took 463 s.
    assert took < 60
    assert requests_by_path(down) == ALL_5XX_REQUESTS
    assert last_run(db)["outcome"] == "failed"


def test_a_feed_answering_503_once_is_retried_and_read(serve: Serve, db: str) -> None:
    server = serve(make_site())
    server.faults[FEED] = parse_fault("503*1")
    result, summary = crawl(server, db)
    assert result.returncode == 0, result.stderr
    assert summary["outcome"] == "ok"
    assert requests_by_path(server)[FEED] == 2  # the 503, then the feed itself
    assert summary["new"] == len(server.site.article_urls)
    assert len(stored_urls(db)) == summary["new"]
