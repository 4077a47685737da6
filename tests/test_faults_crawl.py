"""Real crawls against the fixture server with per-URL faults (crawler.replay.faults).

One crawl runs with a different fault on each of 22 articles, then a second crawl runs
with the faults lifted; the tests below each check one fault's outcome in those two runs
(one pair of crawl processes for all of them keeps this file fast). Entry-page faults
(feed, listings, REST API) get crawls of their own. Crawls run in child processes, as
in production (Scrapy's reactor cannot restart), through ``crawler.runner.run_crawl``
with a 2 s download timeout and a 2 MiB body cap so that those faults are quick.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import SITE, Serve, run_nkwatch, serving, without_static_pages

from crawler.replay.faults import parse_fault

if TYPE_CHECKING:
    from crawler.replay.server import FixtureServer

SITE_DIR = SITE
SETTINGS = {"DOWNLOAD_TIMEOUT": 2, "DOWNLOAD_MAXSIZE": 2 * 1024 * 1024}
DRIVER = """
import json, sys
from crawler.runner import CrawlOptions, run_crawl
db, base, settings, urls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4:]
mode = "fetch" if urls else "incremental"
s = run_crawl(CrawlOptions(db_url=db, base_url=base, delay=0.0, mode=mode,
                           urls=tuple(urls), settings=settings))
stats = {k: v for k, v in s.stats.items() if isinstance(v, (int, float, str))}
print(json.dumps({**s.to_json(), "outcome": s.outcome, "error": s.error,
                  "failures": s.failures, "elapsed": s.elapsed, "stats": stats}))
