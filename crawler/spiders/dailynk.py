"""The Daily NK English spider: finds article URLs the store lacks and requests only those.

Navigation only: links come from ``crawler.navigation``, pages become Reports in
``crawler.parsers``, and the pipeline saves them. Modes (spider argument ``mode``):

- ``incremental`` (default): the feed first (if it fails at the network level, the run
  ends there), then the home page and each listing (``category/news/`` plus
  ``NKWATCH_LISTING_URLS``). Each page's article links are checked against the store in
  one query; only unknown ones are requested, and a listing's next page is read only
  while the current page still holds an unknown item. A run with nothing new costs
  robots.txt, the feed and one page per listing. When every feed item is new the feed
  cannot say what else is, so the run reads on in the REST API (all categories, newest
  first, 100 a page) until a page ends in a known article; the listings then leave
  their next pages to it (and read them after all if the API fails). URLs whose last
  fetch failed are requested again: an article is not "seen" until it is stored.
- ``backfill``: the WP REST API, 100 posts a request, from page 1 (or where an interrupted
  backfill stopped) to the end or to ``since``; if the site refuses the API (404, 401,
  403, not JSON) the listings are walked instead. ``cursor`` reports the first page not
  fully done, which the runner persists for resuming.
- ``fetch``: exactly the given ``urls`` (known or not).
``refresh_days`` adds the stored articles of the last N days (the store keeps a revision
when the content hash changed).

Feed items versus article pages. A feed item with ``content:encoded`` can become a
Report without requesting its page (``NKWATCH_STORE_FROM_FEED``, which also covers REST
posts): an incremental run then costs 0 requests per new article found in the feed. It
is off by default because such a Report is poorer, and would stay so (its content hash
equals the page's, so no later run notices). Measured on the fixture site, against the
Report of the same article's page: of 10 feed Reports, 10 differ in categories and tags,
9 lack the authors' links and bios, 7 the featured image and caption, 6 the subtitle,
and 2 get another law-enforcement verdict; of 36 REST Reports, all lack the authors and
24 the image. The default costs one request per new article, the issue's minimum;
bench/crawl.py measures both.

Conditional GET: the feed and the first page of each listing are requested with the
validators (ETag / Last-Modified) the site sent last time; a 304 means nothing changed.
New validators are collected in ``validators`` and persisted by the runner only after a
run that finished, and never for a listing whose walk was cut short.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

import scrapy
from scrapy.exceptions import CloseSpider

from crawler import navigation
from crawler.items import Report
from crawler.middlewares import (
    ENTRY_PAGE,
    NO_ANSWER_ERRORS,
    RobotsRefusal,
    crawl_now,
)
from crawler.parsers import parse_article
from crawler.pipelines import FetchFailure
from crawler.rawpage import RawPage
from crawler.urls import Scope
from crawler.walks import (
    Walk,
    conditional_headers,
    describe_failure,
    failure_kind,
    http_status,
    int_header,
    is_json_list,
    validators_of,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterable, Iterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

MODES = ("incremental", "backfill", "fetch")
FEED_PATH = "feed/"
REST_PATH = "wp-json/wp/v2/posts?per_page={per_page}&page={page}"
#: REST answers that mean "no API here": walk the listings instead.
REST_REFUSED = frozenset({401, 403, 404, 410})
ARTICLE_PRIORITY = 10  # articles before the next listing page: a small queue
NOT_MODIFIED = 304
#: One line per listing or REST page; the crawl command shows it on stderr.
PROGRESS = logging.getLogger("nkwatch.progress")


class SeenStore(Protocol):
    """What the spider asks the store (``store.open_store`` provides it)."""

    def known_urls(self, urls: Iterable[str]) -> set[str]: ...
    def settled_urls(self, urls: Iterable[str]) -> set[str]: ...
    def failed_urls(self, *, recheck: bool = False) -> Iterable[str]: ...
    def recent_urls(self, days: int) -> Iterable[str]: ...
    def get_state(self, key: str) -> Any: ...
    def set_state(self, key: str, value: Any) -> None: ...
    def close(self) -> None: ...


#: When the home page and listings were last read in full (the safety net's schedule).
LISTINGS_READ_KEY = "crawler.listings_read_at"


class DailyNKSpider(scrapy.Spider):
    name = "dailynk"

    def __init__(
        self,
        *,
        store: SeenStore | None = None,
        mode: str = "incremental",
        since: date | str | None = None,
        max_pages: int | str | None = None,
        refresh_days: int | str | None = None,
        urls: Iterable[str] = (),
        start_pages: dict[str, int] | None = None,
        validators: dict[str, dict[str, str]] | None = None,
        allow_offsite: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}: {mode!r}")
        self.store = store
        self.mode = mode
        self.since = date.fromisoformat(since) if isinstance(since, str) else since
        self.max_pages = int(max_pages) if max_pages else None
        self.refresh_days = int(refresh_days) if refresh_days else None
        self.fetch_urls = list(urls)
        self.start_pages = start_pages or {}
        self.old_validators = validators or {}
        self.allow_offsite = allow_offsite
        # Where article responses go to be kept with their reports: the store pipeline
        # sets it when NKWATCH_KEEP_RAW is on (crawler.rawpage).
        self.raw_sink: Callable[[RawPage], None] | None = None
        self.owns_store = False
        # What the runner reads when the crawl is over. entries: entry page -> None
        # once answered, else why not.
        self.entries: dict[str, str | None] = {}
        # Why the run is partial or failed, in words for its verdict (first one shown).
        self.notes: list[str] = []
        self.blocked: str | None = None  # robots.txt keeps us out: the run's error
        self.listings_due = True
        self.links_found = 0
        self.empty_listings: list[str] = []
        self.walks: dict[str, Walk] = {}
        self.validators: dict[str, dict[str, str]] = {}
        self.failures: list[FetchFailure] = []
        self.reports: list[Report] = []  # fetch mode only
        self._requested: set[str] = set()
        self._followed_up = False
        self._article_page: dict[str, tuple[Walk, int]] = {}  # backfill bookkeeping

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DailyNKSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.scope = scope = Scope.from_base_url(settings.get("NKWATCH_BASE_URL"))
        if not spider.allow_offsite:
            spider.allowed_domains = [scope.host.split(":")[0]]
        listings = [scope.url(p) for p in settings.getlist("NKWATCH_DEFAULT_LISTINGS")]
        listings += settings.getlist("NKWATCH_LISTING_URLS")
        canonical = (scope.listing_url(u) for u in listings)
        spider.listings = [u for u in dict.fromkeys(canonical) if u]
        spider.incremental_max_pages = settings.getint("NKWATCH_INCREMENTAL_MAX_PAGES")
        spider.incremental_max_rest_pages = settings.getint(
            "NKWATCH_INCREMENTAL_MAX_REST_PAGES"
        )
        spider.per_page = settings.getint("NKWATCH_REST_PER_PAGE", 100)
        spider.store_from_feed = settings.getbool("NKWATCH_STORE_FROM_FEED")
        spider.feed_decides = settings.getbool("NKWATCH_FEED_DECIDES", True)
        spider.recheck = settings.getbool("NKWATCH_RECHECK_FAILURES")
        spider.entry_timeout = settings.getfloat("NKWATCH_ENTRY_TIMEOUT", 10)
        spider.now = crawl_now(settings)
        if spider.store is None and spider.mode != "fetch":
            # Run by `scrapy crawl`: no runner lends a store, so the spider owns one.
            spider.store = _open_store(settings.get("NKWATCH_DB"))
            spider.owns_store = True
        every = settings.getfloat("NKWATCH_LISTINGS_EVERY", 6 * 3600)
        spider.listings_due = spider._listings_due(every)
        return spider

    def _listings_due(self, every: float) -> bool:
        """Incremental runs read the listings when the last full read is ``every`` s old."""
        if self.mode != "incremental" or not self.feed_decides or every <= 0:
            return True
        kept = self.store.get_state(LISTINGS_READ_KEY) if self.store else None
        if not isinstance(kept, dict) or kept.get("base_url") != self.scope.base_url:
            return True
        try:
            last = datetime.fromisoformat(kept["at"])
        except (KeyError, TypeError, ValueError):
            return True
        return not 0 <= (self.now - last).total_seconds() < every

    def closed(self, reason: str) -> None:
        try:
            if reason == "finished" and self._listings_read_in_full():
                value = {"base_url": self.scope.base_url, "at": self.now.isoformat()}
                self.store.set_state(LISTINGS_READ_KEY, value)
        finally:
            if self.owns_store and self.store is not None:
                self.store.close()

    def _listings_read_in_full(self) -> bool:
        if self.mode != "incremental" or self.store is None:
            return False
        if self.crawler.settings.get("FIXTURE_REPLAY_DIR"):
            return False  # reading saved pages says nothing about the live site
        rest = self.walks.get("rest")
        rest_done = rest is not None and not rest.cut_short
        for first in [self.scope.base_url, *self.listings]:
            walk = self.walks.get(first)
            if walk is None or walk.cut_short:
                return False
            # a listing that left its next pages to the REST walk was read by it
            if not (walk.complete or (walk.deferred is not None and rest_done)):
                return False
        return True

    # -- start -------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.mode == "fetch":
            for url in self.fetch_urls:
                yield self._article_request(url, dont_filter=True)
            return
        # One request first: if the site is not there, the run ends with it.
        if self.mode == "incremental":
            feed = self.scope.url(FEED_PATH)
            self.entries[feed] = "no answer"
            yield self._page_request(
                feed,
                self.parse_feed,
                {},
                conditional=True,
                entry=True,
                errback=self.feed_failed,
            )
        else:
            yield self._start_rest_walk("backfill")

    def _follow_up(self) -> Iterator[scrapy.Request]:
        """The rest of the run, once the first entry page was answered (or refused)."""
        if self._followed_up:
            return
        self._followed_up = True
        if self.mode == "incremental" and self.listings_due:
            for first in [self.scope.base_url, *self.listings]:
                yield self._start_walk(first)
        for url in self._retry_and_refresh_urls():
            yield self._article_request(url, dont_filter=True)

    def _retry_and_refresh_urls(self) -> list[str]:
        if self.store is None:
            return []
        urls = list(self.store.failed_urls(recheck=self.recheck))
        if self.refresh_days:
            urls += list(self.store.recent_urls(self.refresh_days))
        return [u for u in dict.fromkeys(urls) if u not in self._requested]

    # -- feed --------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[Any]:
        self._entry_answered(response)
        if response.status == NOT_MODIFIED:
            yield from self._follow_up()
            return
        links = navigation.feed_links(response.body, self.scope)
        self.links_found += len(links.items)
        unknown = self._unknown(links.items)
        if links.items and len(unknown) == len(links.items):
            # Everything in the feed is new, so more may be: only the REST stream
            # (every category, newest first) can say what else is. Started before the
            # listings, which then leave their next pages to it.
            yield self._start_rest_walk("the feed holds no known article")
        yield from self._follow_up()
        if self.store_from_feed and unknown:
            from crawler.parsers.feed import reports_from_feed

            results = reports_from_feed(response.body)
            unknown = yield from self._reports_from(results, unknown)
        yield from self._article_requests(unknown)

    def feed_failed(self, failure: Failure) -> Iterator[Any]:
        self._page_failed(failure)  # ends the run if the site is unreachable
        self.listings_due = True  # without the feed, the listings are all there is
        yield self._start_rest_walk("the feed failed")
        yield from self._follow_up()

    # -- listings ----------------------------------------------------------------

    def parse_listing(self, response: Response, walk: str, page: int) -> Iterator[Any]:
        state = self.walks[walk]
        state.pages_read += 1
        self._entry_answered(response)
        if response.status == NOT_MODIFIED:
            state.complete = True
            return
        links = navigation.listing_links(response.text, response.url, self.scope)
        self.links_found += len(links.all)
        if not links.items and page == state.start_page:
            self.empty_listings.append(response.url)
            self.logger.warning("%s names no articles (layout change?)", response.url)
        unknown = set(self._unknown(links.all))
        new_items = [u for u in links.items if u in unknown]
        self._progress(walk, page, links.last_page, len(links.items), len(new_items))
        yield from self._article_requests(
            [u for u in links.all if u in unknown], state, page
        )
        # The stop rule: after a page that holds a known article, older pages hold only
        # known ones. (Before the feed decided: after a page with nothing new.)
        all_new = bool(links.items) and len(new_items) == len(links.items)
        read_on = all_new if self.feed_decides else bool(new_items)
        if not self._should_continue(state, page, links, found_new=bool(read_on)):
            return
        if "rest" in self.walks and self.mode == "incremental":
            # The REST walk sees every category: this listing's next pages would only
            # repeat it. They are read after all if the REST API fails.
            state.deferred = (links.next_page, page + 1)
            return
        yield self._listing_request(walk, links.next_page, page + 1)

    def _should_continue(
        self, walk: Walk, page: int, links: navigation.Links, *, found_new: bool
    ) -> bool:
        if links.next_page is None or self._before_since(links.oldest):
            walk.complete = True
            return False
        if self.mode == "incremental" and not found_new:
            walk.complete = True  # the stop rule: this page held nothing new
            return False
        if walk.pages_read >= (self._page_limit(walk) or walk.pages_read + 1):
            walk.cut_short = True
            self.crawler.stats.inc_value("nkwatch/listing_cut_short")
            if self.mode == "incremental":
                self.logger.warning(
                    "stopped %s at page %d (page limit) while it still had new "
                    "articles: run a backfill to catch up",
                    walk.key,
                    page,
                )
                if walk.key == "rest":
                    self.notes.append(
                        f"first run capped at {page * self.per_page} articles: run "
                        "`nkwatch crawl --backfill` for the rest"
                    )
                else:
                    self.notes.append(
                        f"stopped {walk.key} at page {page} (page limit) with new "
                        "articles left: run `nkwatch crawl --backfill` for the rest"
                    )
            return False
        return True

    def _page_limit(self, walk: Walk) -> int | None:
        if self.max_pages:
            return self.max_pages
        if self.mode != "incremental":
            return None
        if walk.key == "rest":
            return self.incremental_max_rest_pages
        return self.incremental_max_pages

    # -- REST: the backfill's source; in incremental runs, the feed's continuation --

    def parse_rest(self, response: Response, page: int) -> Iterator[Any]:
        walk = self.walks["rest"]
        if page == walk.start_page and not is_json_list(response):
            yield from self._rest_refused(f"not a JSON list (HTTP {response.status})")
            return
        walk.pages_read += 1
        self._entry_answered(response)
        yield from self._follow_up()
        links = navigation.rest_links(response.body, self.scope)
        total = int_header(response, "X-WP-TotalPages")
        more = total > page if total is not None else len(links.items) >= self.per_page
        next_page = self._rest_url(page + 1) if more and links.items else None
        links = dataclasses.replace(links, next_page=next_page, last_page=total)
        self.links_found += len(links.items)
        unknown = self._unknown(links.items)
        self._progress("REST API", page, total, len(links.items), len(unknown))
        # The REST stream is strictly newest first (no sticky posts), so once a page
        # ends in a known article the next pages hold only older, known ones: an
        # incremental run stops there, a page before "a page with nothing new" would.
        found_new = bool(unknown) and not (
            self.mode == "incremental" and links.items[-1] not in unknown
        )
        walk.pending.setdefault(page, set())
        if self.store_from_feed and unknown:
            from crawler.parsers.rest import reports_from_rest

            results = reports_from_rest(response.body)
            unknown = yield from self._reports_from(results, unknown)
        yield from self._article_requests(unknown, walk, page)
        if self._should_continue(walk, page, links, found_new=found_new):
            yield self._rest_request(page + 1)

    def rest_failed(self, failure: Failure) -> Iterator[Any]:
        walk, page = self.walks["rest"], failure.request.cb_kwargs["page"]
        status = http_status(failure)
        if page == walk.start_page and status in REST_REFUSED:
            yield from self._rest_refused(f"HTTP {status}")
        elif page > walk.start_page and status == 400:  # WP: page number past the end
            walk.complete = True
        else:
            self._page_failed(failure)
            yield from self._resume_deferred()
        yield from self._follow_up()

    def _start_rest_walk(self, why: str) -> scrapy.Request:
        self.crawler.stats.set_value("nkwatch/rest_walk", why)
        return self._rest_request(self.start_pages.get("rest", 1), first=True)

    def _rest_refused(self, why: str) -> Iterator[scrapy.Request]:
        """No REST API here: backfills walk the listings; incremental runs read on."""
        self.crawler.stats.set_value("nkwatch/rest_refused", why)
        self.logger.info("the REST API is refused (%s)", why)
        rest = self.walks.pop("rest")
        self.entries.pop(self._rest_url(rest.start_page), None)
        if self.mode == "backfill":
            for first in self.listings:
                yield self._start_walk(first)
        yield from self._resume_deferred()
        yield from self._follow_up()

    def _resume_deferred(self) -> Iterator[scrapy.Request]:
        """The REST walk failed or is refused: the listings do its work after all."""
        for walk in list(self.walks.values()):
            if walk.deferred is not None:
                url, page = walk.deferred
                walk.deferred = None
                yield self._listing_request(walk.key, url, page)
        if self.mode == "incremental" and not self.listings_due:
            # The feed named no known article, so more may be new than it shows.
            self.listings_due = True
            for first in [self.scope.base_url, *self.listings]:
                yield self._start_walk(first)

    # -- articles ----------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Any]:
        self._article_done(response.request.url)
        if not self.allow_offsite and not self.scope.on_site(response.url):
            yield self._failure(
                response.request.url,
                f"redirected off the site to {response.url}",
                "permanent",
            )
            return
        result = parse_article(response.text, response.url)
        if not isinstance(result, Report):
            self.crawler.stats.inc_value("parser/not_an_article")
            yield self._failure(
                response.request.url, f"not an article: {result}", "permanent"
            )
            return
        url = self.scope.article_url(result.url) or self.scope.article_url(response.url)
        report = self._normalized(result, url)
        if self._too_old(report):
            return
        if self.mode == "fetch":
            self.reports.append(report)
        if self.raw_sink is not None:  # the evidence first: saved with the report
            self.raw_sink(RawPage.of(response, report.url, report.content_hash))
        yield report

    def article_failed(self, failure: Failure) -> Iterator[FetchFailure]:
        self._article_done(failure.request.url)
        yield self._failure(
            failure.request.url, describe_failure(failure), failure_kind(failure)
        )

    def _too_old(self, report: Report) -> bool:
        """A backfill ``--since`` DATE stores nothing published (Korean date) before DATE."""
        if self.mode != "backfill" or not self.since:
            return False
        if report.published_at.date() >= self.since:
            return False
        self.crawler.stats.inc_value("nkwatch/before_since")
        return True

    def _reports_from(
        self, results: Iterable[Report | object], unknown: list[str]
    ) -> Iterator[Report]:
        """Yield complete feed/REST Reports of ``unknown`` URLs; return the URLs left to fetch."""
        wanted, stored = set(unknown), set()
        for result in results:
            if isinstance(result, Report) and _complete(result):
                url = self.scope.article_url(result.url)
                if url in wanted and url not in stored:
                    stored.add(url)
                    if self._too_old(result):
                        continue
                    self._requested.add(url)
                    yield self._normalized(result, url)
        self.crawler.stats.inc_value("nkwatch/stored_from_feed", len(stored))
        return [u for u in unknown if u not in stored]

    # -- requests ----------------------------------------------------------------

    def _start_walk(self, first: str) -> scrapy.Request:
        start = self.start_pages.get(first, 1) if self.mode == "backfill" else 1
        self.walks[first] = Walk(first, start_page=start)
        url = self.scope.listing_page(first, start)
        self.entries[url] = "no answer"
        return self._listing_request(first, url, start, entry=True)

    def _listing_request(
        self, walk: str, url: str, page: int, *, entry: bool = False
    ) -> scrapy.Request:
        conditional = self.mode == "incremental" and page == 1
        cb_kwargs = {"walk": walk, "page": page}
        return self._page_request(
            url, self.parse_listing, cb_kwargs, conditional=conditional, entry=entry
        )

    def _rest_url(self, page: int) -> str:
        return self.scope.url(REST_PATH.format(per_page=self.per_page, page=page))

    def _rest_request(self, page: int, *, first: bool = False) -> scrapy.Request:
        url = self._rest_url(page)
        if first:
            self.walks["rest"] = Walk("rest", start_page=page)
            if self.mode == "backfill":  # in incremental runs the feed is the entry
                self.entries[url] = "no answer"
        return scrapy.Request(
            url,
            callback=self.parse_rest,
            errback=self.rest_failed,
            cb_kwargs={"page": page},
            # where an incremental run goes on when the feed failed: an entry page too
            meta={ENTRY_PAGE: True} if first else {},
        )

    def _page_request(
        self,
        url: str,
        callback: Any,
        cb_kwargs: dict[str, Any],
        *,
        conditional: bool,
        entry: bool = False,
        errback: Any = None,
    ) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=callback,
            errback=errback or self._page_failed,
            cb_kwargs=cb_kwargs,
            headers=conditional_headers(self.old_validators.get(url, {}))
            if conditional
            else None,
            meta={
                "handle_httpstatus_list": [NOT_MODIFIED],
                # small pages: a site that cannot send one in this budget is down
                "download_timeout": self.entry_timeout,
                # a 5xx here after another entry page gave up is not retried (the site
                # is down: crawler.middlewares)
                ENTRY_PAGE: entry,
            },
            dont_filter=True,  # page 1 of one listing may be linked from another
        )

    def _article_requests(
        self, urls: Iterable[str], walk: Walk | None = None, page: int = 0
    ) -> Iterator[scrapy.Request]:
        for url in urls:
            if url in self._requested:
                continue
            if walk is not None and self.mode == "backfill":
                walk.pending.setdefault(page, set()).add(url)
                self._article_page[url] = (walk, page)
            yield self._article_request(url)

    def _article_request(
        self, url: str, *, dont_filter: bool = False
    ) -> scrapy.Request:
        self._requested.add(url)
        self.crawler.stats.inc_value("nkwatch/articles_requested")
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            priority=ARTICLE_PRIORITY,
            dont_filter=dont_filter,
        )

    # -- bookkeeping -------------------------------------------------------------

    def _unknown(self, urls: Iterable[str]) -> list[str]:
        """The URLs the store lacks, in order: one query for the whole page."""
        urls = list(dict.fromkeys(urls))
        known = (
            self.store.known_urls(urls) if self.store is not None and urls else set()
        )
        self.crawler.stats.inc_value("nkwatch/known_skipped", len(known))
        if self.store is not None and not self.recheck and len(known) < len(urls):
            # A settled verdict (not an article, 404, given up) counts as known: it is
            # neither requested nor a reason to read on.
            settled = self.store.settled_urls([u for u in urls if u not in known])
            self.crawler.stats.inc_value("nkwatch/settled_skipped", len(settled))
            known |= settled
        return [u for u in urls if u not in known]

    def _entry_answered(self, response: Response) -> None:
        url = response.request.url
        if url not in self.entries:
            return
        self.entries[url] = None
        if response.status == NOT_MODIFIED:
            self.crawler.stats.inc_value("nkwatch/not_modified")
            return
        validators = validators_of(response)
        if validators:
            self.validators[url] = validators

    def _page_failed(self, failure: Failure) -> None:
        url, reason = failure.request.url, describe_failure(failure)
        self.crawler.stats.inc_value("nkwatch/page_failed")
        self.logger.warning("cannot read %s: %s", url, reason)
        kwargs = failure.request.cb_kwargs
        walk = self.walks.get(kwargs.get("walk", "rest" if "page" in kwargs else ""))
        if walk is not None:
            walk.cut_short = True
        refusal = failure.value if isinstance(failure.value, RobotsRefusal) else None
        if refusal is not None and not refusal.unanswered:
            self.blocked = reason
            raise CloseSpider("robots_txt")
        if url in self.entries:
            self.entries[url] = reason
            if refusal is not None:  # robots.txt got no answer: neither will this
                raise CloseSpider("site_unreachable")
            if walk is not None and walk.key in self.listings:
                self.notes.append(f"listing {url} answered {reason}")
            unanswered = isinstance(failure.value, NO_ANSWER_ERRORS)
            if unanswered and not any(e is None for e in self.entries.values()):
                raise CloseSpider("site_unreachable")

    def _article_done(self, url: str) -> None:
        walk, page = self._article_page.pop(url, (None, 0))
        if walk is not None:
            walk.pending.get(page, set()).discard(url)

    def _failure(self, url: str, reason: str, kind: str = "transient") -> FetchFailure:
        failure = FetchFailure(url=url, reason=reason, kind=kind)
        self.failures.append(failure)
        return failure

    def _normalized(self, report: Report, url: str | None) -> Report:
        """The report under the scope's canonical URL: the key listings are checked by."""
        if url is None or url == report.url:
            return report
        self.crawler.stats.inc_value("nkwatch/url_normalized")
        return dataclasses.replace(report, url=url)

    def _before_since(self, oldest: date | None) -> bool:
        return bool(self.since and oldest and oldest < self.since)

    def _progress(
        self, what: str, page: int, last: int | None, items: int, new: int
    ) -> None:
        of = f"/{last}" if last else ""
        PROGRESS.info("%s page %d%s: %d articles, %d new", what, page, of, items, new)

    @property
    def cursors(self) -> dict[str, int]:
        """Backfill: per walk, the first page not fully done (finished walks are left out)."""
        cursors = {key: walk.cursor for key, walk in self.walks.items()}
        return {key: page for key, page in cursors.items() if page is not None}


def _complete(report: Report) -> bool:
    return bool(report.url and report.title and report.body and report.published_at)


def _open_store(db_url: str | None) -> SeenStore:
    if not db_url:
        raise ValueError("NKWATCH_DB is not set: no store to check known URLs against")
    from store import open_store

    return open_store(db_url)
