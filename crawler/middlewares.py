"""Retries with back-off, and no retries against a host that has never answered.

Scrapy's RetryMiddleware re-queues a failed request at once. Here each retry first slows
the host's download slot: its delay doubles (from at least ``BACKOFF_BASE_DELAY``), or
becomes the server's ``Retry-After``, capped by ``BACKOFF_MAX_DELAY``. AutoThrottle then
brings the delay back down as healthy responses arrive.

A host that has not answered once in this run (DNS failure, connection refused) is not
retried: on a machine without network every retry only delays the one-line "cannot
reach" error, and a real outage is retried by the next scheduled run anyway.
"""

from __future__ import annotations

import logging
from email.utils import parsedate_to_datetime
from time import time
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    IgnoreRequest,
)
from twisted.internet.error import ConnectError, DNSLookupError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

#: Errors meaning "nobody answered": not retried until the host has answered once.
UNREACHABLE_ERRORS = (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DNSLookupError,
    ConnectError,
)


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that backs off before each retry and fails fast on dead hosts."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base_delay = settings.getfloat(
            "BACKOFF_BASE_DELAY", settings.getfloat("DOWNLOAD_DELAY")
        )
        self.max_delay = settings.getfloat("BACKOFF_MAX_DELAY", 60.0)
        self._answered: set[str] = set()

    def process_response(
        self, request: Request, response: Response
    ) -> Request | Response:
        self._answered.add(self._slot_key(request))
        result = super().process_response(request, response)
        if result is not response:
            self._back_off(request, retry_after(response.headers.get("Retry-After")))
        return result

    def process_exception(
        self, request: Request, exception: Exception
    ) -> Request | None:
        key = self._slot_key(request)
        if isinstance(exception, UNREACHABLE_ERRORS) and key not in self._answered:
            self.crawler.stats.inc_value("retry/skipped_unreachable")
            return None
        result = super().process_exception(request, exception)
        if result is not None:
            self._back_off(request, None)
        return result

    def _back_off(self, request: Request, server_delay: float | None) -> None:
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(self._slot_key(request))
        if slot is None:
            return
        doubled = max(slot.delay * 2, self.base_delay)
        wanted = server_delay if server_delay is not None else doubled
        slot.delay = min(self.max_delay, max(slot.delay, wanted))
        self.crawler.stats.max_value("retry/backoff_delay_max", slot.delay)
        logger.debug("backing off %s: delay now %.1fs", request.url, slot.delay)

    def _slot_key(self, request: Request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)


def retry_after(value: bytes | str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time())


class SameSiteRedirectMiddleware:
    """Turn a redirect off the site, or back to a URL already visited, into a failure.

    Scrapy's own checks drop such requests silently (its off-site filter runs when the
    redirected request is scheduled, and its duplicate filter catches a loop), so the
    article was neither stored nor recorded as failed. Worse, a request with
    ``dont_filter`` (retried failures, listing pages) skips the off-site filter: its
    redirects were followed to any host. Raising ``IgnoreRequest`` here, before
    RedirectMiddleware sees the response, sends the request to its errback, which
    records the reason. ``fetch --allow-offsite`` turns the host check off.
    """

    REDIRECTS = frozenset({301, 302, 303, 307, 308})

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SameSiteRedirectMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in self.REDIRECTS or "Location" not in response.headers:
            return response
        location = response.headers["Location"].decode("latin-1")
        target = urljoin(request.url, location)
        spider = self.crawler.spider
        visited = {*request.meta.get("redirect_urls", ()), request.url}
        if target in visited:
            self.crawler.stats.inc_value("nkwatch/redirect_loop")
            raise IgnoreRequest(f"redirect loop at {request.url}")
        scope = getattr(spider, "scope", None)
        offsite_ok = getattr(spider, "allow_offsite", False)
        if scope is not None and not offsite_ok and not scope.on_site(target):
            self.crawler.stats.inc_value("nkwatch/redirect_offsite")
            raise IgnoreRequest(f"redirected off the site to {target[:200]}")
        return response
