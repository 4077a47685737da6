"""The spider's routing, from hand-made responses: no reactor, no network (a fake store)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler import settings as project_settings
from crawler.items import Report
from crawler.parsers import NotAnArticle
from crawler.pipelines import FetchFailure
from crawler.spiders import dailynk
from crawler.spiders.dailynk import DailyNKSpider

BASE = "https://www.dailynk.com/english/"
NEWS = BASE + "category/news/"
FEED = BASE + "feed/"


class FakeStore:
    """known_urls/failed_urls/recent_urls over sets; counts the queries."""

    def __init__(
        self,
        known: set[str] = frozenset(),
        failed: list[str] = (),
        recent: list[str] = (),
        settled: set[str] = frozenset(),
    ) -> None:
        self.known, self.failed, self.recent = set(known), list(failed), list(recent)
        self.settled = set(settled)
        self.queries: list[list[str]] = []
        self.state: dict[str, Any] = {}

    def known_urls(self, urls: list[str]) -> set[str]:
        self.queries.append(list(urls))
        return self.known & set(urls)

    def settled_urls(self, urls: list[str]) -> set[str]:
        return self.settled & set(urls)

    def failed_urls(self, *, recheck: bool = False) -> list[str]:
        return self.failed + sorted(self.settled) if recheck else self.failed

    def get_state(self, key: str) -> Any:
        return self.state.get(key)

    def set_state(self, key: str, value: Any) -> None:
        self.state[key] = value

    def recent_urls(self, days: int) -> list[str]:
        return self.recent


def make_spider(
    store: FakeStore | None = None,
    settings: dict[str, Any] | None = None,
    **kwargs: Any,
) -> DailyNKSpider:
    project = {
        name: getattr(project_settings, name)
        for name in dir(project_settings)
        if name.isupper()
    }
    project |= {"NKWATCH_BASE_URL": BASE, **(settings or {})}
    crawler = get_crawler(DailyNKSpider, project)
    spider = DailyNKSpider.from_crawler(crawler, store=store or FakeStore(), **kwargs)
    crawler.spider = spider
    return spider


def start_requests(spider: DailyNKSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def listing_html(
    slugs: list[str], *, page: int = 1, last: int = 9, listing: str = NEWS
) -> str:
    items = "".join(
        f'<div class="td_module_10 td_module_wrap"><h3 class="entry-title td-module-title">'
        f'<a href="{BASE}{slug}/">{slug}</a></h3></div>'
        for slug in slugs
    )
    nav = "".join(
        f'<a href="{listing}page/{n}/">{n}</a>' for n in range(1, last + 1) if n != page
    )
    return (
        f'<html><body><div class="td-ss-main-content">{items}<div class="page-nav">{nav}</div></div>'
        '<div class="td-ss-main-sidebar"><div class="td_module_6 td_module_wrap">'
        f'<h3 class="entry-title td-module-title"><a href="{BASE}sidebar-story/">s</a></h3></div></div>'
        "</body></html>"
    )


def respond(
    request: Request,
    body: str | bytes = b"",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    cls = HtmlResponse if isinstance(body, str) else TextResponse
    data = body.encode() if isinstance(body, str) else body
    return cls(
        url=request.url,
        body=data,
        status=status,
        headers=headers,
        request=request,
        encoding="utf-8",
    )


def run_callback(request: Request, response: Response) -> list[Any]:
    return list(request.callback(response, **request.cb_kwargs) or ())


def requests_in(output: list[Any]) -> list[str]:
    return [item.url for item in output if isinstance(item, Request)]


def feed_xml(*slugs: str) -> bytes:
    items = "".join(f"<item><link>{BASE}{slug}/</link></item>" for slug in slugs)
    return f"<rss><channel>{items}</channel></rss>".encode()


def after_feed(
    spider: DailyNKSpider, body: bytes | None = None, **answer: Any
) -> list[Any]:
    """Start the spider and answer its feed request; return what the spider asks next.

    The default feed holds one article the store knows: nothing beyond it is new.
    """
    [feed] = start_requests(spider)
    assert feed.url == FEED
    known = next(iter(spider.store.known), "known-one") if spider.store.known else None
    if body is None:
        body = feed_xml(known.rsplit("/", 2)[-2]) if known else b"<rss><channel/></rss>"
    return run_callback(feed, respond(feed, body, **answer))


def listing_request(spider: DailyNKSpider, url: str = NEWS) -> Request:
    return next(
        r for r in after_feed(spider) if isinstance(r, Request) and r.url == url
    )


# -- incremental ---------------------------------------------------------------------


def test_incremental_run_reads_the_feed_first_then_listings_and_past_failures() -> None:
    store = FakeStore(known={BASE + "old-one/"}, failed=[BASE + "failed-before/"])
    spider = make_spider(store)
    assert [r.url for r in start_requests(spider)] == [FEED]
    assert requests_in(after_feed(make_spider(store))) == [
        BASE,
        NEWS,
        BASE + "failed-before/",
    ]


def test_a_feed_of_new_articles_only_reads_on_in_the_rest_api() -> None:
    spider = make_spider(FakeStore(known={BASE + "old-one/"}))
    output = after_feed(spider, feed_xml("new-one", "new-two"))
    urls = requests_in(output)
    assert urls[0] == rest_page(1)
    assert urls[1:] == [BASE, NEWS, BASE + "new-one/", BASE + "new-two/"]
    # the listings leave their next pages to the REST walk
    news = next(r for r in output if isinstance(r, Request) and r.url == NEWS)
    output = run_callback(news, respond(news, listing_html(["new-three"])))
    assert requests_in(output) == [BASE + "new-three/", BASE + "sidebar-story/"]
    assert spider.state.walks[NEWS].deferred == (NEWS + "page/2/", 2)


def test_listings_read_on_when_the_rest_api_is_refused() -> None:
    spider = make_spider(FakeStore(known={BASE + "old-one/"}))
    output = after_feed(spider, feed_xml("new-one"))
    news = next(r for r in output if isinstance(r, Request) and r.url == NEWS)
    run_callback(news, respond(news, listing_html(["new-three"])))
    rest = next(r for r in output if isinstance(r, Request) and r.url == rest_page(1))
    error = Failure(HttpError(respond(rest, b"{}", status=404)))
    error.request = rest
    assert requests_in(list(rest.errback(error))) == [NEWS + "page/2/"]


def test_unreachable_site_ends_the_run_at_the_feed() -> None:
    from scrapy.exceptions import CannotResolveHostError, CloseSpider

    spider = make_spider(FakeStore(failed=[BASE + "failed-before/"]))
    [feed] = start_requests(spider)
    error = Failure(CannotResolveHostError("DNS lookup failed: www.dailynk.com"))
    error.request = feed
    with pytest.raises(CloseSpider):
        list(feed.errback(error))
    assert spider.state.entries[FEED] == "DNS lookup failed: www.dailynk.com"


def test_only_unknown_articles_are_requested_with_one_store_query_per_page() -> None:
    store = FakeStore(known={BASE + "old-one/", BASE + "sidebar-story/"})
    spider = make_spider(store)
    request = listing_request(spider)
    store.queries.clear()
    output = run_callback(
        request, respond(request, listing_html(["new-one", "old-one"]))
    )
    assert len(store.queries) == 1
    # the page holds a known article: older pages hold only known ones, so no page 2
    assert requests_in(output) == [BASE + "new-one/"]


def test_a_page_without_unknown_items_ends_the_listing() -> None:
    store = FakeStore(known={BASE + "old-one/", BASE + "old-two/"})
    spider = make_spider(store)
    request = listing_request(spider)
    output = run_callback(
        request, respond(request, listing_html(["old-one", "old-two"]))
    )
    # the sidebar's unknown article is still fetched, but does not keep the walk going
    assert requests_in(output) == [BASE + "sidebar-story/"]
    assert spider.state.walks[NEWS].complete


def test_next_page_is_read_while_every_item_is_new_and_stops_after_a_known_one() -> (
    None
):
    store = FakeStore(known={BASE + "old-one/"})
    spider = make_spider(store)
    first = listing_request(spider)
    output = run_callback(first, respond(first, listing_html(["new-one", "new-two"])))
    second = next(
        r for r in output if isinstance(r, Request) and r.url == NEWS + "page/2/"
    )
    output = run_callback(
        second, respond(second, listing_html(["new-three", "old-one"], page=2))
    )
    assert requests_in(output) == [BASE + "new-three/"]  # no page 3


def test_before_the_feed_decided_a_listing_read_on_while_a_page_held_new_items() -> (
    None
):
    store = FakeStore(known={BASE + "old-one/"})
    store.known.add(BASE + "sidebar-story/")
    spider = make_spider(store, settings={"NKWATCH_FEED_DECIDES": False})
    request = listing_request(spider)
    output = run_callback(
        request, respond(request, listing_html(["new-one", "old-one"]))
    )
    assert requests_in(output) == [BASE + "new-one/", NEWS + "page/2/"]


def test_an_article_found_twice_is_requested_once() -> None:
    spider = make_spider(FakeStore())
    listings = {r.url: r for r in after_feed(spider)}
    request, home = listings[NEWS], listings[BASE]
    output = run_callback(
        request, respond(request, listing_html(["same-one", "same-one"]))
    )
    again = run_callback(home, respond(home, listing_html(["same-one"], listing=BASE)))
    assert requests_in(output).count(BASE + "same-one/") == 1
    assert BASE + "same-one/" not in requests_in(again)


def test_page_limit_cuts_the_walk_short() -> None:
    spider = make_spider(FakeStore(), max_pages=1)
    request = listing_request(spider)
    output = run_callback(request, respond(request, listing_html(["new-one"])))
    assert NEWS + "page/2/" not in requests_in(output)
    assert spider.state.walks[NEWS].cut_short


def test_feed_links_are_checked_and_requested() -> None:
    spider = make_spider(FakeStore(known={BASE + "feed-old/"}))
    output = after_feed(
        spider, feed_xml("feed-new", "feed-old"), headers={"ETag": '"v2"'}
    )
    assert requests_in(output) == [BASE, NEWS, BASE + "feed-new/"]
    assert spider.state.validators[FEED] == {"etag": '"v2"'}


def test_not_modified_feed_and_listing_request_nothing() -> None:
    validators = {
        FEED: {"etag": '"v1"'},
        NEWS: {"last_modified": "Thu, 02 May 2024 10:00:00 GMT"},
    }
    spider = make_spider(FakeStore(), validators=validators)
    [feed] = start_requests(spider)
    assert feed.headers[b"If-None-Match"] == b'"v1"'
    requests = {r.url: r for r in run_callback(feed, respond(feed, b"", status=304))}
    assert list(requests) == [BASE, NEWS]  # the listings are still read
    news = requests[NEWS]
    assert news.headers[b"If-Modified-Since"] == b"Thu, 02 May 2024 10:00:00 GMT"
    assert b"If-None-Match" not in requests[BASE].headers
    assert run_callback(news, respond(news, b"", status=304)) == []
    assert spider.state.entries[FEED] is None
    assert spider.state.entries[NEWS] is None
    assert spider.state.walks[NEWS].complete


def test_listing_without_articles_is_reported_as_a_possible_layout_change() -> None:
    spider = make_spider(FakeStore())
    request = listing_request(spider)
    run_callback(
        request, respond(request, "<html><body>Under maintenance</body></html>")
    )
    assert spider.state.empty_listings == [NEWS]
    assert spider.state.links_found == 0


# -- articles ------------------------------------------------------------------------


def a_report(url: str) -> Report:
    return Report(
        url=url,
        title="Title",
        body=("Body.",),
        published_at=datetime(2024, 5, 2, tzinfo=UTC),
    )


def test_article_report_is_keyed_by_the_canonical_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        dailynk,
        "parse_article",
        lambda html, url: a_report("http://dailynk.com/english/a-story"),
    )
    spider = make_spider(FakeStore(), mode="fetch", urls=[BASE + "a-story/"])
    request = start_requests(spider)[0]
    [report] = run_callback(request, respond(request, "<html></html>"))
    assert report.url == BASE + "a-story/"
    assert spider.state.reports == [report]


def test_not_an_article_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        dailynk, "parse_article", lambda html, url: NotAnArticle("listing page")
    )
    spider = make_spider(FakeStore(), mode="fetch", urls=[BASE + "a-story/"])
    request = start_requests(spider)[0]
    assert run_callback(request, respond(request, "<html></html>")) == [
        FetchFailure(BASE + "a-story/", "not an article: listing page", "permanent")
    ]


def test_redirect_off_the_site_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        dailynk, "parse_article", lambda html, url: pytest.fail("parsed")
    )
    spider = make_spider(FakeStore(), mode="fetch", urls=[BASE + "a-story/"])
    request = start_requests(spider)[0]
    response = HtmlResponse(
        url="https://elsewhere.example/x/", body=b"<html></html>", request=request
    )
    [failure] = run_callback(request, response)
    assert failure.reason.startswith("redirected off the site")


def test_http_error_on_an_article_is_a_failure() -> None:
    spider = make_spider(FakeStore(failed=[BASE + "broken/"]))
    request = next(r for r in after_feed(spider) if r.url == BASE + "broken/")
    error = Failure(HttpError(respond(request, b"oops", status=500)))
    error.request = request
    assert list(request.errback(error)) == [FetchFailure(BASE + "broken/", "HTTP 500")]


def test_refresh_requests_recent_articles_again() -> None:
    store = FakeStore(known={BASE + "recent/"}, recent=[BASE + "recent/"])
    assert BASE + "recent/" in requests_in(
        after_feed(make_spider(store, refresh_days=3))
    )


# -- backfill ------------------------------------------------------------------------


def rest_body(slugs: list[str], day: str = "2024-05-02") -> bytes:
    return json.dumps(
        [
            {"id": i, "date": f"{day}T10:00:00", "link": f"{BASE}{s}/"}
            for i, s in enumerate(slugs)
        ]
    ).encode()


def rest_page(page: int) -> str:
    return f"{BASE}wp-json/wp/v2/posts?per_page=100&page={page}"


def test_backfill_walks_rest_pages_to_the_last() -> None:
    spider = make_spider(FakeStore(known={BASE + "known/"}), mode="backfill")
    [first] = start_requests(spider)
    assert first.url == rest_page(1)
    output = run_callback(
        first,
        respond(first, rest_body(["a-one", "known"]), headers={"X-WP-TotalPages": "2"}),
    )
    assert requests_in(output) == [BASE + "a-one/", rest_page(2)]
    second = output[-1]
    assert requests_in(
        run_callback(
            second,
            respond(second, rest_body(["b-one"]), headers={"X-WP-TotalPages": "2"}),
        )
    ) == [BASE + "b-one/"]
    assert spider.state.walks["rest"].complete


def test_backfill_stops_at_since() -> None:
    spider = make_spider(FakeStore(), mode="backfill", since="2024-05-01")
    [first] = start_requests(spider)
    output = run_callback(
        first,
        respond(
            first,
            rest_body(["a-one"], day="2024-04-30"),
            headers={"X-WP-TotalPages": "9"},
        ),
    )
    assert requests_in(output) == [BASE + "a-one/"]
    assert spider.state.walks["rest"].complete


def test_backfill_falls_back_to_listings_when_rest_is_refused() -> None:
    spider = make_spider(FakeStore(), mode="backfill", start_pages={NEWS: 4})
    [first] = start_requests(spider)
    error = Failure(HttpError(respond(first, b"{}", status=404)))
    error.request = first
    assert requests_in(list(first.errback(error))) == [NEWS + "page/4/"]
    assert "rest" not in spider.state.walks


def test_backfill_cursor_is_the_first_page_with_unfinished_articles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dailynk, "parse_article", lambda html, url: a_report(url))
    spider = make_spider(FakeStore(), mode="backfill", start_pages={"rest": 3})
    [first] = start_requests(spider)
    assert first.url == rest_page(3)
    output = run_callback(
        first,
        respond(first, rest_body(["a-one", "a-two"]), headers={"X-WP-TotalPages": "9"}),
    )
    assert spider.state.cursors == {"rest": 3}  # page 3's articles are not done yet
    for request in output[:2]:
        run_callback(request, respond(request, "<html></html>"))
    assert spider.state.cursors == {"rest": 4}  # page 3 done, page 4 not read yet


def test_incremental_rest_walk_stops_at_a_page_ending_in_a_known_article() -> None:
    spider = make_spider(FakeStore(known={BASE + "old-one/"}))
    output = after_feed(spider, feed_xml("new-one"))
    rest = next(r for r in output if isinstance(r, Request) and r.url == rest_page(1))
    body = rest_body(["new-one", "new-two", "old-one"])
    answer = respond(rest, body, headers={"X-WP-TotalPages": "40"})
    assert requests_in(run_callback(rest, answer)) == [BASE + "new-two/"]
    assert spider.state.walks["rest"].complete


def test_a_capped_first_run_says_a_backfill_fetches_the_rest() -> None:
    spider = make_spider(
        FakeStore(), settings={"NKWATCH_INCREMENTAL_MAX_REST_PAGES": 1}
    )
    output = after_feed(spider, feed_xml("new-one"))
    rest = next(r for r in output if isinstance(r, Request) and r.url == rest_page(1))
    answer = respond(
        rest, rest_body(["new-one", "new-two"]), headers={"X-WP-TotalPages": "40"}
    )
    assert requests_in(run_callback(rest, answer)) == [BASE + "new-two/"]
    assert spider.state.walks["rest"].cut_short
    assert spider.state.notes == [
        "first run capped at 100 articles: run `nkwatch crawl --backfill` for the rest"
    ]


def test_a_settled_url_is_neither_requested_nor_a_reason_to_read_on() -> None:
    store = FakeStore(known={BASE + "old-one/"}, settled={BASE + "staff/"})
    spider = make_spider(store)
    request = listing_request(spider)
    output = run_callback(request, respond(request, listing_html(["staff", "new-one"])))
    # staff/ counts as known: not requested, and the page holds a "known" item: no page 2
    assert requests_in(output) == [BASE + "new-one/", BASE + "sidebar-story/"]


def test_a_feed_whose_items_are_all_known_ends_the_run_when_listings_are_not_due() -> (
    None
):
    store = FakeStore(known={BASE + "old-one/"})
    spider = make_spider(store)
    kept = {"base_url": BASE, "at": spider.state.now.isoformat()}
    store.state["crawler.listings_read_at"] = kept
    spider = make_spider(store)
    assert not spider.state.listings_due
    assert requests_in(after_feed(spider, feed_xml("old-one"))) == []
    assert requests_in(
        after_feed(make_spider(store), feed_xml("old-one", "new-one"))
    ) == [BASE + "new-one/"]


def test_the_listings_stand_in_when_the_rest_continuation_fails() -> None:
    store = FakeStore()
    spider = make_spider(store)
    spider.state.listings_due = False  # read less than --listings-every ago
    output = after_feed(spider, feed_xml("new-one"))
    rest = next(r for r in output if isinstance(r, Request) and r.url == rest_page(1))
    assert NEWS not in requests_in(output)
    refused = run_callback(rest, respond(rest, b"<html>no API</html>", status=200))
    assert {BASE, NEWS} <= set(requests_in(refused))
