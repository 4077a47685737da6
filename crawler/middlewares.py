"""Retries with back-off, no retries against a host that has never answered, robots.txt
kept between runs, and redirects kept on the site.

Scrapy's RetryMiddleware re-queues a failed request at once. Here each retry first slows
the host's download slot: its delay doubles (from at least ``BACKOFF_BASE_DELAY``), or
becomes the server's ``Retry-After``, capped by ``BACKOFF_MAX_DELAY``. Each healthy answer
after that halves it again, down to where it was before the first back-off (AutoThrottle
alone left it at the cap for the rest of the run).

A host that has not answered once in this run (DNS failure, connection refused, a
timeout) is not retried: on a machine without network every retry only delays the
one-line "cannot reach" error, a hung site would cost three timeouts per page, and a real
outage is retried by the next scheduled run anyway.

A host is *down* once an entry page (requests marked ``ENTRY_PAGE``: the feed, the first
page of a listing or of the REST API) has used up its retries on a 5xx, until it answers
anything below 400 again. While it is down, further entry pages are not retried, and the
delay goes back to where it was before the back-off: the spider then falls through its
remaining entry pages at the normal pace, one request each, and the run ends "cannot
reach" in seconds (it took 463 s at the default delay when each one was retried with a
growing back-off). Articles keep their retries; a host that answers again is retried as
usual.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred
from twisted.internet.error import ConnectError, DNSLookupError
from twisted.internet.error import TimeoutError as TwistedTimeoutError

if TYPE_CHECKING:
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
#: Errors meaning "nobody answered in time", also not retried on a host that never answered.
NO_ANSWER_ERRORS = (*UNREACHABLE_ERRORS, DownloadTimeoutError, TwistedTimeoutError)
#: Request meta key of the pages a run enters the site by (the spider sets it).
ENTRY_PAGE = "nkwatch_entry_page"


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that backs off before each retry and fails fast on dead hosts."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base_delay = settings.getfloat(
            "BACKOFF_BASE_DELAY", settings.getfloat("DOWNLOAD_DELAY")
        )
        self.max_delay = settings.getfloat("BACKOFF_MAX_DELAY", 60.0)
        self._answered: set[str] = set()
        self._delay_before: dict[
            str, float
        ] = {}  # slot -> its delay before backing off
        self._down: set[str] = set()  # slots whose entry pages gave up on a 5xx

    def process_response(
        self, request: Request, response: Response
    ) -> Request | Response:
        key = self._slot_key(request)
        self._answered.add(key)
        entry = bool(request.meta.get(ENTRY_PAGE))
        if response.status < 400:
            self._down.discard(key)
        elif entry and key in self._down and response.status >= 500:
            # Another entry page already gave up on this host: it is down, and retrying
            # each entry page in turn only grew the back-off (minutes for one verdict).
            self.crawler.stats.inc_value("retry/skipped_site_down")
            return response
        result = super().process_response(request, response)
        if result is not response:
            self._back_off(request, retry_after(response.headers.get("Retry-After")))
        elif response.status < 400:
            self._recover(request)
        elif entry and response.status >= 500:
            self._mark_down(key)
        return result

    def process_exception(
        self, request: Request, exception: Exception
    ) -> Request | None:
        key = self._slot_key(request)
        if isinstance(exception, NO_ANSWER_ERRORS) and key not in self._answered:
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
        self._delay_before.setdefault(self._slot_key(request), slot.delay)
        doubled = max(slot.delay * 2, self.base_delay)
        wanted = server_delay if server_delay is not None else doubled
        slot.delay = min(self.max_delay, max(slot.delay, wanted))
        self.crawler.stats.max_value("retry/backoff_delay_max", slot.delay)
        logger.debug("backing off %s: delay now %.1fs", request.url, slot.delay)

    def _mark_down(self, key: str) -> None:
        """An entry page gave up on a 5xx: stop retrying entry pages, undo the back-off."""
        self._down.add(key)
        logger.debug("%s answers 5xx to its entry pages: not retrying them", key)
        slot = self.crawler.engine.downloader.slots.get(key)
        before = self._delay_before.pop(key, None)
        if slot is not None and before is not None:
            # The back-off spaced out retries; the entry pages left get none, so the
            # longer wait would only delay the verdict.
            slot.delay = before
            self._wake(slot)

    def _wake(self, slot: Any) -> None:
        """Let the slot's next request wait the restored delay, not the backed-off one.

        Scrapy computed the slot's next wake-up when this download finished, before any
        middleware saw the response: with the backed-off delay (4 s, measured), which
        would hold the next entry page that long whatever the delay is now.
        """
        process = getattr(self.crawler.engine.downloader, "_process_queue", None)
        if getattr(slot, "latercall", None) is not None and process is not None:
            slot.close()  # cancels that wake-up (Slot.close does only that)
            process(slot)  # and schedules one with the delay as it is now

    def _recover(self, request: Request) -> None:
        """A healthy answer after a back-off: halve the delay, down to the one before it."""
        key = self._slot_key(request)
        if key not in self._delay_before:
            return
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None:
            return
        floor = self._delay_before[key]
        slot.delay = max(floor, slot.delay / 2)
        if slot.delay <= floor:
            del self._delay_before[key]
        logger.debug("recovering %s: delay now %.1fs", key, slot.delay)

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


class RobotsRefusal(IgnoreRequest):
    """robots.txt keeps the crawler out of the whole site for this run (RFC 9309 §2.3.1.3-4).

    ``unanswered``: the site did not answer for it at all (the message is the network
    error), so the run's verdict is "cannot reach".
    """

    def __init__(self, message: str, *, unanswered: bool = False) -> None:
        super().__init__(message)
        self.unanswered = unanswered


class StoredRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt handling, with the answer kept in the store and RFC 9309 errors.

    - An answer kept less than ``NKWATCH_ROBOTS_MAX_AGE`` seconds (24 h, RFC 9309 §2.4)
      ago is reused: no request. Older, it is fetched again; a change of the rules takes
      effect then.
    - 2xx: its rules (kept). 4xx: no rules, allow everything (kept).
    - 5xx, or no answer at all: complete disallow for this run (not kept, so the next run
      asks again). Scrapy would have taken both as "allow everything".
    - The request has the short entry-page budget and is not retried.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.max_age = settings.getfloat("NKWATCH_ROBOTS_MAX_AGE", 24 * 3600)
        self.timeout = settings.getfloat("NKWATCH_ENTRY_TIMEOUT", 10)
        self._refusals: dict[str, RobotsRefusal] = {}

    def process_request_2(self, rp: Any, request: Request) -> None:
        refusal = self._refusals.get(urlparse_cached(request).netloc)
        if refusal is not None:
            self._stats.inc_value("robotstxt/refused")
            raise RobotsRefusal(str(refusal), unanswered=refusal.unanswered)
        super().process_request_2(rp, request)

    async def robot_parser(self, request: Request) -> Any:
        url = urlparse_cached(request)
        netloc, origin = url.netloc, f"{url.scheme}://{url.netloc}"
        if netloc not in self._parsers:
            kept = self._kept(origin)
            if kept is not None:
                self._stats.inc_value("robotstxt/reused")
                self._parsers[netloc] = self._parser(kept["body"].encode())
            else:
                waiting: Deferred[Any] = Deferred()  # requests meanwhile wait for it
                self._parsers[netloc] = waiting
                parser = await self._fetch(origin, netloc)
                self._parsers[netloc] = parser
                waiting.callback(parser)
        return await super().robot_parser(request)

    async def _fetch(self, origin: str, netloc: str) -> Any:
        """The parser of a fresh robots.txt, or None (with a refusal) if it keeps us out."""
        robots = Request(
            f"{origin}/robots.txt",
            priority=self.DOWNLOAD_PRIORITY,
            meta={
                "dont_obey_robotstxt": True,
                "dont_retry": True,
                "download_timeout": self.timeout,
            },
            callback=NO_CALLBACK,
        )
        self._stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(robots)
        except Exception as exc:  # noqa: BLE001 (any failure to read it: disallow)
            text = str(exc).strip()
            reason = text.splitlines()[0] if text else type(exc).__name__
            if isinstance(exc, NO_ANSWER_ERRORS):
                self._refuse(netloc, RobotsRefusal(reason, unanswered=True))
            else:
                self._refuse(netloc, RobotsRefusal(f"robots.txt: {reason}"))
            return None
        status = response.status
        self._stats.inc_value(f"robotstxt/response_status_count/{status}")
        if status >= 500:
            self._refuse(
                netloc,
                RobotsRefusal(
                    f"robots.txt answered HTTP {status}, which RFC 9309 reads as "
                    "'stay away': nothing requested (the next run asks again)"
                ),
            )
            return None
        body = response.body.decode("utf-8", "replace") if status < 300 else ""
        self._keep(origin, status, body)
        return self._parser(body.encode())

    def _refuse(self, netloc: str, refusal: RobotsRefusal) -> None:
        if not refusal.unanswered:  # "cannot reach" is the run's own one line
            logger.warning("%s", refusal)
        self._refusals[netloc] = refusal

    def _parser(self, body: bytes) -> Any:
        return build_from_crawler(self._parserimpl, self.crawler, body)

    def _store(self) -> Any:
        if self.crawler.settings.get("FIXTURE_REPLAY_DIR"):
            return None  # a replayed site's robots.txt is not the live site's
        store = getattr(self.crawler.spider, "store", None)
        return store if hasattr(store, "get_robots") else None

    def _kept(self, origin: str) -> dict[str, Any] | None:
        store = self._store()
        kept = store.get_robots(origin) if store is not None else None
        if kept is None:
            return None
        age = (crawl_now(self.crawler.settings) - kept["fetched_at"]).total_seconds()
        return kept if 0 <= age < self.max_age else None

    def _keep(self, origin: str, status: int, body: str) -> None:
        store = self._store()
        if store is not None:
            store.keep_robots(origin, status, body, crawl_now(self.crawler.settings))


def crawl_now(settings: BaseSettings) -> datetime:
    """The crawl's clock: ``NKWATCH_NOW`` (ISO 8601, a simulated time) or now, in UTC."""
    simulated = settings.get("NKWATCH_NOW")
    if simulated:
        return datetime.fromisoformat(simulated).astimezone(UTC)
    return datetime.now(UTC)
