"""`nkwatch crawl` against the fixture site served over HTTP on 127.0.0.1 (no network).

Each crawl runs as its own process, as in production: Scrapy's reactor cannot restart in
one process. The server's request log is the evidence of what the spider asked for.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import (
    SITE,
    Serve,
    nkwatch_argv,
    run_nkwatch,
    wait_until,
    without_static_pages,
)

from crawler.urls import Scope

if TYPE_CHECKING:
    from crawler.replay.server import FixtureServer

SITE_DIR = SITE
HELD_BACK = 3

pytestmark = [
    pytest.mark.skipif(
        not (SITE_DIR / "specs").is_dir(), reason="fixtures/dailynk not built yet"
    ),
    pytest.mark.slow,  # every test crawls in a child process
]


def make_site(**options: int) -> Any:
    from crawler.fixturesite.site import Site

    return Site.from_fixtures(SITE_DIR, **options)


@pytest.fixture
def served(serve: Serve) -> FixtureServer:
    return serve(make_site(hold_back=HELD_BACK))


def crawl(
    server: FixtureServer, db: str, *args: str, timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Run `nkwatch crawl --json` in a child process; return it and its JSON summary."""
    result = run_nkwatch(
        "--db", db, "--base-url", server.base_url, "crawl", "--delay", "0", "--json", *args,
        timeout=timeout,
    )  # fmt: skip
    lines = result.stdout.strip().splitlines()
    summary = json.loads(lines[-1]) if lines else {}
    return result, summary


def stored_urls(db: str) -> set[str]:
    from store import open_store

    with open_store(db) as store:
        return {r["url"] for r in store.query_reports(law_enforcement_only=False)}


def visible_urls(server: FixtureServer) -> set[str]:
    return {server.rewriter.text(url) for url in server.site.article_urls}


def article_paths(server: FixtureServer) -> Counter[str]:
    """Article requests in the server log, by path."""
    scope = Scope.from_base_url(server.base_url)
    return Counter(
        r.path for r in server.requests if scope.is_article_url(server.origin + r.path)
    )


def listing_pages(server: FixtureServer) -> Counter[str]:
    """Listing pages requested, counted per listing (its first page)."""
    scope = Scope.from_base_url(server.base_url)
    pages: Counter[str] = Counter()
    for request in server.requests:
        url = scope.listing_url(server.origin + request.path)
        if url is not None:
            pages[scope.first_page(url)] += 1
    return pages


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'crawl.db'}"


def test_first_run_stores_every_article_then_only_the_new_ones(
    served: FixtureServer, db: str
) -> None:
    result, first = crawl(served, db)
    assert result.returncode == 0, result.stderr
    assert stored_urls(db) == visible_urls(served)
    assert first["new"] == len(visible_urls(served))
    assert first["requests"] == len(served.requests)

    known = stored_urls(db)
    published = [served.publish_next() for _ in range(HELD_BACK)]
    served.reset_log()
    result, second = crawl(served, db)
    assert result.returncode == 0, result.stderr
    assert second["new"] == HELD_BACK
    assert stored_urls(db) == known | set(published)
    # the feed's oldest item is known, so it named every new article: the feed and
    # the 3 articles, each once (robots.txt is kept from the first run)
    requested = article_paths(served)
    assert {served.origin + path for path in requested} == set(published)
    assert set(requested.values()) == {1}
    assert sorted(r.path for r in served.requests if r.path not in requested) == [
        "/english/feed/"
    ]
    assert second["requests"] == len(served.requests) == 1 + HELD_BACK


def test_run_with_nothing_new_costs_one_request_the_feed(
    served: FixtureServer, db: str
) -> None:
    crawl(served, db)
    served.reset_log()
    result, summary = crawl(served, db)
    assert result.returncode == 0, result.stderr
    assert summary["new"] == 0
    # robots.txt is reused from the store, the feed answers 304 with the first run's
    # validators, and the listings were read less than --listings-every (6 h) ago
    assert [(r.path, r.status) for r in served.requests] == [("/english/feed/", 304)]
    assert summary["requests"] == 1


def test_the_safety_net_reads_the_listings_when_due_one_page_each(
    served: FixtureServer, db: str
) -> None:
    crawl(served, db)
    served.reset_log()
    result, summary = crawl(served, db, "--listings-every", "0")
    assert result.returncode == 0, result.stderr
    assert sorted(r.path for r in served.requests) == sorted(
        ["/english/feed/", "/english/", "/english/category/news/"]
    )
    assert {r.status for r in served.requests} == {304}
    assert summary["requests"] == 3


