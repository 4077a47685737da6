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
  403, not JSON) the listings are walked instead. The state's ``cursors`` are the first
  pages not fully done, which the runner persists for resuming.
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
New validators are collected in the crawl state and persisted by the runner only after a
run that finished, and never for a listing whose walk was cut short.

The bookkeeping (walks, entry pages, validators, failures, cursors) and the decisions
that need no response live in ``crawler.crawlstate.CrawlState``, which the runner creates,
passes in as ``state`` and reads when the crawl is over. The spider builds requests and
hands what its callbacks parse to that state.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any, Protocol

import scrapy
from scrapy.exceptions import CloseSpider

from crawler import navigation
from crawler.crawlstate import LISTINGS_READ_KEY, REST, CrawlState, Next, Walk
from crawler.items import Report
from crawler.middlewares import (
    ENTRY_PAGE,
    NO_ANSWER_ERRORS,
    RobotsRefusal,
    crawl_now,
)
from crawler.parsers import parse_article
from crawler.rawpage import RawPage
from crawler.urls import Scope
from crawler.walks import (
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
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from crawler.items import FetchFailure

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


def plan_crawl(
    settings: BaseSettings, store: SeenStore | None, **plan: Any
) -> CrawlState:
    """The state of a new crawl: ``plan`` (mode, since, max_pages, refresh_days, urls,
    start_pages, validators) with the settings, the crawl's clock and the listings'
    schedule kept in ``store``."""
    kept = store.get_state(LISTINGS_READ_KEY) if store is not None else None
    now = crawl_now(settings)
    return CrawlState.from_settings(settings, now=now, listings_read=kept, **plan)


class DailyNKSpider(scrapy.Spider):
    name = "dailynk"

    def __init__(
        self,
        *,
        store: SeenStore | None = None,
        state: CrawlState | None = None,
        allow_offsite: bool = False,
        **kwargs: Any,
    ) -> None:
        # ``state`` comes from the runner; without it (``scrapy crawl dailynk -a
        # mode=backfill``) the plan's arguments are kept until the settings are known.
        plan_names = ("mode", "since", "max_pages", "refresh_days", "urls")
        plan_names += ("start_pages", "validators")
        self._plan = {name: kwargs.pop(name) for name in plan_names if name in kwargs}
        super().__init__(**kwargs)
        if state is not None and self._plan:
            raise TypeError("pass the plan in the state or as arguments, not both")
        self.store = store
        self.state = state
        self.allow_offsite = allow_offsite
        # Where article responses go to be kept with their reports: the store pipeline
        # sets it when NKWATCH_KEEP_RAW is on (crawler.rawpage).
        self.raw_sink: Callable[[RawPage], None] | None = None
        self.owns_store = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DailyNKSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.scope = scope = Scope.from_base_url(settings.get("NKWATCH_BASE_URL"))
        if not spider.allow_offsite:
            spider.allowed_domains = [scope.host.split(":")[0]]
        spider.store_from_feed = settings.getbool("NKWATCH_STORE_FROM_FEED")
        spider.entry_timeout = settings.getfloat("NKWATCH_ENTRY_TIMEOUT", 10)
        mode = spider.state.mode if spider.state else spider._plan.get("mode")
        if spider.store is None and mode != "fetch":
            # Run by `scrapy crawl`: no runner lends a store, so the spider owns one.
            spider.store = _open_store(settings.get("NKWATCH_DB"))
            spider.owns_store = True
        if spider.state is None:
            spider.state = plan_crawl(settings, spider.store, **spider._plan)
        return spider

    def closed(self, reason: str) -> None:
        try:
            if reason == "finished" and self._listings_read_in_full():
                read = self.state.listings_read_value()
                self.store.set_state(LISTINGS_READ_KEY, read)
        finally:
            if self.owns_store and self.store is not None:
                self.store.close()

    def _listings_read_in_full(self) -> bool:
        if self.store is None or self.crawler.settings.get("FIXTURE_REPLAY_DIR"):
            return False  # reading saved pages says nothing about the live site
        return self.state.listings_read_in_full()

    # -- start -------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        state = self.state
        if state.mode == "fetch":
            for url in state.fetch_urls:
                yield self._article_request(url, dont_filter=True)
            return
        # One request first: if the site is not there, the run ends with it.
        if state.mode == "incremental":
            feed = self.scope.url(FEED_PATH)
            state.entry_requested(feed)
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
        if not self.state.follow_up_once():
            return
        if self.state.mode == "incremental" and self.state.listings_due:
            for first in self.state.listing_starts:
                yield self._start_walk(first)
        for url in self._retry_and_refresh_urls():
            yield self._article_request(url, dont_filter=True)

    def _retry_and_refresh_urls(self) -> list[str]:
        if self.store is None:
            return []
        failed = self.store.failed_urls(recheck=self.state.recheck)
        days = self.state.refresh_days
        recent = self.store.recent_urls(days) if days else ()
        return self.state.to_request_again(failed, recent)

    # -- feed --------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[Any]:
        self._entry_answered(response)
        if response.status == NOT_MODIFIED:
            yield from self._follow_up()
            return
        links = navigation.feed_links(response.body, self.scope)
        self.state.links_found += len(links.items)
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
        # without the feed, the listings are all there is
        self.state.listings_due = True
        yield self._start_rest_walk("the feed failed")
        yield from self._follow_up()

    # -- listings ----------------------------------------------------------------

    def parse_listing(self, response: Response, walk: str, page: int) -> Iterator[Any]:
        state = self.state.walks[walk]
        state.pages_read += 1
        self._entry_answered(response)
        if response.status == NOT_MODIFIED:
            state.complete = True
            return
        links = navigation.listing_links(response.text, response.url, self.scope)
        self.state.links_found += len(links.all)
        if not links.items and page == state.start_page:
            self.state.empty_listings.append(response.url)
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
        read_on = all_new if self.state.feed_decides else bool(new_items)
        if not self._read_on(state, page, links, found_new=bool(read_on)):
            return
        if self.state.defers_to_rest():
            # The REST walk sees every category: this listing's next pages would only
            # repeat it. They are read after all if the REST API fails.
            state.deferred = (links.next_page, page + 1)
            return
        yield self._listing_request(walk, links.next_page, page + 1)

    def _read_on(
        self, walk: Walk, page: int, links: navigation.Links, *, found_new: bool
    ) -> bool:
        next_page, oldest = links.next_page, links.oldest
        step = self.state.next_step(
            walk, page, next_page=next_page, oldest=oldest, found_new=found_new
        )
        if step is Next.LIMIT:
            self.crawler.stats.inc_value("nkwatch/listing_cut_short")
            if self.state.mode == "incremental":
                self.logger.warning(
                    "stopped %s at page %d (page limit) while it still had new "
                    "articles: run a backfill to catch up",
                    walk.key,
                    page,
                )
        return step is Next.READ

    # -- REST: the backfill's source; in incremental runs, the feed's continuation --

    def parse_rest(self, response: Response, page: int) -> Iterator[Any]:
        walk = self.state.walks[REST]
        if page == walk.start_page and not is_json_list(response):
            yield from self._rest_refused(f"not a JSON list (HTTP {response.status})")
            return
        walk.pages_read += 1
        self._entry_answered(response)
        yield from self._follow_up()
        links = navigation.rest_links(response.body, self.scope)
        per_page = self.state.per_page
        total = int_header(response, "X-WP-TotalPages")
        more = total > page if total is not None else len(links.items) >= per_page
        next_page = self._rest_url(page + 1) if more and links.items else None
        links = dataclasses.replace(links, next_page=next_page, last_page=total)
        self.state.links_found += len(links.items)
        unknown = self._unknown(links.items)
        self._progress("REST API", page, total, len(links.items), len(unknown))
        # The REST stream is strictly newest first (no sticky posts), so once a page
        # ends in a known article the next pages hold only older, known ones: an
        # incremental run stops there, a page before "a page with nothing new" would.
        found_new = bool(unknown) and not (
            self.state.mode == "incremental" and links.items[-1] not in unknown
        )
        walk.pending.setdefault(page, set())
        if self.store_from_feed and unknown:
            from crawler.parsers.rest import reports_from_rest

            results = reports_from_rest(response.body)
            unknown = yield from self._reports_from(results, unknown)
        yield from self._article_requests(unknown, walk, page)
        if self._read_on(walk, page, links, found_new=found_new):
            yield self._rest_request(page + 1)

    def rest_failed(self, failure: Failure) -> Iterator[Any]:
        walk, page = self.state.walks[REST], failure.request.cb_kwargs["page"]
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
        return self._rest_request(self.state.start_pages.get(REST, 1), first=True)

    def _rest_refused(self, why: str) -> Iterator[scrapy.Request]:
        """No REST API here: backfills walk the listings; incremental runs read on."""
        self.crawler.stats.set_value("nkwatch/rest_refused", why)
        self.logger.info("the REST API is refused (%s)", why)
        rest = self.state.walks[REST]
        self.state.drop_rest_walk(self._rest_url(rest.start_page))
        if self.state.mode == "backfill":
            for first in self.state.listings:
                yield self._start_walk(first)
        yield from self._resume_deferred()
        yield from self._follow_up()

    def _resume_deferred(self) -> Iterator[scrapy.Request]:
        """The REST walk failed or is refused: the listings do its work after all."""
        for walk, url, page in self.state.take_deferred():
            yield self._listing_request(walk, url, page)
        if self.state.take_listings_due():
            for first in self.state.listing_starts:
                yield self._start_walk(first)

    # -- articles ----------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Any]:
        self.state.article_done(response.request.url)
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
        report = self._keyed(result, response.url)
        if self._too_old(report):
            return
        if self.state.mode == "fetch":
            self.state.reports.append(report)
        if self.raw_sink is not None:  # the evidence first: saved with the report
            self.raw_sink(RawPage.of(response, report.url, report.content_hash))
        yield report

    def article_failed(self, failure: Failure) -> Iterator[FetchFailure]:
        self.state.article_done(failure.request.url)
        yield self._failure(
            failure.request.url, describe_failure(failure), failure_kind(failure)
        )

    def _too_old(self, report: Report) -> bool:
        if not self.state.too_old(report.published_at.date()):
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
                report = self._keyed(result)
                if report.url in wanted and report.url not in stored:
                    stored.add(report.url)
                    if self._too_old(report):
                        continue
                    self.state.requested.add(report.url)
                    yield report
        self.crawler.stats.inc_value("nkwatch/stored_from_feed", len(stored))
        return [u for u in unknown if u not in stored]

    def _keyed(self, report: Report, page_url: str | None = None) -> Report:
        """The report under this run's canonical URL: the key listings are checked by.

        The parser canonicalizes under the page's own site (Daily NK under
        https://www.dailynk.com/), which is this run's key only for the default
        ``--base-url``: with ``http://…`` or another host name for the site, a report
        keyed the parser's way would never match the listings' links (canonicalized by
        the run's scope), and a known article would look new on every run. A canonical
        link outside the scope (another edition) gives way to the page's own URL.
        """
        url = self.scope.article_url(report.url)
        if url is None and page_url is not None:
            url = self.scope.article_url(page_url)
        if url is None or url == report.url:
            return report
        self.crawler.stats.inc_value("nkwatch/url_normalized")
        return dataclasses.replace(report, url=url)

    # -- requests ----------------------------------------------------------------

    def _start_walk(self, first: str) -> scrapy.Request:
        start = self.state.listing_start_page(first)
        self.state.start_walk(first, start)
        url = self.scope.listing_page(first, start)
        self.state.entry_requested(url)
        return self._listing_request(first, url, start, entry=True)

    def _listing_request(
        self, walk: str, url: str, page: int, *, entry: bool = False
    ) -> scrapy.Request:
        conditional = self.state.mode == "incremental" and page == 1
        cb_kwargs = {"walk": walk, "page": page}
        return self._page_request(
            url, self.parse_listing, cb_kwargs, conditional=conditional, entry=entry
        )

    def _rest_url(self, page: int) -> str:
        per_page = self.state.per_page
        return self.scope.url(REST_PATH.format(per_page=per_page, page=page))

    def _rest_request(self, page: int, *, first: bool = False) -> scrapy.Request:
        url = self._rest_url(page)
        if first:
            self.state.start_walk(REST, page)
            # in incremental runs the feed is the entry page
            if self.state.mode == "backfill":
                self.state.entry_requested(url)
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
        validators = self.state.old_validators.get(url, {})
        return scrapy.Request(
            url,
            callback=callback,
            errback=errback or self._page_failed,
            cb_kwargs=cb_kwargs,
            headers=conditional_headers(validators) if conditional else None,
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
            if self.state.wants(url):
                yield self._article_request(url, walk, page)

    def _article_request(
        self,
        url: str,
        walk: Walk | None = None,
        page: int = 0,
        *,
        dont_filter: bool = False,
    ) -> scrapy.Request:
        self.state.article_requested(url, walk, page)
        self.crawler.stats.inc_value("nkwatch/articles_requested")
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            priority=ARTICLE_PRIORITY,
            dont_filter=dont_filter,
        )

    # -- what the answers mean for the state ---------------------------------------

    def _unknown(self, urls: Iterable[str]) -> list[str]:
        """The URLs the store lacks, in order: one query for the whole page."""
        urls = list(dict.fromkeys(urls))
        known = (
            self.store.known_urls(urls) if self.store is not None and urls else set()
        )
        self.crawler.stats.inc_value("nkwatch/known_skipped", len(known))
        if self.store is not None and not self.state.recheck and len(known) < len(urls):
            # A settled verdict (not an article, 404, given up) counts as known: it is
            # neither requested nor a reason to read on.
            settled = self.store.settled_urls([u for u in urls if u not in known])
            self.crawler.stats.inc_value("nkwatch/settled_skipped", len(settled))
            known |= settled
        return [u for u in urls if u not in known]

    def _entry_answered(self, response: Response) -> None:
        not_modified = response.status == NOT_MODIFIED
        validators = {} if not_modified else validators_of(response)
        url = response.request.url
        entry = self.state.entry_answered(url, validators, not_modified=not_modified)
        if entry and not_modified:
            self.crawler.stats.inc_value("nkwatch/not_modified")

    def _page_failed(self, failure: Failure) -> None:
        url, reason = failure.request.url, describe_failure(failure)
        self.crawler.stats.inc_value("nkwatch/page_failed")
        self.logger.warning("cannot read %s: %s", url, reason)
        kwargs = failure.request.cb_kwargs
        key = kwargs.get("walk", REST if "page" in kwargs else "")
        walk = self.state.walks.get(key)
        if walk is not None:
            walk.cut_short = True
        refusal = failure.value if isinstance(failure.value, RobotsRefusal) else None
        if refusal is not None and not refusal.unanswered:
            self.state.blocked = reason
            raise CloseSpider("robots_txt")
        if self.state.entry_failed(url, reason, walk):
            if refusal is not None:  # robots.txt got no answer: neither will this
                raise CloseSpider("site_unreachable")
            unanswered = isinstance(failure.value, NO_ANSWER_ERRORS)
            if unanswered and not self.state.any_entry_answered():
                raise CloseSpider("site_unreachable")

    def _failure(self, url: str, reason: str, kind: str = "transient") -> FetchFailure:
        return self.state.failed(url, reason, kind)

    def _progress(
        self, what: str, page: int, last: int | None, items: int, new: int
    ) -> None:
        of = f"/{last}" if last else ""
        PROGRESS.info("%s page %d%s: %d articles, %d new", what, page, of, items, new)


def _complete(report: Report) -> bool:
    return bool(report.url and report.title and report.body and report.published_at)


def _open_store(db_url: str | None) -> SeenStore:
    if not db_url:
        raise ValueError("NKWATCH_DB is not set: no store to check known URLs against")
    from store import open_store

    return open_store(db_url)
