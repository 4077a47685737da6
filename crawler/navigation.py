"""Pure link extraction from listing pages, the RSS feed and WP REST pages: which articles
a page names, where its next page is, and how old its oldest item is.

No Scrapy here (parsel only), so the spider stays a thin router and these rules can be
tested from saved bytes. Selectors are data, tried in order. The rules are tolerant on
purpose: if the theme's listing modules are not found, any on-site article link in the
main content counts, so a layout change degrades to "more candidate URLs" (each checked
against the store) rather than to silence.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from parsel import Selector

if TYPE_CHECKING:
    from crawler.urls import Scope

logger = logging.getLogger(__name__)

#: Links of the listing's own items: tagDiv classic modules, Cloud Library loops, plain WP.
ITEM_LINK_SELECTORS = (
    ".td_module_wrap .entry-title a::attr(href)",
    ".td-module-title a::attr(href)",
    ".tdb_module_loop .entry-title a::attr(href)",
    "article .entry-title a::attr(href)",
    "article h2 a::attr(href)",
)

#: The page's main column, when the theme marks one; else the whole page is searched.
MAIN_CONTENT_SELECTORS = (
    ".td-ss-main-content",
    ".td-main-content",
    ".tdb_loop",
    "main",
    "#content",
)

#: Parts of a page whose article links are not the listing's items (they still count as
#: candidates, but never decide whether to read the next page).
NOT_ITEMS_SELECTORS = (
    ".td_module_mega_menu",
    ".td-header-wrap",
    ".td-ss-main-sidebar",
    ".td_block_related_posts",
    ".td-footer-wrapper",
    "aside",
    "nav",
    "header",
    "footer",
)

#: Links that cannot be articles by where they sit: a menu's own entries and the footer's
#: plain links (about, staff, donations, copyright pages...), unless they are inside a
#: post module (the mega menus and "popular posts" blocks show articles that way, with the
#: module's classes). Measured on the fixture home page: see README "Links that are not
#: articles".
NOT_ARTICLE_LINKS_XPATH = (
    "//li[contains(concat(' ', normalize-space(@class), ' '), ' menu-item ')]/a"
    " | //*[contains(@class, 'td-footer-wrapper') or contains(@class, 'td-sub-footer')"
    " or self::footer]//a[not(ancestor::*[contains(@class, 'td_module')"
    " or contains(@class, 'td-module') or contains(@class, 'entry-title')])]"
)

#: Where a next-page link may be: any of these hrefs pointing to page N+1 of this listing.
PAGINATION_HREF_SELECTORS = (
    "link[rel=next]::attr(href)",
    "a[href]::attr(href)",
)

ITEM_DATE_SELECTORS = (
    "time.entry-date::attr(datetime)",
    "time[datetime]::attr(datetime)",
)


@dataclass(frozen=True, slots=True)
class Links:
    """What one listing, feed or REST page tells the spider."""

    items: tuple[str, ...]  # the page's own articles, canonical, in page order
    others: tuple[str, ...] = ()  # other on-site article links (menus, sidebars)
    next_page: str | None = None
    last_page: int | None = None
    oldest: date | None = None  # publication date of the oldest item, when shown

    @property
    def all(self) -> tuple[str, ...]:
        return self.items + self.others


def listing_links(html: str | bytes, url: str, scope: Scope) -> Links:
    """Articles named by the listing page at ``url`` (already canonical), and its next page."""
    page = Selector(text=_text(html), type="html")
    next_page, last_page = _pagination(page, url, scope)
    page.xpath(NOT_ARTICLE_LINKS_XPATH).drop()
    every_link = _article_links(page.css("a::attr(href)").getall(), url, scope)
    for css in NOT_ITEMS_SELECTORS:
        page.css(css).drop()
    main = _main_content(page)
    items = _items(main, url, scope)
    others = tuple(link for link in every_link if link not in frozenset(items))
    return Links(items, others, next_page, last_page, _oldest(_item_dates(main)))


def feed_links(xml: bytes, scope: Scope) -> Links:
    """Article links of an RSS 2.0 or Atom feed; an unreadable feed names none."""
    try:
        feed = Selector(body=xml, type="xml")
    except ValueError:
        logger.debug("feed is not XML")
        return Links(())
    feed.remove_namespaces()
    hrefs = feed.xpath(
        "//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href"
    )
    dates = feed.xpath("//item/pubDate/text() | //entry/published/text()").getall()
    items = _article_links([h.strip() for h in hrefs.getall()], None, scope)
    return Links(items, oldest=_oldest(_parse_date(d) for d in dates))


def rest_links(body: bytes, scope: Scope) -> Links:
    """Article links of one ``wp/v2/posts`` page (a JSON list of posts)."""
    try:
        posts = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        logger.debug("REST page is not JSON")
        return Links(())
    if not isinstance(posts, list):
        return Links(())
    posts = [p for p in posts if isinstance(p, dict)]
    links = [p["link"] for p in posts if isinstance(p.get("link"), str)]
    dates = [_parse_date(p.get("date")) for p in posts]
    return Links(_article_links(links, None, scope), oldest=_oldest(dates))


def _items(main: Selector, url: str, scope: Scope) -> tuple[str, ...]:
    for css in ITEM_LINK_SELECTORS:
        links = _article_links(main.css(css).getall(), url, scope)
        if links:
            return links
    # No known module markup: every article link of the main column is an item.
    return _article_links(main.css("a::attr(href)").getall(), url, scope)


def _main_content(page: Selector) -> Selector:
    for css in MAIN_CONTENT_SELECTORS:
        found = page.css(css)
        if found:
            return found[0]
    return page


def _pagination(
    page: Selector, url: str, scope: Scope
) -> tuple[str | None, int | None]:
    first, current = scope.first_page(url), scope.page_number(url)
    numbers: set[int] = set()
    for css in PAGINATION_HREF_SELECTORS:
        for href in page.css(css).getall():
            listing = scope.listing_url(href, url)
            if listing and scope.first_page(listing) == first:
                numbers.add(scope.page_number(listing))
    later = sorted(n for n in numbers if n > current)
    if not later:
        return None, None
    # The next page is current+1; a listing showing only "last page" links still
    # has a next page, so fall back to the smallest later one.
    following = current + 1 if current + 1 in numbers else later[0]
    return scope.listing_page(first, following), later[-1]


def _item_dates(main: Selector) -> list[date | None]:
    for css in ITEM_DATE_SELECTORS:
        values = main.css(css).getall()
        if values:
            return [_parse_date(v) for v in values]
    return []


def _article_links(hrefs: list[str], base: str | None, scope: Scope) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for href in hrefs:
        canonical = scope.article_url(href, base)
        if canonical is not None:
            seen.setdefault(canonical)
    return tuple(seen)


def _parse_date(value: object) -> date | None:
    """The calendar date of an ISO 8601 or RFC 822 timestamp as written (no zone shift)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _oldest(dates: Iterable[date | None]) -> date | None:
    known = [d for d in dates if d is not None]
    return min(known) if known else None


def _text(data: str | bytes) -> str:
    return data if isinstance(data, str) else data.decode("utf-8", errors="replace")