class BackDated:
    """The site, with one published article left out of the feed: a post back-dated
    below the feed's newest items (or re-surfaced), which only a listing shows."""

    def __init__(self, site: Any) -> None:
        self.site = site
        self.hidden: str | None = None  # path of the article the feed leaves out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.site, name)

    def respond(self, path: str) -> Any:
        answer = self.site.respond(path)
        if self.hidden and path.startswith("/english/feed/") and answer.status == 200:
            return type(answer)(
                200, answer.headers, _without_item(answer.body, self.hidden)
            )
        return answer


def _without_item(feed: bytes, path: str) -> bytes:
    import re

    items = re.split(rb"(?=<item>)|(?<=</item>)", feed)
    kept = [
        part
        for part in items
        if not (part.startswith(b"<item>") and path.encode() in part)
    ]
    assert len(kept) == len(items) - 1, "the hidden article is not in the feed"
    return b"".join(kept)


def test_a_post_the_feed_does_not_show_is_found_by_the_listings_when_due(
    db: str, serve
) -> None:
    site = BackDated(make_site(hold_back=1))
    server = serve(site)
    result, _ = crawl(server, db)
    assert result.returncode == 0, result.stderr
    back_dated = server.publish_next()
    site.hidden = back_dated[len(server.origin) :]
    assert "<item>" in site.site.respond("/english/feed/").body.decode()

    result, quiet = crawl(server, db)  # listings read < 6 h ago: feed only
    assert result.returncode == 0, result.stderr
    assert quiet["new"] == 0
    assert back_dated not in stored_urls(db)

    server.reset_log()
    result, net = crawl(server, db, "--listings-every", "0")
    assert result.returncode == 0, result.stderr
    assert net["new"] == 1
    assert back_dated in stored_urls(db)
    assert article_paths(server) == {site.hidden: 1}


class Faulty:
    """The site, except that the paths in ``failing`` answer 500 Internal Server Error."""

    def __init__(self, site: Any) -> None:
        self.site = site
        self.failing: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.site, name)

    def respond(self, path: str) -> Any:
        answer = self.site.respond(path)
        if path in self.failing:
            return type(answer)(500, {"Content-Type": "text/plain"}, b"error")
        return answer


def test_article_failing_with_a_server_error_is_retried_next_run(serve: Serve, db: str) -> None:
    site = Faulty(make_site())
    server = serve(site)
    victim = min(visible_urls(server))
    victim_path = victim[len(server.origin) :]
    site.failing.add(victim_path)
    result, first = crawl(server, db)
    assert result.returncode == 0, result.stderr
    assert victim not in stored_urls(db)
    # retried with back-off: the first attempt and RETRY_TIMES (2) more
    assert article_paths(server)[victim_path] == 3
    from store import open_store

    with open_store(db) as store:
        failures = store.failures()
    assert first["failed"] == len(failures)  # the victim and the static pages settled
    (failure,) = without_static_pages(failures)
    assert failure["url"] == victim
    assert "HTTP 500" in failure["reason"]

    site.failing.clear()
    result, second = crawl(server, db)
    assert result.returncode == 0, result.stderr
    assert second["new"] == 1
    assert victim in stored_urls(db)
    with open_store(db) as store:
        assert store.failed_urls() == []


def test_two_crawls_at_once_store_each_report_once(
    served: FixtureServer, db: str
) -> None:
    argv = nkwatch_argv(
        "--db", db, "--base-url", served.base_url, "crawl", "--delay", "0", "--json"
    )  # fmt: skip
    children = [
        subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    try:
        outputs = [child.communicate(timeout=180) for child in children]
    finally:
        # A hung crawl must not outlive the test (two once spun for over an hour).
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert [child.returncode for child in children] == [0, 0], [
        err for _, err in outputs
    ]
    summaries = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    assert sum(s["new"] for s in summaries) == len(visible_urls(served))
    from store import open_store

    with open_store(db) as store:
        rows = store.query_reports(law_enforcement_only=False)
    urls = [row["url"] for row in rows]
    assert len(urls) == len(set(urls)) == len(visible_urls(served))


def test_backfill_resumes_where_it_stopped(serve: Serve, tmp_path: Path) -> None:
    server = serve(make_site(archive=70))
    db = f"sqlite:///{tmp_path / 'backfill.db'}"
    # --max-pages 1 stops after the first REST page, like an interruption would
    result, first = crawl(server, db, "--backfill", "--max-pages", "1")
    assert result.returncode == 0, result.stderr
    rest_pages = [r.path for r in server.requests if "/wp-json/" in r.path]
    assert rest_pages == ["/english/wp-json/wp/v2/posts?per_page=100&page=1"]
    assert first["new"] == 100
    server.reset_log()
    result, second = crawl(server, db, "--backfill")
    assert second["new"] == len(visible_urls(server)) - 100
    assert result.returncode == 0, result.stderr
    rest_pages = [r.path for r in server.requests if "/wp-json/" in r.path]
    assert rest_pages == ["/english/wp-json/wp/v2/posts?per_page=100&page=2"]
    assert stored_urls(db) == visible_urls(server)
    assert "REST API page 2/2" in result.stderr  # progress, one line per page


def test_unreachable_site_fails_fast_with_one_line(serve: Serve, db: str) -> None:
    server = serve(make_site())
    base = server.base_url
    server.shutdown()  # nothing listens on that port any more
    result = run_nkwatch("--db", db, "--base-url", base, "crawl")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"nkwatch crawl: cannot reach {base}: ")


