"""tagDiv listing modules (``td_module_*``, shared/dailynk-site.md §3.1) for one Entry each."""

from __future__ import annotations

from crawler.fixturesite.entry import Entry, author_url, category_url
from crawler.fixturesite.markup import attr, esc, long_date, quirk_iso, resized
from crawler.fixturesite.spec import HOME

NO_THUMB = f"{HOME}wp-content/themes/Newspaper/images/no-thumb/td_{{w}}x{{h}}.png"


def thumb_src(entry: Entry, width: int, height: int) -> str:
    if entry.image is None:
        return NO_THUMB.format(w=width, h=height)
    return resized(entry.image.url, width, height)


def thumb(entry: Entry, width: int, height: int, *, lazy: bool = False) -> str:
    """The linked thumbnail; its alt is the featured image's keyword alt, as on the real site."""
    alt = attr(entry.image.alt) if entry.image else ""
    src = attr(thumb_src(entry, width, height))
    title = attr(entry.title)
    img = (
        f'<img class="entry-thumb td-lazy-img" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=" '
        f'data-img-url="{src}" alt="{alt}" title="{title}" width="{width}" height="{height}"/>'
        if lazy
        else f'<img width="{width}" height="{height}" class="entry-thumb" src="{src}" alt="{alt}" title="{title}"/>'
    )
    return (
        f'<div class="td-module-thumb"><a href="{attr(entry.url)}" rel="bookmark" class="td-image-wrap" '
        f'title="{title}">{img}</a></div>'
    )


def title_link(entry: Entry, tag: str = "h3") -> str:
    t = attr(entry.title)
    return (
        f'<{tag} class="entry-title td-module-title"><a href="{attr(entry.url)}" rel="bookmark" '
        f'title="{t}">{esc(entry.title)}</a></{tag}>'
    )


def date_span(entry: Entry) -> str:
    return (
        f'<span class="td-post-date"><time class="entry-date updated td-module-date" '
        f'datetime="{quirk_iso(entry.published)}" >{long_date(entry.published)}</time></span>'
    )


def author_span(entry: Entry) -> str:
    name, login = entry.authors[0]
    who = f'<a href="{author_url(login)}">{esc(name)}</a>' if login else esc(name)
    return f'<span class="td-post-author-name">{who} <span>-</span> </span>'


def category_badge(entry: Entry) -> str:
    name = entry.categories[0]
    return f'<a href="{category_url(name)}" class="td-post-category">{esc(name)}</a>'


def excerpt(entry: Entry) -> str:
    return f'<div class="td-excerpt">{esc(entry.excerpt)}...</div>'


def module_2(entry: Entry) -> str:
    """The block module of §3.1: thumb, category badge, title, author/date, excerpt."""
    return (
        '<div class="td_module_2 td_module_wrap td-animation-stack">\n'
        f'<div class="td-module-image">{thumb(entry, 324, 160)}{category_badge(entry)}</div>\n'
        f"{title_link(entry)}\n"
        f'<div class="td-module-meta-info">\n{author_span(entry)}{date_span(entry)}'
        '<div class="td-module-comments"><a href="'
        f'{attr(entry.url)}#respond">0</a></div></div>\n'
        f"{excerpt(entry)}\n</div>"
    )


def module_10(entry: Entry) -> str:
    """The category-page row: thumb left, then title, meta and excerpt."""
    return (
        '<div class="td_module_10 td_module_wrap td-animation-stack">\n'
        f"{thumb(entry, 218, 150, lazy=True)}\n"
        f'<div class="item-details">\n{title_link(entry)}\n'
        f'<div class="td-module-meta-info">\n{category_badge(entry)}{author_span(entry)}{date_span(entry)}'
        "</div>\n"
        f"{excerpt(entry)}\n</div>\n</div>"
    )


def module_6(entry: Entry) -> str:
    """A small sidebar item: thumb, title and date only."""
    return (
        '<div class="td_module_6 td_module_wrap td-animation-stack">\n'
        f"{thumb(entry, 100, 70)}\n"
        f'<div class="item-details">{title_link(entry)}'
        f'<div class="td-module-meta-info">{date_span(entry)}</div></div>\n</div>'
    )


def module_mega_menu(entry: Entry) -> str:
    """A mega-menu item: links to OTHER articles from every page's header."""
    return (
        '<div class="td_module_mega_menu td-animation-stack td_mod_mega_menu">\n'
        f'<div class="td-module-image">{thumb(entry, 218, 150)}{category_badge(entry)}</div>\n'
        f'<div class="item-details">{title_link(entry)}</div>\n</div>'
    )


def module_related(entry: Entry) -> str:
    return (
        '<div class="td-related-span4">\n<div class="td_module_related_posts td-animation-stack td_mod_related_posts">\n'
        f'<div class="td-module-image">{thumb(entry, 218, 150)}{category_badge(entry)}</div>\n'
        # Another article's <time>: a parser must take the date from the header only.
        f'<div class="item-details">{title_link(entry)}<div class="td-module-meta-info">{date_span(entry)}</div>'
        "</div>\n</div>\n</div>"
    )
