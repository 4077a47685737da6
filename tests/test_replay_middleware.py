"""FixtureReplayMiddleware: direct calls, and a real Scrapy crawl that never reaches a network."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import SITE
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.replay.manifest import Manifest, ManifestError
from crawler.replay.middleware import (
    FixtureReplayMiddleware,
    SharedSite,
    SiteSource,
)

ARTICLE = "https://www.dailynk.com/english/police-crackdown/"
FEED = "https://www.dailynk.com/english/feed/"
REST = "https://www.dailynk.com/english/wp-json/wp/v2/posts?per_page=2&page=1"
OLD = "https://www.dailynk.com/english/old-slug/"
# TEST-NET-1 (RFC 5737): never routed, so a real connection attempt would hang or fail.
UNROUTABLE = "http://192.0.2.1/english/offline-only/"
ARTICLE_BODY = "<html><body><h1>Police crackdown</h1>문</body></html>".encode()
NOT_FOUND_BODY = b"<html><body>Ooops... Error 404</body></html>"


def html(**extra: str) -> dict[str, str]:
    return {"Content-Type": "text/html; charset=UTF-8", **extra}


@pytest.fixture
def fixtures_dir(tmp_path: Path) -> Path:
    """A tiny ``fixtures/`` folder with a ``dailynk/`` site of five pages and a 404 page."""
    root = tmp_path / "fixtures" / "dailynk"
    files = {
        "articles/police-crackdown.html": ARTICLE_BODY,
        "pages/feed.xml": b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
        "pages/rest-1.json": b'[{"id": 1}]',
        "pages/offline.html": b"<html>served without a network</html>",
        "pages/redirect.html": b"",
        "pages/404.html": NOT_FOUND_BODY,
    }
    for name, body in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(body)
    pages = [
        {
            "url": ARTICLE,
            "file": "articles/police-crackdown.html",
            "status": 200,
            "headers": html(ETag='"5dcce0a8-1f3a"', **{"Content-Encoding": "gzip"}),
        },
        {
            "url": FEED,
            "file": "pages/feed.xml",
            "status": 200,
            "headers": {"Content-Type": "application/rss+xml; charset=UTF-8"},
        },
        {
            "url": REST,
            "file": "pages/rest-1.json",
            "status": 200,
            "headers": {
                "Content-Type": "application/json; charset=UTF-8",
                "X-WP-Total": "7",
            },
        },
        {
            "url": UNROUTABLE,
            "file": "pages/offline.html",
            "status": 200,
            "headers": html(),
        },
        {
            "url": OLD,
            "file": "pages/redirect.html",
            "status": 301,
            "headers": html(Location=ARTICLE),
        },
    ]
    document = {"version": 1, "pages": pages}
    (root / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    return root.parent


@dataclass
class FakeStats:
    values: dict[str, int] = field(default_factory=dict)

    def inc_value(self, key: str) -> None:
        self.values[key] = self.values.get(key, 0) + 1


def replay(fixtures_dir: Path, url: str, stats: FakeStats | None = None) -> Any:
    middleware = FixtureReplayMiddleware(Manifest.load(fixtures_dir), stats)  # type: ignore[arg-type]
    return middleware.process_request(Request(url))


def test_not_configured_without_the_setting() -> None:
    with pytest.raises(NotConfigured):
        FixtureReplayMiddleware.from_crawler(get_crawler())


def test_a_wrong_folder_fails_loudly_instead_of_going_online(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"FIXTURE_REPLAY_DIR": str(tmp_path)})
    with pytest.raises(ManifestError):
        FixtureReplayMiddleware.from_crawler(crawler)


def test_manifest_traversal_entry_stops_the_middleware(fixtures_dir: Path) -> None:
    manifest = fixtures_dir / "dailynk" / "manifest.json"
    document = json.loads(manifest.read_text())
    document["pages"].append({"url": ARTICLE + "x/", "file": "../../etc/passwd"})
    manifest.write_text(json.dumps(document))
    crawler = get_crawler(settings_dict={"FIXTURE_REPLAY_DIR": str(fixtures_dir)})
    with pytest.raises(ManifestError, match="outside the fixture folder"):
        FixtureReplayMiddleware.from_crawler(crawler)


@pytest.mark.parametrize(
    ("url", "response_class"),
    [(ARTICLE, HtmlResponse), (FEED, XmlResponse), (REST, TextResponse)],
)
def test_response_class_follows_content_type(
    fixtures_dir: Path, url: str, response_class: type
) -> None:
    response = replay(fixtures_dir, url)
    assert isinstance(response, response_class)
    assert response.url == url
    assert "replay" in response.flags


def test_hit_has_saved_body_status_and_headers(fixtures_dir: Path) -> None:
    stats = FakeStats()
    response = replay(fixtures_dir, ARTICLE.replace("https:", "http:"), stats)
    assert response.status == 200
    assert response.body == ARTICLE_BODY
    assert response.text == ARTICLE_BODY.decode()
    assert response.headers[b"ETag"] == b'"5dcce0a8-1f3a"'
    # The saved body is already decoded: Content-Encoding would make Scrapy gunzip it.
    assert b"Content-Encoding" not in response.headers
    assert stats.values == {"replay/hit": 1}


def test_rest_headers_are_replayed(fixtures_dir: Path) -> None:
    assert replay(fixtures_dir, REST).headers[b"X-WP-Total"] == b"7"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailynk.com/english/unknown/",
        "https://www.dailynk.com/english/wp-json/wp/v2/posts?page=1&per_page=2",
        "https://www.dailynk.com/english/../../../etc/passwd",
        "https://www.dailynk.com/english/%2e%2e/%2e%2e/etc/passwd",
        "https://www.dailynk.com/articles/police-crackdown.html",
        "https://www.dailynk.com/manifest.json",
        "http://127.0.0.1:8765/english/police-crackdown/",
        "file:///etc/passwd",
    ],
)
def test_unknown_urls_get_the_404_page(fixtures_dir: Path, url: str) -> None:
    stats = FakeStats()
    response = replay(fixtures_dir, url, stats)
    assert (response.status, response.body) == (404, NOT_FOUND_BODY)
    assert stats.values == {"replay/miss": 1}


@dataclass(frozen=True)
class FakeAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


class FakeSite:
    """Answers paths like ``Site.respond``; records the paths it was asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def respond(self, path_and_query: str) -> FakeAnswer:
        self.asked.append(path_and_query)
        status = 200 if path_and_query == "/english/feed/?paged=2" else 404
        return FakeAnswer(status, {"Content-Type": "application/rss+xml"}, b"<rss/>")


