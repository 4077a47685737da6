"""Link extraction from listings, the feed and REST pages (crawler.navigation)."""

from __future__ import annotations

import json
from datetime import date

from crawler.navigation import feed_links, listing_links, rest_links
from crawler.urls import Scope

SITE = Scope.from_base_url("https://www.dailynk.com/english/")
BASE = "https://www.dailynk.com/english/"
NEWS = BASE + "category/news/"


def module(slug: str, when: str = "2024-05-02T10:00:00+00:00") -> str:
    """A tagDiv td_module_10 row as on category pages (shared/dailynk-site.md §3.1)."""
    url = f"{BASE}{slug}/"
    return (
        '<div class="td_module_10 td_module_wrap td-animation-stack">'
        f'<div class="td-module-thumb"><a href="{url}" rel="bookmark"><img src="x.jpg" alt=""/></a></div>'
        f'<div class="item-details"><h3 class="entry-title td-module-title"><a href="{url}">T {slug}</a></h3>'
        f'<div class="td-module-meta-info"><span class="td-post-date"><time class="entry-date updated '
        f'td-module-date" datetime="{when}">May</time></span></div>'
        f'<div class="td-module-comments"><a href="{url}#respond">0</a></div>'
        '<div class="td-excerpt">…</div></div></div>'
    )


def category_page(items: str, *, pagination: str = "", sidebar: str = "") -> str:
    mega = (
        '<div class="td-header-wrap"><div class="td_module_mega_menu">'
        f'<h3 class="entry-title td-module-title"><a href="{BASE}menu-article/">M</a></h3></div>'
        f'<a href="{BASE}faq/">FAQ</a><a href="https://www.dailynk.com/20210609-3/">KR</a></div>'
    )
    return (
        f"<html><head></head><body>{mega}"
        '<div class="td-main-content-wrap"><div class="td-container">'
        f'<div class="td-pb-span8 td-main-content"><div class="td-ss-main-content">{items}'
        f"{pagination}</div></div>"
        f'<div class="td-pb-span4 td-main-sidebar"><div class="td-ss-main-sidebar">{sidebar}</div></div>'
        "</div></div></body></html>"
    )


def page_nav(current: int, last: int, listing: str = NEWS) -> str:
    links = "".join(
        f'<a href="{listing}page/{n}/" class="page">{n}</a>'
        for n in range(1, last + 1)
        if n != current
    )
    nxt = (
        f'<a href="{listing}page/{current + 1}/"><i class="td-icon-menu-right"></i></a>'
        if current < last
        else ""
    )
    return f'<div class="page-nav td-pb-padding-side"><span class="current">{current}</span>{links}{nxt}<span class="pages">Page {current} of {last}</span></div>'


def test_listing_items_in_page_order_and_others_apart() -> None:
    html = category_page(
        module("first-story") + module("second-story"),
        pagination=page_nav(1, 5),
        sidebar=module("popular-story"),
    )
    links = listing_links(html, NEWS, SITE)
    assert links.items == (BASE + "first-story/", BASE + "second-story/")
    # menus and sidebars name articles too: candidates, never the listing's own items
    assert set(links.others) == {BASE + "menu-article/", BASE + "popular-story/"}
    assert links.next_page == NEWS + "page/2/"
    assert links.last_page == 5


def test_middle_and_last_pages() -> None:
    middle = listing_links(
        category_page(module("a-story"), pagination=page_nav(3, 5)),
        NEWS + "page/3/",
        SITE,
    )
    assert middle.next_page == NEWS + "page/4/"
    last = listing_links(
        category_page(module("a-story"), pagination=page_nav(5, 5)),
        NEWS + "page/5/",
        SITE,
    )
    assert last.next_page is None


def test_pagination_of_another_listing_is_not_followed() -> None:
    tag = BASE + "tag/bribery/"
    html = category_page(module("a-story"), sidebar=f'<a href="{tag}page/2/">2</a>')
    assert listing_links(html, NEWS, SITE).next_page is None


