"""Listing pages: category, tag and author archives with tagDiv pagination (home: home.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from crawler.fixturesite import chrome, modules
from crawler.fixturesite.markup import attr, esc

if TYPE_CHECKING:
    from crawler.fixturesite.entry import Entry

PER_PAGE = 10
_FALLBACK_DATE = datetime(2019, 11, 21, 9, 0)  # top-bar date of a site with no articles
CATEGORY_DESCRIPTIONS = {
    "News": "The latest news from inside North Korea, reported by Daily NK's sources in the country.",
    "Analysis & Opinion": "The latest analysis and opinion on North Korea by Daily NK staff and contributors.",
    "Market Indicators": "Daily NK market price survey: rice, corn, fuel and exchange rates in North Korean markets.",
    "Headline": "Headline stories from Daily NK.",
}
#: Category-page filters the theme links to; a spider must not follow them (same posts again).
FILTERS = (
    ("Latest", ""),
    ("Featured posts", "?filter_by=featured"),
    ("Most popular", "?filter_by=popular"),
    ("7 days popular", "?filter_by=popular7"),
    ("By review score", "?filter_by=review_high"),
    ("Random", "?filter_by=random_posts"),
)


@dataclass(frozen=True, slots=True)
class Archive:
    """One page of an archive: what it lists and where its pages live."""

    kind: str  # "category" | "tag" | "author"
    name: str  # category or tag name, or the author's display name
    base_url: str  # page 1, ending in "/"
    items: Sequence[Entry]  # this page's entries, newest first
    page_no: int
    pages: int
    total: int
    description: str = ""  # HTML (author bio) or text

    def url_of(self, n: int) -> str:
        return self.base_url if n <= 1 else f"{self.base_url}page/{n}/"


def page_count(total: int) -> int:
    return max(1, -(-total // PER_PAGE))


def archive_html(archive: Archive, recent: Sequence[Entry]) -> str:
    """A category, tag or author archive page: header, module list, numbered pagination."""
    page = chrome.Page(
        title=_title(archive),
        canonical=archive.url_of(archive.page_no),
        date=recent[0].published if recent else _FALLBACK_DATE,
        body_class=_body_class(archive),
        recent=recent,
        head_meta=_rel_links(archive),
    )
    grid = (
        _featured_grid(archive, page)
        if archive.kind == "category" and archive.page_no == 1
        else ""
    )
    rows = "\n".join(
        f'<div class="td-block-row">\n<div class="td-block-span12">\n{modules.module_10(e)}\n</div>\n</div>'
        for e in archive.items
    )
    main = (
        f'<div class="td-pb-span8 td-main-content">\n<div class="td-ss-main-content">\n{grid}'
        f'<div class="clearfix"></div>\n{rows}\n{page_nav(archive)}\n{_share_and_embed(archive)}</div>\n</div>'
    )
    return chrome.document(page, _archive_header(archive) + main)


def page_nav(archive: Archive) -> str:
    """The theme's numbered pagination: current, neighbours, "...", last, arrows, "Page N of M"."""
    n, last = archive.page_no, archive.pages
    if last <= 1:
        return ""
    parts = []
    if n > 1:
        parts.append(
            f'<a href="{archive.url_of(n - 1)}" ><i class="td-icon-menu-left"></i></a>'
        )
    shown = sorted({1, n - 1, n, n + 1, n + 2, last} & set(range(1, last + 1)))
    previous = 0
    for k in shown:
        if k - previous > 1:
            parts.append('<span class="extend">...</span>')
        if k == n:
            parts.append(f'<span class="current">{k}</span>')
        else:
            cls = "last" if k == last else ("first" if k == 1 else "page")
            parts.append(
                f'<a href="{archive.url_of(k)}" class="{cls}" title="{k}">{k}</a>'
            )
        previous = k
    if n < last:
        parts.append(
            f'<a href="{archive.url_of(n + 1)}" ><i class="td-icon-menu-right"></i></a>'
        )
    parts.append(f'<span class="pages">Page {n} of {last}</span>')
    return (
        '<div class="page-nav td-pb-padding-side">'
        + "".join(parts)
        + '<div class="clearfix"></div></div>'
    )


def _share_and_embed(archive: Archive) -> str:
    """A share bar for the listing and an embedded post card: links a spider must not follow."""
    url, first = quote(archive.url_of(archive.page_no), safe=""), archive.items[0]
    shares = "".join(
        f'<a class="td-social-sharing-button td-social-{key}" href="{href}" title="{key.title()}">'
        f'<i class="td-icon-{key}"></i></a>'
        for key, href in (
            ("facebook", f"https://www.facebook.com/sharer.php?u={url}"),
            ("twitter", f"https://twitter.com/intent/tweet?url={url}&amp;via=DailyNK"),
            ("whatsapp", f"https://api.whatsapp.com/send?text={url}"),
        )
    )
    return (
        f'<div class="td-post-sharing td-ps-bg td-ps-notext td-post-sharing-style1 td-archive-sharing">{shares}</div>\n'
        '<aside class="widget widget_text"><h4 class="block-title"><span>Editor&#8217;s pick</span></h4>'
        f'<blockquote class="wp-embedded-content" data-secret="Xk3b9QfT2m"><a href="{attr(first.url)}">'
        f'{esc(first.title)}</a></blockquote><iframe class="wp-embedded-content" sandbox="allow-scripts" '
        f'security="restricted" style="position: absolute; clip: rect(1px, 1px, 1px, 1px);" title="{attr(first.title)}" '
        f'src="{attr(first.url)}embed/#?secret=Xk3b9QfT2m" data-secret="Xk3b9QfT2m" width="600" height="338" '
        'frameborder="0" marginwidth="0" marginheight="0" scrolling="no"></iframe></aside>\n'
    )


