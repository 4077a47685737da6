"""The English home page as the real one is built: a Visual Composer page, not a post list.

Real-pages §4 (the 2020 home page): a featured ``td_block_big_grid_9``, then ``td_block_2``,
``td_block_4``, ``td_block_text_with_title`` and ``td_block_exchange`` blocks whose modules are
``td_module_1/2/6/mx5/mx11/17/18/19``; the mega menus add more article links; the menus and
footer (chrome.py) link WordPress static pages that are not articles. Article links are
``h3.entry-title.td-module-title > a[rel=bookmark]`` and ``.td-module-thumb a``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from crawler.fixturesite import chrome, modules
from crawler.fixturesite.entry import Entry, category_url
from crawler.fixturesite.markup import esc
from crawler.fixturesite.spec import HOME
from crawler.fixturesite.static_pages import BY_SLUG as STATIC

_FALLBACK_DATE = datetime(2019, 11, 21, 9, 0)  # top-bar date of a site with no articles
HOME_PAGE_ID = 1171
#: Feeds the real home page's <head> announces (the KBoard one and /news/feed/ besides the two).
HOME_FEEDS = (
    ("Daily NK &raquo; KBoard Integrated feed", f"{HOME}wp-content/plugins/kboard/rss.php"),
    ("Daily NK &raquo; News Comments Feed", f"{HOME}news/feed/"),
)


def home_html(recent: Sequence[Entry]) -> str:
    page = chrome.Page(
        title="Daily NK English - Daily NK",
        canonical=HOME,
        date=recent[0].published if recent else _FALLBACK_DATE,
        body_class=(
            f"home page-template page-template-page-pagebuilder-latest page page-id-{HOME_PAGE_ID} "
            "global-block-template-1 wpb-js-composer js-comp-ver-5.2 vc_responsive td-full-layout"
        ),
        exact_body_class=True,
        recent=recent,
        extra_feeds="".join(
            f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{url}" />\n'
            for title, url in HOME_FEEDS
        ),
    )
    items = list(recent)
    grid, rest = items[:5], items[5:]
    page.above_row = _row(_big_grid(page, grid)) if grid else ""
    latest, rest = rest[:5], rest[5:]
    analysis = [e for e in rest if "Analysis & Opinion" in e.categories or "Opinion" in e.categories][:4]
    news = [e for e in rest if e not in analysis][:6]
    more = [e for e in rest if e not in analysis and e not in news][:3]
    blocks = [
        _td_block_2(page, "Latest News", latest, category_url("News")),
        _td_block_4(page, "News", news, category_url("News")),
        _td_block_4(page, "Analysis & Opinion", analysis, category_url("Analysis & Opinion")),
        _mixed_block(page, more),
        _text_with_title(),
        _exchange(),
    ]
    main = (
        '<div class="td-pb-span8 td-main-content" role="main">\n<div class="td-ss-main-content">\n'
        '<div class="vc_row wpb_row td-pb-row"><div class="wpb_column vc_column_container td-pb-span12">'
        '<div class="wpb_wrapper">\n' + "\n".join(b for b in blocks if b) + "\n</div></div></div>\n</div>\n</div>"
    )
    return chrome.document(page, main)


def _row(inner: str) -> str:
    return (
        '<div class="vc_row wpb_row td-pb-row"><div class="wpb_column vc_column_container td-pb-span12">'
        f'<div class="wpb_wrapper">{inner}</div></div></div>\n'
    )


def _wrap(page: chrome.Page, block: str, title: str | None, inner: str, count: int, found: int, url: str | None = None) -> str:
    uid = page.block(block, count, found, per_page=max(count, 1))
    heading = ""
    if title:
        label = f'<a href="{url}" class="td-pulldown-size">{esc(title)}</a>' if url else f'<span class="td-pulldown-size">{esc(title)}</span>'
        heading = f'<div class="td-block-title-wrap"><h4 class="block-title td-block-title">{label}</h4></div>'
    return (
        f'<div class="td_block_wrap {block} {uid} td-pb-border-top td_block_template_1"  data-td-block-uid="{uid}" >'
        f'{heading}<div id={uid} class="td_block_inner">{inner}</div></div> <!-- ./block -->'
    )


def _big_grid(page: chrome.Page, items: list[Entry]) -> str:
    """td_block_big_grid_9: one big td_module_mx5 cell and four td_module_mx11 cells."""
    cells = "".join(
        f'<div class="td_module_{"mx5" if i == 0 else "mx11"} td-animation-stack td-big-grid-post-{i} td-big-grid-post '
        f'td-{"big" if i == 0 else "small"}-grid">{modules.thumb(e, 534 if i == 0 else 265, 462 if i == 0 else 198)}'
        '<div class="td-meta-info-container"><div class="td-meta-align"><div class="td-big-grid-meta">'
        f"{modules.category_badge(e)}{modules.title_link(e)}</div>"
        f'<div class="td-module-meta-info">{modules.author_span(e)}{modules.date_span(e)}</div></div></div></div>'
        for i, e in enumerate(items)
    )
    inner = f'<div class="td-big-grid-wrapper">{cells}</div><div class="clearfix"></div>'
    return _wrap(page, "td_block_big_grid_9 td-grid-style-1 td-hover-1 td-big-grids", None, inner, len(items), len(items))


def _td_block_2(page: chrome.Page, title: str, items: list[Entry], url: str) -> str:
    """td_block_2: the first item as td_module_1, the rest as small td_module_6 rows."""
    if not items:
        return ""
    first = (
        '<div class="td_module_1 td_module_wrap td-animation-stack">'
        f'<div class="td-module-image">{modules.thumb(items[0], 324, 160)}{modules.category_badge(items[0])}</div>'
        f'{modules.title_link(items[0])}<div class="td-module-meta-info">{modules.author_span(items[0])}'
        f"{modules.date_span(items[0])}</div></div>"
    )
    small = "".join(f'<div class="td-block-span12">{modules.module_6(e)}</div>' for e in items[1:])
    inner = f'<div class="td-block-row"><div class="td-block-span6">{first}</div><div class="td-block-span6">{small}</div></div>'
    return _wrap(page, "td_block_2", title, inner, len(items), len(items) * 5, url)


def _td_block_4(page: chrome.Page, title: str, items: list[Entry], url: str) -> str:
    """td_block_4: td_module_2 items two per row."""
    if not items:
        return ""
    rows = "".join(
        '<div class="td-block-row">'
        + "".join(f'<div class="td-block-span6">{modules.module_2(e)}</div>' for e in items[i : i + 2])
        + "</div>"
        for i in range(0, len(items), 2)
    )
    return _wrap(page, "td_block_4", title, rows, len(items), len(items) * 5, url)


def _mixed_block(page: chrome.Page, items: list[Entry]) -> str:
    """A block of the td_module_17/18/19 styles (big image, overlay, list)."""
    if not items:
        return ""
    inner = "".join(
        f'<div class="td_module_{17 + i % 3} td_module_wrap td-animation-stack">'
        f'<div class="td-module-image">{modules.thumb(e, 696, 385)}</div>'
        f'<div class="item-details">{modules.title_link(e)}<div class="td-module-meta-info">{modules.date_span(e)}</div>'
        f"{modules.excerpt(e)}</div></div>"
        for i, e in enumerate(items)
    )
    return _wrap(page, "td_block_19", "More Stories", inner, len(items), len(items))


def _text_with_title() -> str:
    """A static text block; its links go to WordPress pages, not to articles."""
    donations, trends = STATIC["donations"], STATIC["north-korea-market-trends"]
    return (
        '<div class="td_block_wrap td_block_text_with_title td-pb-border-top td_block_template_1">'
        '<div class="td-block-title-wrap"><h4 class="block-title td-block-title"><span class="td-pulldown-size">'
        'Support Daily NK</span></h4></div><div class="td_mod_wrap td-fix-index"><p>Our reporting depends on readers. '
        f'<a href="{donations.url}">Make a donation</a> or see our <a href="{trends.url}">market price tables</a>.</p>'
        "</div></div>"
    )


def _exchange() -> str:
    """td_block_exchange: the theme's currency widget (figures only, no links)."""
    rates = (("USD", "1.0000"), ("CNY", "7.0890"), ("KRW", "1189.4500"), ("JPY", "107.6100"))
    rows = "".join(
        f'<div class="td-exchange-row td-rate-{code.lower()}"><div class="td-exchange-currency">{code}</div>'
        f'<div class="td-exchange-value">{value}</div></div>'
        for code, value in rates
    )
    return (
        '<div class="td_block_wrap td_block_exchange td-pb-border-top td_block_template_1">'
        '<div class="td-block-title-wrap"><h4 class="block-title td-block-title"><span class="td-pulldown-size">'
        f'Exchange rates</span></h4></div><div class="td-exchange-header"><div class="td-exchange-base">USD</div></div>{rows}</div>'
    )
