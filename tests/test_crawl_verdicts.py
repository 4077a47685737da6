"""Settled verdicts and bad days against loopback servers: static pages, 404s, robots.txt
answers and ages, a hung site, a wrong base URL, backfill --since.

Each crawl is its own process (as in production); the server's request log is the evidence.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import run_nkwatch, serving
from test_crawl_site import SITE_DIR, article_paths, crawl, make_site, stored_urls

from store import open_store

pytestmark = [
    pytest.mark.slow,  # every test crawls or runs the CLI in a child process
    pytest.mark.skipif(
        not (SITE_DIR / "specs").is_dir(), reason="fixtures/dailynk not built yet"
    ),
]

#: WordPress static pages as the real home page links them (shared notes §4): their slugs
#: look like articles'. Menu and footer links, and one in the page's main content.
MENU_PAGES = ("staff", "volunteers", "milestones", "in-the-news")
FOOTER_PAGES = ("donations", "copyright", "market-trends")
CONTENT_PAGE = "presidents-message"
STATIC_PAGE = (
    "<!DOCTYPE html><html><head><title>{title} - Daily NK</title></head>"
    '<body class="page-template-default page page-id-{n}"><div class="td-main-content">'
    "<h1>{title}</h1><p>This page tells readers about Daily NK.</p></div></body></html>"
)


class Wrapped:
    """The fixture site with some answers replaced: ``pages[path] = (status, body)``."""

    def __init__(self, site: Any) -> None:
        self.site = site
        self.pages: dict[str, tuple[int, bytes]] = {}
        self.home_extra = b""

    def __getattr__(self, name: str) -> Any:
        return getattr(self.site, name)

    def respond(self, path: str) -> Any:
        answer = self.site.respond(path)
        if path in self.pages:
            status, body = self.pages[path]
            kind = "text/plain" if path == "/robots.txt" else "text/html; charset=UTF-8"
            return type(answer)(status, {"Content-Type": kind}, body)
        if path == "/english/" and self.home_extra:
            body = answer.body.replace(b"</body>", self.home_extra + b"</body>", 1)
            return type(answer)(answer.status, answer.headers, body)
        return answer


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'verdicts.db'}"


@pytest.fixture
def wrapped() -> Iterator[Any]:
    site = Wrapped(make_site())
    with serving(site) as server:
        server.wrapped = site
        yield server


def with_static_pages(site: Wrapped, origin: str) -> None:
    """Link static pages from a menu, the footer and the main content, as the real home does."""
    home = f"{origin}/english/"
    menu = "".join(
        f'<li class="menu-item menu-item-type-post_type"><a href="{home}{slug}/">{slug}</a></li>'
        for slug in MENU_PAGES
    )
    footer = "".join(f'<a href="{home}{slug}/">{slug}</a>' for slug in FOOTER_PAGES)
    site.home_extra = (
        f'<div class="td-header-menu-wrap"><ul class="sf-menu">{menu}</ul></div>'
        f'<div class="td-main-content"><div class="td_block_text_with_title">'
        f'<a href="{home}{CONTENT_PAGE}/">A message from our president</a></div></div>'
        f'<div class="td-footer-wrapper"><div class="footer-text-wrap">{footer}</div></div>'
    ).encode()
    for n, slug in enumerate((*MENU_PAGES, *FOOTER_PAGES, CONTENT_PAGE), start=100):
        title = slug.replace("-", " ").title()
        site.pages[f"/english/{slug}/"] = (
            200,
            STATIC_PAGE.format(title=title, n=n).encode(),
        )


def static_requests(server: Any) -> list[str]:
    slugs = (*MENU_PAGES, *FOOTER_PAGES, CONTENT_PAGE)
    return [
        r.path for r in server.requests if r.path.strip("/").split("/")[-1] in slugs
    ]


def test_static_pages_are_skipped_or_settled_and_a_quiet_run_costs_what_it_did(
    wrapped: Any, db: str
) -> None:
    with_static_pages(wrapped.wrapped, wrapped.origin)
    result, _first = crawl(wrapped, db)
    assert result.returncode == 0, result.stderr
    # menu and footer links are never requested; one in the content once, then settled
    # (the fixture home page links two static pages from its own content blocks too)
    requested = static_requests(wrapped)
    assert f"/english/{CONTENT_PAGE}/" in requested
    assert len(requested) == len(set(requested)) <= 3
    with open_store(db) as store:
        failures = store.failures()
        assert store.last_run()["outcome"] == "ok"
    settled = {urlsplit(f["url"]).path for f in failures}
    assert set(requested) <= settled
    for failure in failures:
        assert failure["kind"] == "permanent"
        assert failure["reason"].startswith("not an article: static page")

    wrapped.reset_log()
    result, second = crawl(wrapped, db, "--listings-every", "0")
    assert result.returncode == 0, result.stderr
    assert static_requests(wrapped) == []
    # robots.txt is kept now, so the 4 requests of before are 3: feed, home, news
    assert second["requests"] == 3
    with open_store(db) as store:
        assert store.last_run()["outcome"] == "ok"


def test_a_404_article_is_settled_not_requested_on_every_run(
    wrapped: Any, db: str
) -> None:
    victim = min(wrapped.site.article_urls)
    path = victim[len("https://www.dailynk.com") :]
    wrapped.wrapped.pages[path] = (404, b"<html><body>Page not found</body></html>")
    result, _first = crawl(wrapped, db)
    assert result.returncode == 0, result.stderr
    assert article_paths(wrapped)[path] == 1  # a 404 is not retried within the run
    with open_store(db) as store:
        assert store.last_run()["outcome"] == "ok"
        (failure,) = [f for f in store.failures() if f["url"].endswith(path)]
    assert (failure["kind"], failure["reason"]) == ("permanent", "HTTP 404")

    for _ in range(2):
        wrapped.reset_log()
        result, _ = crawl(wrapped, db, "--listings-every", "0")
        assert result.returncode == 0, result.stderr
        assert article_paths(wrapped)[path] == 0

    wrapped.reset_log()
    result, _ = crawl(wrapped, db, "--recheck-failures")
    assert article_paths(wrapped)[path] == 1


def test_a_transient_failure_makes_the_run_partial_and_says_so(
    wrapped: Any, db: str
) -> None:
    victim = min(wrapped.site.article_urls)
    path = victim[len("https://www.dailynk.com") :]
    wrapped.wrapped.pages[path] = (500, b"error")
    result, _summary = crawl(wrapped, db)
    assert result.returncode == 0, result.stderr
    with open_store(db) as store:
        run = store.last_run()
    assert run["outcome"] == "partial"
    assert run["error"].endswith("failed (HTTP 500): retried next run")


def test_robots_txt_is_reused_for_a_day_then_read_again_with_its_new_rules(
    wrapped: Any, db: str
) -> None:
    result, _ = crawl(wrapped, db)
    assert result.returncode == 0, result.stderr
    assert [r.path for r in wrapped.requests].count("/robots.txt") == 1
    wrapped.wrapped.pages["/robots.txt"] = (
        200,
        b"User-agent: *\nDisallow: /english/\n",
    )

    wrapped.reset_log()
    result, _ = crawl(wrapped, db)  # the kept rules still hold: no robots.txt request
    assert result.returncode == 0, result.stderr
    assert [r.path for r in wrapped.requests] == ["/english/feed/"]

    origin = wrapped.origin
    with open_store(db) as store:
        kept = store.get_robots(origin)
        aged = kept["fetched_at"] - timedelta(hours=25)
        store.keep_robots(origin, kept["status"], kept["body"], fetched_at=aged)
    wrapped.reset_log()
    result, _ = crawl(wrapped, db)
    assert [r.path for r in wrapped.requests] == [
        "/robots.txt"
    ]  # the new rules: no feed
    assert result.returncode == 1


def test_robots_txt_5xx_keeps_the_crawler_out_and_4xx_lets_it_in(
    wrapped: Any, tmp_path: Path
) -> None:
    wrapped.wrapped.pages["/robots.txt"] = (503, b"busy")
    result, _ = crawl(wrapped, f"sqlite:///{tmp_path / 'a.db'}")
    assert result.returncode == 1
    assert [r.path for r in wrapped.requests] == ["/robots.txt"]  # asked once, no retry
    assert result.stderr.strip().splitlines() == [
        (
            "nkwatch crawl: robots.txt answered HTTP 503, which RFC 9309 reads as "
            "'stay away': nothing requested (the next run asks again)"
        )
    ]

    wrapped.wrapped.pages["/robots.txt"] = (404, b"not found")
    result, summary = crawl(wrapped, f"sqlite:///{tmp_path / 'b.db'}")
    assert result.returncode == 0, result.stderr
    assert summary["new"] == len(wrapped.site.article_urls)


def test_a_wrong_base_url_that_answers_404_says_so(wrapped: Any, db: str) -> None:
    base = f"{wrapped.origin}/englsh/"
    result = run_nkwatch("--db", db, "--base-url", base, "crawl", "--delay", "0")
    assert result.returncode == 1
    assert result.stderr == (
        f"nkwatch crawl: {wrapped.origin}/englsh/ answered HTTP 404 "
        "(is --base-url right?)\n"
    )


class Hung:
    """A loopback server that accepts connections and never answers."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        self.listener.close()
        for conn in self.accepted:
            conn.close()