def _title(archive: Archive) -> str:
    suffix = (
        f" - Page {archive.page_no} of {archive.pages}" if archive.page_no > 1 else ""
    )
    label = {"category": archive.name, "tag": archive.name, "author": archive.name}[
        archive.kind
    ]
    return f"{label} Archives{suffix} | Daily NK English"


def _body_class(archive: Archive) -> str:
    paged = (
        f" paged paged-{archive.page_no} {archive.kind}-paged-{archive.page_no}"
        if archive.page_no > 1
        else ""
    )
    return f"archive {archive.kind}{paged} td-standard-pack wpb-js-composer js-comp-ver-5.7 vc_responsive"


def _rel_links(archive: Archive) -> str:
    links = []
    if archive.page_no > 1:
        links.append(
            f'<link rel="prev" href="{archive.url_of(archive.page_no - 1)}" />'
        )
    if archive.page_no < archive.pages:
        links.append(
            f'<link rel="next" href="{archive.url_of(archive.page_no + 1)}" />'
        )
    links.append(
        f'<link rel="alternate" type="application/rss+xml" title="Daily NK English &raquo; {attr(archive.name)} Feed" '
        f'href="{archive.base_url}feed/" />'
    )
    return "\n".join(links) + "\n"


def _archive_header(archive: Archive) -> str:
    crumbs = chrome.breadcrumbs(
        [(archive.name if archive.kind != "tag" else f"Tags {archive.name}", None)]
    )
    if archive.kind == "author":
        heading = f'<h1 class="entry-title td-page-title"><span>{esc(archive.name)}</span></h1>'
        extra = (
            '<div class="author-box-wrap td-author-page"><div class="desc"><div class="td-author-counters">'
            f'<span class="td-author-post-count">{archive.total} POSTS</span>'
            '<span class="td-author-comments-count">0 COMMENTS</span></div>'
            f'<div class="td-author-description">{archive.description}</div></div></div>'
        )
    elif archive.kind == "tag":
        heading = f'<h1 class="entry-title td-page-title"><span>Tag: {esc(archive.name)}</span></h1>'
        extra = ""
    else:
        heading = f'<h1 class="entry-title td-page-title">{esc(archive.name)}</h1>'
        description = CATEGORY_DESCRIPTIONS.get(archive.name, "")
        extra = (
            f'<div class="td-category-description"><p>{esc(description)}</p></div>'
            if description
            else ""
        ) + _filters(archive)
    return (
        '<div class="td-category-header td-container-wrap"><div class="td-container"><div class="td-pb-row">'
        f'<div class="td-pb-span12"><div class="td-crumb-container">{crumbs}</div>{heading}{extra}</div></div></div></div>\n'
    )


def _filters(archive: Archive) -> str:
    items = "".join(
        f'<li class="td-pulldown-filter-item"><a class="td-pulldown-category-filter-link" href="{archive.base_url}{query}">'
        f"{esc(label)}</a></li>"
        for label, query in FILTERS
    )
    return (
        '<div class="td-category-pulldown-filter td-wrapper-pulldown-filter"><div class="td-pulldown-filter-display-option">'
        f'<div class="td-subcat-more">Latest <i class="td-icon-menu-down"></i></div><ul class="td-pulldown-filter-list">{items}'
        "</ul></div></div>"
    )


def _featured_grid(archive: Archive, page: chrome.Page) -> str:
    """Page 1 of a category opens with a big grid of its newest posts (listed again below)."""
    items = archive.items[:4]
    if len(items) < 4:
        return ""
    uid = page.block("td_block_big_grid_1", 4, archive.total, per_page=4)
    cells = "".join(
        f'<div class="td_module_mx{5 if i == 0 else 6} td-animation-stack td-big-grid-post-{i} td-big-grid-post td-{"big" if i == 0 else "small"}-grid">'
        f'{modules.thumb(e, 534 if i == 0 else 265, 462 if i == 0 else 198)}<div class="td-meta-info-container">'
        f'<div class="td-meta-align"><div class="td-big-grid-meta">{modules.category_badge(e)}{modules.title_link(e)}</div>'
        f'<div class="td-module-meta-info">{modules.author_span(e)}{modules.date_span(e)}</div></div></div></div>'
        for i, e in enumerate(items)
    )
    return (
        f'<div class="td_block_wrap td_block_big_grid_1 {uid} td-grid-style-1 td-hover-1 td-big-grids td-pb-border-top '
        f'td_block_template_1"  data-td-block-uid="{uid}" ><div id={uid} class="td_block_inner"><div class="td-big-grid-wrapper">'
        f'{cells}</div><div class="clearfix"></div></div></div> <!-- ./block -->\n'
    )
