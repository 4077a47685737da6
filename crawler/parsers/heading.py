"""Title and dates: title, subtitle, publication and modification times, categories, tags."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crawler.parsers import selectors as S
from crawler.parsers.common import clean_text, first_attr, first_text, select, text_of
from crawler.parsers.fallback import ld_list, ld_text
from crawler.parsers.times import true_time, wall_clock

if TYPE_CHECKING:
    from datetime import datetime

    from bs4 import Tag

    from crawler.parsers.document import Page
    from crawler.parsers.fallback import PageMeta

# The pre-2018 byline "Lee Sang Yong | 2014-10-20 17:47" (text nodes abut, hence no \b).
_BYLINE_TIME = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?!\d)")
_SITE_SUFFIX = re.compile(
    r"\s*[-|\u2013\u2014:]\s*Daily\s*NK(?:\s+English)?\s*$", re.IGNORECASE
)


def title(page: Page, meta: PageMeta) -> str | None:
    found = page.first(first_text, S.TITLE)
    if found:
        return found
    for candidate in (
        ld_text(meta.ld("headline")),
        meta.first("og:title", "twitter:title"),
    ):
        if candidate:
            return _SITE_SUFFIX.sub("", candidate) or None
    fallback = page.first(first_text, S.TITLE_LAST_RESORT) or meta.page_title
    return _SITE_SUFFIX.sub("", fallback) if fallback else None


def subtitle(page: Page, meta: PageMeta) -> str | None:
    return page.first(first_text, S.SUBTITLE) or ld_text(meta.ld("alternativeHeadline"))


def published(page: Page, meta: PageMeta) -> datetime | None:
    """The publication time, from the first source present, each read by its convention.

    The same instant comes out of every source (KST wall clock labelled +00:00 in the
    theme's <time> and the microdata is 9 h "after" the true UTC of the meta tags and
    JSON-LD: read by convention, they agree), so the order only says which is likeliest
    to be there. The <time> is the article header's only: related posts carry others'.
    """
    for value, read in (
        (page.first(first_attr, S.HEADER_TIME, "datetime"), wall_clock),
        (meta.microdata.get("datePublished"), wall_clock),
        (meta.first("article:published_time", "og:published_time"), true_time),
        (_ld_time(meta, "datePublished"), true_time),
        (meta.first("datepublished"), true_time),
        (page.first(first_text, S.HEADER_TIME_TEXT), wall_clock),
    ):
        parsed = read(value)
        if parsed is not None:
            return parsed
    # Last resort, the pre-2018 byline "Lee Sang Yong | 2014-10-20 17:47" in the page text.
    match = _BYLINE_TIME.search(page.primary.get_text()[:20000])
    return wall_clock(match.group(0).replace(" ", "T")) if match else None


def modified(meta: PageMeta, published_at: datetime) -> datetime | None:
    """The last edit time; None when it is the publication time (WordPress sets both).

    Every source of it carries a true offset (microdata dateModified a correct +09:00).
    It may precede the publication time (a post scheduled after its last edit): kept.
    """
    for value in (
        meta.microdata.get("dateModified"),
        meta.first("article:modified_time", "og:updated_time"),
        _ld_time(meta, "dateModified"),
        meta.first("datemodified"),
    ):
        parsed = true_time(value)
        if parsed is not None:
            return parsed if parsed != published_at else None
    return None


def _ld_time(meta: PageMeta, key: str) -> str | None:
    """A time from the JSON-LD Article, else from Yoast's WebPage node."""
    return ld_text(meta.ld(key)) or ld_text(meta.dated_ld.get(key))


def categories(page: Page, meta: PageMeta) -> list[str]:
    found = page.first(_names, S.CATEGORIES)
    if found:
        return found
    sections = meta.all("article:section") or [
        s for s in (ld_text(v) for v in ld_list(meta.ld("articleSection"))) if s
    ]
    return list(dict.fromkeys(sections))


def tags(page: Page, meta: PageMeta) -> list[str]:
    found = page.first(_names, S.TAGS)
    if found:
        return found
    values = meta.all("article:tag")
    if not values:
        keywords = meta.ld("keywords")
        if isinstance(keywords, str):
            values = [clean_text(k) for k in keywords.split(",")]
        else:
            values = [t for t in (ld_text(k) for k in ld_list(keywords)) if t]
    return list(dict.fromkeys(t for t in values if t))


def _names(root: Tag, selectors: tuple[str, ...]) -> list[str]:
    for css in selectors:
        names = []
        for element in select(root, css):
            name = text_of(element)
            if name and name.upper() != "TAGS" and name not in names:
                names.append(name)
        if names:
            return names
    return []