"""

#: Faults that end after their first N requests: retried within the run, then stored.
TRANSIENT = ("500*1", "502*2", "503*1", "reset*1", "truncate*1", "timeout:3*1")
#: Pages that are odd but whole: stored in the first run.
ODD_BUT_WHOLE = (
    "content-type:application/octet-stream",
    "content-type:none",
    "charset:iso-8859-1",
    "bad-utf8",
)
#: Faults that last the whole first run and are transient: a fetch failure the second
#: run retries, and stores.
RETRIED = ("503", "reset", "truncate", "timeout:3", "oversize:3000000")
#: Faults that last the whole first run and are the site's answer: a settled (permanent)
#: verdict, not requested by the second run (issue 10: not retried forever).
SETTLED = (
    "404",
    "410",
    "redirect-loop",
    "redirect:{offsite}",
    "redirect:file:///etc/passwd",
    "no-body",
)
PERMANENT = (*RETRIED, *SETTLED)  # every fault lasting the whole first run
#: The reason recorded in fetch_failures, per permanent fault (a readable substring).
REASONS = {
    "503": "HTTP 503",
    "404": "HTTP 404",
    "410": "HTTP 410",
    "reset": "Connection",
    "truncate": "DataLoss",
    "timeout:3": "took longer than 2",
    "oversize:3000000": "larger than download max size",
    "redirect-loop": "redirect",
    "redirect:{offsite}": "",
    "redirect:file:///etc/passwd": "",
    "no-body": "not an article",
}

pytestmark = pytest.mark.skipif(
    not (SITE_DIR / "specs").is_dir(), reason="fixtures/dailynk not built yet"
)


def make_site(**options: int) -> Any:
    from crawler.fixturesite.site import Site

    return Site.from_fixtures(SITE_DIR, **options)


def run_driver(db: str, base_url: str, *urls: str) -> dict[str, Any]:
    argv = [sys.executable, "-c", DRIVER, db, base_url, json.dumps(SETTINGS), *urls]
    result = subprocess.run(
        argv, capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_nkwatch("--db", db, *args)


def stored(db: str) -> dict[str, dict[str, Any]]:
    from store import open_store

    with open_store(db) as store:
        return {r["url"]: r for r in store.query_reports(law_enforcement_only=False)}


def failures(db: str) -> dict[str, str]:
    from store import open_store

    with open_store(db) as store:
        return {f["url"]: f["reason"] for f in store.failures()}


def local_urls(server: FixtureServer) -> list[str]:
    return sorted(server.rewriter.text(url) for url in server.site.article_urls)


@dataclass
class TwoRuns:
    server: FixtureServer
    offsite: FixtureServer
    victims: dict[str, str]  # fault spec -> article URL
    first: dict[str, Any]
    second: dict[str, Any]
    requested: Counter[str]  # first run: requests per path
    stored_first: dict[str, dict[str, Any]]
    failures_first: dict[str, str]
    stored_second: dict[str, dict[str, Any]]
    failures_second: dict[str, str]
    status_first: dict[str, Any]
    runs_json: list[dict[str, Any]]

    def path(self, spec: str) -> str:
        return self.victims[spec][len(self.server.origin) :]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with serving(make_site()) as server, serving(make_site()) as offsite:
        base_url = server.base_url
        specs = [*TRANSIENT, *ODD_BUT_WHOLE, *PERMANENT]
        urls = local_urls(server)
        victims = dict(zip(specs, urls, strict=False))
        for spec, url in victims.items():
            # Another host name: Scrapy tells sites apart by host, not by port.
            off_url = offsite.base_url.replace("127.0.0.1", "localhost")
            text = spec.format(offsite=off_url)
            server.faults[url[len(server.origin) :]] = parse_fault(text)
        db = f"sqlite:///{tmp_path_factory.mktemp('faults') / 'crawl.db'}"
        first = run_driver(db, base_url)
        requested = Counter(r.path for r in server.requests)
        stored_first, failures_first = stored(db), failures(db)
        status = cli(db, "status", "--format", "json")
        server.faults.clear()
        second = run_driver(db, base_url)
        runs = json.loads(cli(db, "runs", "--format", "json").stdout)
        yield TwoRuns(
            server,
            offsite,
            victims,
            first,
            second,
            requested,
            stored_first,
            failures_first,
            stored(db),
            failures(db),
            json.loads(status.stdout),
            runs,
        )


@pytest.mark.slow
@pytest.mark.parametrize("spec", TRANSIENT)
def test_transient_fault_is_retried_then_stored(two_runs: TwoRuns, spec: str) -> None:
    url = two_runs.victims[spec]
    assert url in two_runs.stored_first
    assert url not in two_runs.failures_first
    times = int(spec.rsplit("*", 1)[1])
    assert two_runs.requested[two_runs.path(spec)] == times + 1


@pytest.mark.slow
@pytest.mark.parametrize("spec", ODD_BUT_WHOLE)
def test_odd_but_whole_page_is_stored_with_its_text(
    two_runs: TwoRuns, spec: str
) -> None:
    url = two_runs.victims[spec]
    report = two_runs.stored_first[url]
    assert report["title"]
    assert report["published_at"]
    assert any(paragraph.strip() for paragraph in report["body"])
    assert two_runs.requested[two_runs.path(spec)] == 1


@pytest.mark.slow
def test_mislabelled_charset_does_not_turn_text_into_mojibake(
    two_runs: TwoRuns,
) -> None:
    report = two_runs.stored_first[two_runs.victims["charset:iso-8859-1"]]
    assert report == two_runs.stored_second[two_runs.victims["charset:iso-8859-1"]]
    assert not any("â€" in paragraph for paragraph in report["body"])


@pytest.mark.slow
@pytest.mark.parametrize("spec", PERMANENT)
def test_lasting_fault_is_a_readable_failure_then_retried_or_settled(
    two_runs: TwoRuns, spec: str
) -> None:
    url = two_runs.victims[spec]
    assert url not in two_runs.stored_first  # nothing partial, nothing junk
    reason = two_runs.failures_first.get(url)
    assert reason is not None, f"{spec}: not recorded in fetch_failures"
    assert REASONS[spec] in reason
    assert "Traceback" not in reason
    assert "\n" not in reason
    if spec in RETRIED:
        assert url in two_runs.stored_second  # retried by the next run
        assert url not in two_runs.failures_second
    else:
        assert url not in two_runs.stored_second  # settled: not requested again
        assert two_runs.failures_second[url] == reason


@pytest.mark.slow
def test_no_stored_report_lacks_title_date_or_body(two_runs: TwoRuns) -> None:
    for report in [*two_runs.stored_first.values(), *two_runs.stored_second.values()]:
        assert report["title"].strip()
        assert report["published_at"]
        assert any(paragraph.strip() for paragraph in report["body"])


@pytest.mark.slow
def test_redirects_off_the_site_are_not_followed(two_runs: TwoRuns) -> None:
    assert two_runs.offsite.requests == []


@pytest.mark.slow
def test_summary_runs_and_status_tell_the_truth(two_runs: TwoRuns) -> None:
    every = local_urls(two_runs.server)
    first, second = two_runs.first, two_runs.second
    assert first["outcome"] == "partial"
    failures_first = without_static_pages(two_runs.failures_first)
    static_pages = len(two_runs.failures_first) - len(failures_first)
    assert first["failed"] - static_pages == len(PERMANENT) == len(failures_first)
    assert first["new"] == len(every) - len(PERMANENT) == len(two_runs.stored_first)
    assert {url for url, _ in without_static_pages(first["failures"])} == set(failures_first)
    # the only failures left are settled verdicts: the run is ok
    assert second["outcome"] == "ok"
    assert second["new"] == len(RETRIED)
    settled = {two_runs.victims[spec] for spec in SETTLED}
    assert set(two_runs.stored_second) == set(every) - settled
    assert set(without_static_pages(two_runs.failures_second)) == settled
    latest, earlier = two_runs.runs_json[0], two_runs.runs_json[1]
    assert (latest["outcome"], latest["new"], latest["failed"]) == (
        "ok",
        len(RETRIED),
        0,
    )
    assert (earlier["outcome"], earlier["failed"]) == (
        "partial",
        len(PERMANENT) + static_pages,
    )
    status_text = json.dumps(two_runs.status_first)
    assert "partial" in status_text
    assert str(len(PERMANENT) + static_pages) in status_text


# -- fetch mode: back-off timing on one article ----------------------------------------


@pytest.fixture
def served(serve: Serve) -> FixtureServer:
    return serve(make_site())


@pytest.mark.slow
def test_429_waits_for_retry_after_then_stores(
    served: FixtureServer, tmp_path: Path
) -> None:
    url = local_urls(served)[0]
    served.faults[url[len(served.origin) :]] = parse_fault("429:1*1")
    db = f"sqlite:///{tmp_path / 'fetch.db'}"
    summary = run_driver(db, served.base_url, url)
    assert summary["new"] == 1
    assert summary["stats"]["retry/backoff_delay_max"] >= 1.0
    assert summary["elapsed"] >= 1.0
    assert url in stored(db)


# -- entry pages ------------------------------------------------------------------------

REST_PAGE_1 = "/english/wp-json/wp/v2/posts?per_page=100&page=1"


@pytest.mark.slow
def test_failing_feed_and_empty_home_page_still_store_everything(
    served: FixtureServer, tmp_path: Path
) -> None:
    served.faults["/english/feed/"] = parse_fault("503")
    served.faults["/english/"] = parse_fault("no-links")
    db = f"sqlite:///{tmp_path / 'entry.db'}"
    summary = run_driver(db, served.base_url)
    assert set(stored(db)) == set(local_urls(served))
    assert summary["outcome"] != "failed"


@pytest.mark.slow
def test_layout_change_with_no_links_anywhere_fails_the_run_and_status(
    served: FixtureServer, tmp_path: Path
) -> None:
    served.faults["/english/feed/"] = parse_fault("404")
    served.faults[REST_PAGE_1] = parse_fault("404")
    served.faults["/english/"] = parse_fault("no-links")
    served.faults["/english/category/news/"] = parse_fault("no-links")
    db = f"sqlite:///{tmp_path / 'layout.db'}"
    result = cli(db, "--base-url", served.base_url, "crawl", "--delay", "0", "--json")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "no article links found" in result.stderr
    assert stored(db) == {}
    runs = json.loads(cli(db, "runs", "--format", "json").stdout)
    assert runs[0]["outcome"] == "failed"
    assert "no article links" in runs[0]["error"]
    status = cli(db, "status")
    assert status.returncode == 1  # unhealthy
    assert "no article links" in status.stdout or "failed" in status.stdout
