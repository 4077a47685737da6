"""Scrapy downloader middleware that answers every request from the fixtures, never the network.

Enable it in settings (it does nothing unless ``FIXTURE_REPLAY_DIR`` is set)::

    DOWNLOADER_MIDDLEWARES = {"crawler.replay.middleware.FixtureReplayMiddleware": 950}
    FIXTURE_REPLAY_DIR = "fixtures"          # or "fixtures/dailynk"

Order 950 puts it after Scrapy's own request middlewares (user agent, compression, stats)
and just before the downloader, so every request, robots.txt included, is answered here.

``FIXTURE_REPLAY_SITE`` switches from the static manifest to the dynamic ``Site`` (listings,
feed and REST rendered from the visible articles, hold-back): ``True`` builds one from
``FIXTURE_REPLAY_DIR`` with ``FIXTURE_REPLAY_ARCHIVE`` and ``FIXTURE_REPLAY_HOLD_BACK``; or
give ``SharedSite(site)`` to use a test's own ``Site`` (``site.publish_next()`` between
crawls). Scrapy deep-copies settings for each crawler, so a bare ``Site`` would be a copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from crawler.replay.manifest import Manifest, find_site_root
from crawler.replay.reply import Reply, fallback_not_found, page_headers
from crawler.replay.urls import SITE_HOST, site_path

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector


class ReplySource(Protocol):
    def respond(self, url: str) -> Reply: ...


class SiteSource:
    """Answers absolute URLs of the real site from a ``Site``; other hosts get a 404."""

    def __init__(self, site: Any, host: str = SITE_HOST) -> None:
        self.site = site
        self.host = host

    def respond(self, url: str) -> Reply:
        path = site_path(url, self.host)
        if path is None:
            return fallback_not_found()
        answer = self.site.respond(path)
        return Reply(answer.status, page_headers(answer.headers), answer.body)


class SharedSite:
    """A ``Site`` in Scrapy settings that is not copied: every crawler sees the same one."""

    def __init__(self, site: Any) -> None:
        self.site = site

    def __copy__(self) -> SharedSite:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedSite:
        return self


class FixtureReplayMiddleware:
    """Return the saved response for each request; unknown URLs get the site's 404 page.

    Stats: ``replay/hit`` for answers other than 404, ``replay/miss`` for 404s.
    """

    def __init__(
        self, source: ReplySource, stats: StatsCollector | None = None
    ) -> None:
        self.source = source
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FixtureReplayMiddleware:
        directory = crawler.settings.get("FIXTURE_REPLAY_DIR")
        if not directory:
            raise NotConfigured("FIXTURE_REPLAY_DIR is not set")
        # A wrong folder raises here (ManifestError): falling back to the network
        # would silently turn an offline test into a live crawl.
        return cls(_source(Path(directory), crawler.settings), crawler.stats)

    def process_request(self, request: Request) -> Response:
        reply = self.source.respond(request.url)
        if self.stats is not None:
            self.stats.inc_value("replay/miss" if reply.status == 404 else "replay/hit")
        headers = Headers(dict(reply.headers))
        response_class = responsetypes.from_args(
            headers=headers, url=request.url, body=reply.body
        )
        return response_class(
            url=request.url,
            status=reply.status,
            headers=headers,
            body=reply.body,
            request=request,
            flags=["replay"],
        )


def _source(directory: Path, settings: BaseSettings) -> ReplySource:
    site = settings.get("FIXTURE_REPLAY_SITE")
    if isinstance(site, str | bool):  # a switch, e.g. from -s FIXTURE_REPLAY_SITE=1
        site = settings.getbool("FIXTURE_REPLAY_SITE")
    if not site:
        return Manifest.load(directory)
    if site is True:
        # Imported here: the static mode must not depend on the site generator.
        from crawler.fixturesite.site import Site

        site = Site.from_fixtures(
            find_site_root(directory),
            archive=settings.getint("FIXTURE_REPLAY_ARCHIVE"),
            hold_back=settings.getint("FIXTURE_REPLAY_HOLD_BACK"),
        )
    if isinstance(site, SharedSite):
        site = site.site
    return SiteSource(site)