def test_site_mode_passes_paths_of_the_real_site_only() -> None:
    site = FakeSite()
    crawler = get_crawler(
        settings_dict={
            "FIXTURE_REPLAY_DIR": "unused",
            "FIXTURE_REPLAY_SITE": SharedSite(site),
        }
    )
    middleware = FixtureReplayMiddleware.from_crawler(crawler)
    assert isinstance(middleware.source, SiteSource)
    hit = middleware.process_request(
        Request("http://www.dailynk.com/english/feed/?paged=2")
    )
    other = middleware.process_request(
        Request("https://example.com/english/feed/?paged=2")
    )
    assert (hit.status, other.status) == (200, 404)
    assert site.asked == ["/english/feed/?paged=2"]


# A real crawl in a fresh interpreter: Twisted's reactor can't be restarted in one process.
# Downloads over http(s) are disabled, so any request the middleware failed to answer
# would end in an error instead of a response: every response seen came from fixtures.
CRAWL_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import scrapy
    from scrapy.crawler import CrawlerProcess

    fixtures, out, *urls = sys.argv[1:]

    class ProbeSpider(scrapy.Spider):
        name = "probe"
        custom_settings = {"HTTPERROR_ALLOW_ALL": True}
        seen = []
        errors = []

        async def start(self):
            for url in urls:
                yield scrapy.Request(url, errback=self.failed, dont_filter=True)

        def parse(self, response):
            self.seen.append({
                "asked": response.request.meta.get("redirect_urls", [response.url])[0],
                "url": response.url,
                "status": response.status,
                "body": response.body.decode("utf-8"),
                "class": type(response).__name__,
                "headers": {k.decode(): v[0].decode() for k, v in response.headers.items()},
            })

        def failed(self, failure):
            self.errors.append(repr(failure.value))

    process = CrawlerProcess({
        "DOWNLOADER_MIDDLEWARES": {"crawler.replay.middleware.FixtureReplayMiddleware": 950},
        "FIXTURE_REPLAY_DIR": fixtures,
        "DOWNLOAD_HANDLERS": {"http": None, "https": None},
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_TIMEOUT": 5,
        "RETRY_ENABLED": False,
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
    })
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(crawler)
    process.start()
    with open(out, "w") as f:
        json.dump({"seen": ProbeSpider.seen, "errors": ProbeSpider.errors,
                   "stats": crawler.stats.get_stats()}, f, default=str)
    """
)


@pytest.fixture
def crawl_result(fixtures_dir: Path, tmp_path: Path) -> dict[str, Any]:
    script = tmp_path / "crawl.py"
    script.write_text(CRAWL_SCRIPT, encoding="utf-8")
    out = tmp_path / "out.json"
    urls = [
        ARTICLE,
        FEED,
        REST,
        UNROUTABLE,
        OLD,
        "https://www.dailynk.com/english/gone/",
    ]
    result = subprocess.run(
        [sys.executable, str(script), str(fixtures_dir), str(out), *urls],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text())


@pytest.mark.slow
def test_crawl_gets_fixture_pages_and_404s_without_network(
    crawl_result: dict[str, Any],
) -> None:
    assert crawl_result["errors"] == []
    seen = {page["asked"]: page for page in crawl_result["seen"]}
    assert seen[ARTICLE]["body"] == ARTICLE_BODY.decode()
    assert seen[ARTICLE]["class"] == "HtmlResponse"
    assert seen[ARTICLE]["headers"]["Etag"] == '"5dcce0a8-1f3a"'
    assert seen[FEED]["class"] == "XmlResponse"
    assert seen[REST]["headers"]["X-Wp-Total"] == "7"
    assert seen[UNROUTABLE]["body"] == "<html>served without a network</html>"
    assert seen["https://www.dailynk.com/english/gone/"]["status"] == 404
    assert (
        seen["https://www.dailynk.com/english/gone/"]["body"] == NOT_FOUND_BODY.decode()
    )


@pytest.mark.slow
def test_crawl_follows_saved_redirects(crawl_result: dict[str, Any]) -> None:
    redirected = next(p for p in crawl_result["seen"] if p["asked"] == OLD)
    assert (redirected["url"], redirected["status"]) == (ARTICLE, 200)


@pytest.mark.slow
def test_crawl_counts_hits_and_misses(crawl_result: dict[str, Any]) -> None:
    stats = crawl_result["stats"]
    # Hits: 5 pages + 1 redirect target. Misses: 1 unknown page + robots.txt of the two
    # hosts (not in this manifest).
    assert stats["replay/hit"] == 6
    assert stats["replay/miss"] == 3
    assert "downloader/exception_count" not in stats


@pytest.mark.skipif(
    not (SITE / "manifest.json").is_file(), reason="fixtures/dailynk not built yet"
)
def test_every_page_of_the_real_fixtures_replays_as_saved() -> None:
    manifest = Manifest.load(SITE)
    middleware = FixtureReplayMiddleware(manifest)
    assert len(manifest.pages) >= 30
    for page in manifest.pages:
        response = middleware.process_request(Request(page.url))
        assert response.status == page.status, page.url
        assert response.body == page.path.read_bytes(), page.url