def test_rel_next_in_head_is_enough() -> None:
    html = category_page(module("a-story")).replace(
        "<head></head>", f'<head><link rel="next" href="{NEWS}page/2/"/></head>'
    )
    assert listing_links(html, NEWS, SITE).next_page == NEWS + "page/2/"


def test_unknown_layout_falls_back_to_any_article_link_in_the_main_column() -> None:
    html = (
        '<html><body><nav><a href="/english/faq/">FAQ</a><a href="/english/menu-story/">m</a></nav>'
        '<main><ul><li><a href="/english/plain-story/">Plain</a></li>'
        '<li><a href="/english/category/news/">News</a></li></ul></main></body></html>'
    )
    links = listing_links(html, NEWS, SITE)
    assert links.items == (BASE + "plain-story/",)
    assert links.others == (BASE + "menu-story/",)


def test_page_without_articles_names_none() -> None:
    links = listing_links("<html><body><p>Maintenance</p></body></html>", NEWS, SITE)
    assert links.items == ()
    assert links.others == ()
    assert links.next_page is None


def test_oldest_item_date_is_the_calendar_date_as_written() -> None:
    html = category_page(
        module("new-story", "2024-05-02T23:30:00+00:00")
        + module("old-story", "2023-12-31T08:00:00+00:00")
    )
    assert listing_links(html, NEWS, SITE).oldest == date(2023, 12, 31)


FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Daily NK</title><link>https://www.dailynk.com/english/</link>
<item><title>One</title><link>https://www.dailynk.com/english/one-story/</link>
<dc:creator><![CDATA[Kang Mi Jin]]></dc:creator><pubDate>Thu, 02 May 2024 10:00:00 +0000</pubDate>
<guid isPermaLink="false">https://www.dailynk.com/english/?p=301234</guid>
<content:encoded><![CDATA[<p>Body <a href="https://www.dailynk.com/english/linked-story/">x</a></p>]]></content:encoded></item>
<item><title>Two</title><link>
  http://www.dailynk.com/english/two-story/
</link><pubDate>Wed, 01 May 2024 09:00:00 +0000</pubDate></item>
<item><title>Off</title><link>https://elsewhere.example/x/</link></item>
</channel></rss>"""


def test_feed_item_links_only() -> None:
    links = feed_links(FEED, SITE)
    # links inside content:encoded are not items; off-site items are dropped
    assert links.items == (BASE + "one-story/", BASE + "two-story/")
    assert links.oldest == date(2024, 5, 1)


def test_atom_feed() -> None:
    atom = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b'<link rel="alternate" href="https://www.dailynk.com/english/atom-story/"/>'
        b'<link rel="replies" href="https://www.dailynk.com/english/atom-story/feed/"/>'
        b"<published>2024-05-02T10:00:00Z</published></entry></feed>"
    )
    assert feed_links(atom, SITE).items == (BASE + "atom-story/",)


def test_broken_feed_names_nothing() -> None:
    assert (
        feed_links(b"<html><body>Error establishing a database connection", SITE).items
        == ()
    )
    assert feed_links(b"", SITE).items == ()


def test_rest_page() -> None:
    posts = [
        {"id": 3, "date": "2024-05-02T10:00:00", "link": BASE + "rest-three/"},
        {"id": 2, "date": "2024-04-30T10:00:00", "link": BASE + "rest-two/"},
        {"id": 1, "link": 5},
        "junk",
    ]
    links = rest_links(json.dumps(posts).encode(), SITE)
    assert links.items == (BASE + "rest-three/", BASE + "rest-two/")
    assert links.oldest == date(2024, 4, 30)


def test_rest_error_bodies_name_nothing() -> None:
    assert (
        rest_links(b'{"code":"rest_no_route","data":{"status":404}}', SITE).items == ()
    )
    assert rest_links(b"<html>Forbidden</html>", SITE).items == ()
    assert rest_links(b"\xff\xfe", SITE).items == ()
