"""The replay server and middleware over the real fixture site (fixtures/dailynk)."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from conftest import SITE, Serve, serving
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.replay.manifest import Manifest
from crawler.replay.middleware import FixtureReplayMiddleware, SharedSite
from crawler.replay.rewrite import LinkRewriter

if TYPE_CHECKING:
    from crawler.fixturesite.site import Site
    from crawler.replay.server import FixtureServer

SITE_DIR = SITE
LISTINGS = ("/english/feed/", "/english/category/news/", "/english/")

pytestmark = pytest.mark.skipif(
    not (SITE_DIR / "manifest.json").is_file(), reason="fixtures/dailynk not built yet"
)


def load_site(**options: int) -> Site:
    from crawler.fixturesite.site import Site

    return Site.from_fixtures(SITE_DIR, **options)


@pytest.fixture(scope="module")
def served() -> Iterator[FixtureServer]:
    with serving(load_site()) as server:
        yield server


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def local(server: FixtureServer, url: str) -> str:
    parts = urlsplit(url)
    return server.origin + parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_manifest_page_is_served_over_http(served: FixtureServer) -> None:
    manifest = Manifest.load(SITE_DIR)
    rewriter = LinkRewriter(served.origin)
    assert len(manifest.pages) >= 30
    for page in manifest.pages:
        if urlsplit(page.url).hostname != "www.dailynk.com":
            continue
        status, headers, body = get(local(served, page.url))
        assert status == page.status, page.url
        expected = rewriter.body(headers.get("Content-Type"), page.path.read_bytes())
        assert body == expected, page.url


def test_served_pages_link_back_to_the_server(served: FixtureServer) -> None:
    for path in LISTINGS:
        status, _, body = get(served.origin + path)
        assert status == 200, path
        assert b"https://www.dailynk.com/english/" not in body, path
        assert served.base_url.encode() in body, path


def slug_of(url: str) -> bytes:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].encode()


def test_held_back_articles_appear_only_after_publish(serve: Serve) -> None:
    server = serve(load_site(hold_back=2))
    hidden = list(server.site.held_back)
    assert len(hidden) == 2
    for url in hidden:
        assert get(local(server, url))[0] == 404
        for path in LISTINGS[:2]:
            assert slug_of(url) not in get(server.origin + path)[2], (url, path)
    request = urllib.request.Request(
        server.origin + "/__nkwatch/publish", data=b"", method="POST"
    )
    for _ in hidden:
        urllib.request.urlopen(request, timeout=10).close()
    for url in hidden:
        assert get(local(server, url))[0] == 200
        for path in LISTINGS[:2]:
            assert slug_of(url) in get(server.origin + path)[2], (url, path)


def test_middleware_site_mode_sees_publications_between_crawls() -> None:
    site = load_site(hold_back=1)
    (hidden,) = site.held_back
    settings = {
        "FIXTURE_REPLAY_DIR": str(SITE_DIR),
        "FIXTURE_REPLAY_SITE": SharedSite(site),
    }
    first = FixtureReplayMiddleware.from_crawler(get_crawler(settings_dict=settings))
    assert first.process_request(Request(hidden)).status == 404
    site.publish_next()
    second = FixtureReplayMiddleware.from_crawler(get_crawler(settings_dict=settings))
    assert second.process_request(Request(hidden)).status == 200


def test_recorded_real_pages_replay_identically(
    served: FixtureServer, tmp_path: Path
) -> None:
    from crawler.replay.record import Recorder, fetch

    paths = [
        "/english/",
        "/english/feed/",
        "/english/wp-json/wp/v2/posts?per_page=5&page=2",
        "/robots.txt",
        urlsplit(Manifest.load(SITE_DIR).pages[0].url).path,
        "/english/no-such-page/",
    ]
    recorder = Recorder(tmp_path)
    live = {}
    for path in paths:
        live[path] = fetch(served.origin + path)
        recorder.save(live[path])
    middleware = FixtureReplayMiddleware(Manifest.load(tmp_path))
    for path, page in live.items():
        replayed = middleware.process_request(Request(served.origin + path))
        assert (replayed.status, replayed.body) == (page.status, page.body), path
        assert replayed.headers.get("ETag", b"").decode() == page.headers.get(
            "ETag", ""
        )