def test_a_hung_site_ends_the_run_within_the_entry_budget_with_one_line(
    db: str,
) -> None:
    hung = Hung()
    try:
        base = f"http://127.0.0.1:{hung.port}/english/"
        started = time.monotonic()
        result = run_nkwatch("--db", db, "--base-url", base, "crawl", timeout=120)
        took = time.monotonic() - started
    finally:
        hung.close()
    assert result.returncode == 1
    assert took < 90
    assert result.stderr.startswith(f"nkwatch crawl: cannot reach {base}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert len(hung.accepted) == 1  # robots.txt, not retried; nothing after it


def test_backfill_since_stores_nothing_older(tmp_path: Path) -> None:
    with serving(make_site(archive=70)) as server:
        with urllib.request.urlopen(
            f"{server.base_url}wp-json/wp/v2/posts?per_page=100&page=1"
        ) as answer:
            dates = sorted(post["date"][:10] for post in json.load(answer))
        since = dates[len(dates) // 2]
        db = f"sqlite:///{tmp_path / 'since.db'}"
        result, _summary = crawl(server, db, "--backfill", "--since", since)
    assert result.returncode == 0, result.stderr
    with open_store(db) as store:
        rows = store.query_reports(law_enforcement_only=False)
    published = [datetime.fromisoformat(r["published_at"]) for r in rows]
    assert published
    assert min(p.date().isoformat() for p in published) >= since
    assert len(stored_urls(db)) < len(dates)
