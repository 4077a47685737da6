"""`await crawler.runner.crawl(...)` runs again and again on one long-lived event loop.

This is what a scheduler keeping one process needs (house-style: Scheduler, design (a)).
It runs in a child process: installing the reactor in the test process would change how
every later in-process Scrapy test behaves.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SITE

SITE_DIR = SITE

pytestmark = pytest.mark.skipif(
    not (SITE_DIR / "manifest.json").is_file(), reason="fixtures/dailynk not built yet"
)

SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.utils.reactor import install_reactor

install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from twisted.internet import defer, reactor

from crawler.fixturesite.site import Site
from crawler.replay.server import serve_in_thread
from crawler.runner import CrawlOptions, build_settings, crawl

server, base = serve_in_thread(Site.from_fixtures(Path(sys.argv[1]), hold_back=1))
options = CrawlOptions(db_url=sys.argv[2], base_url=base, delay=0.0, trigger="scheduled")
results = []

async def main():
    runner = AsyncCrawlerRunner(build_settings(options, None))  # shared, like a service
    results.append((await crawl(options, runner)).to_json())
    server.publish_next()
    results.append((await crawl(options)).to_json())
    results.append((await crawl(options, runner)).to_json())

def start():
    done = defer.Deferred.fromFuture(asyncio.ensure_future(main()))
    done.addErrback(lambda failure: results.append(repr(failure.value)))
    done.addBoth(lambda _: reactor.stop())

reactor.callWhenRunning(start)
reactor.run()
server.shutdown()
print(json.dumps(results))
"""


@pytest.mark.slow
def test_three_crawls_on_one_loop(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'loop.db'}"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(SITE_DIR), db],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    first, second, third = json.loads(result.stdout.strip().splitlines()[-1])
    assert first["new"] > 0
    assert second["new"] == 1  # the article published between the runs
    assert third["new"] == 0
    assert [first["run_id"], second["run_id"], third["run_id"]] == [1, 2, 3]