class NoLinks:
    """The site after a redesign: pages answer, but name no article."""

    def __init__(self, site: Any) -> None:
        self.site = site
        self.held_back = site.held_back
        self.article_urls = site.article_urls

    def respond(self, path: str) -> Any:
        answer = self.site.respond(path)
        if path == "/robots.txt":
            return answer
        return type(answer)(
            200,
            {"Content-Type": "text/html; charset=UTF-8"},
            b"<html><body><p>New look!</p></body></html>",
        )


def test_listings_without_links_fail_as_a_layout_change(serve: Serve, db: str) -> None:
    server = serve(NoLinks(make_site()))
    result = run_nkwatch("--db", db, "--base-url", server.base_url, "crawl", "--delay", "0")
    assert result.returncode == 1
    assert "layout change?" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


class Edited:
    """The site after an editor changed one sentence of seed 001."""

    PATH = "/english/mps-officers-extract-bribes-fund-their-day-honor/"

    def __init__(self, site: Any) -> None:
        self.site = site
        self.edited = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.site, name)

    def respond(self, path: str) -> Any:
        answer = self.site.respond(path)
        if self.edited and path == self.PATH:
            body = answer.body.replace(
                b"Ultimately, the officer", b"In the end, the officer"
            )
            assert body != answer.body
            return type(answer)(answer.status, answer.headers, body)
        return answer


def test_refresh_rechecks_stored_articles_and_keeps_a_revision(serve: Serve, db: str) -> None:
    site = Edited(make_site())
    server = serve(site)
    result, first = crawl(server, db)
    assert result.returncode == 0, result.stderr
    site.edited = True
    result, plain = crawl(server, db)  # without --refresh-days: nothing re-read
    assert (plain["revised"], plain["unchanged"]) == (0, 0)
    result, refreshed = crawl(server, db, "--refresh-days", "36500")
    assert result.returncode == 0, result.stderr
    assert refreshed["revised"] == 1
    assert refreshed["unchanged"] == first["new"] - 1
    from store import open_store

    with open_store(db) as store:
        report = store.get_report(server.origin + Edited.PATH)
    assert any("In the end, the officer" in paragraph for paragraph in report["body"])


def test_interrupted_backfill_is_recorded_and_resumed(serve: Serve, tmp_path: Path) -> None:
    import signal

    server = serve(make_site(archive=270))  # three REST pages
    db = f"sqlite:///{tmp_path / 'interrupted.db'}"
    argv = nkwatch_argv("--db", db, "--base-url", server.base_url)
    argv += ["crawl", "--backfill", "--delay", "0.05", "--json"]
    child = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    wait_until(
        lambda: any("page=2" in r.path for r in server.requests), 60, "REST page 2"
    )
    child.send_signal(signal.SIGINT)  # Ctrl-C: Scrapy stops gracefully
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    interrupted = json.loads(out.strip().splitlines()[-1])
    from store import open_store

    with open_store(db) as store:
        run = store.last_run()
        cursor = store.get_state("crawler.backfill_cursor")
    assert run["outcome"] == "interrupted"
    assert 0 < interrupted["new"] < len(visible_urls(server))
    resume_at = cursor["pages"]["rest"]
    assert resume_at in (1, 2, 3)

    server.reset_log()
    result, resumed = crawl(server, db, "--backfill")
    assert result.returncode == 0, result.stderr
    rest_pages = [r.path for r in server.requests if "/wp-json/" in r.path]
    assert rest_pages[0].endswith(f"page={resume_at}")
    assert stored_urls(db) == visible_urls(server)
    assert interrupted["new"] + resumed["new"] == len(visible_urls(server))
    with open_store(db) as store:
        assert store.get_state("crawler.backfill_cursor") is None  # finished
