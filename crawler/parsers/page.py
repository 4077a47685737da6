"""Page facts: what kind of page this is, its canonical URL, post id and Korean original."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bs4 import NavigableString

from crawler.parsers import selectors as S
from crawler.parsers.common import attr, clean_text, matches, select, text_of
from crawler.parsers.fallback import ld_text
from crawler.parsers.footer import is_read_in_korean
from crawler.urls import absolute_url, canonical_url

if TYPE_CHECKING:
    from bs4 import Tag

    from crawler.parsers.document import Page
    from crawler.parsers.fallback import PageMeta

# WordPress body classes: body_class() marks every template it renders.
_ARTICLE_CLASSES = frozenset({"single", "single-post", "single-format-standard"})
_LISTING_CLASSES = frozenset(
    {"category", "tag", "archive", "date", "blog", "home", "paged"}
)
_NOT_FOUND_TITLE = re.compile(
    r"\bpage\s+not\s+found\b|^\s*404\b|\b404\s+error\b|nothing\s+found", re.IGNORECASE
)
POST_ID_PATTERNS = (
    re.compile(r"\bpostid-(\d+)\b"),
    re.compile(r"[?&]p=(\d+)\b"),
    re.compile(r"/wp-json/wp/v2/posts/(\d+)"),
    re.compile(r"^post-(\d+)$"),
)


def not_article_reason(page: Page, meta: PageMeta) -> str | None:
    """Why this page is certainly not an article, or None if it may be one."""
    tokens = _body_classes(page)
    if "error404" in tokens:
        return "404 page"
    if "attachment" in tokens or "single-attachment" in tokens:
        return "attachment page, not an article"
    if tokens & _ARTICLE_CLASSES:
        return None
    if "author" in tokens:
        return "author page"
    if "search" in tokens or "search-results" in tokens:
        return "search results page"
    if tokens & _LISTING_CLASSES:
        return "listing page"
    if "page" in tokens or any(t.startswith("page-id-") for t in tokens):
        return "static page, not an article"
    if _NOT_FOUND_TITLE.search(meta.page_title or ""):
        return "404 page"
    og_type = (meta.first("og:type") or "").lower()
    if og_type == "profile":
        return "author page"
    if og_type == "website" and len(select(page.whole.soup, S.LISTING_ITEMS)) >= 4:
        return "listing page"
    return None


def page_url(page: Page, meta: PageMeta, given_url: str | None) -> str | None:
    """The canonical URL: <link rel=canonical>, og:url, the given URL, JSON-LD's url."""
    return canonical_url(
        _head_link(page, S.CANONICAL_LINK)
        or meta.first("og:url")
        or given_url
        or ld_text(meta.ld("url"))
    )


def post_id(page: Page, given_url: str | None) -> int | None:
    """The WordPress post id from the <article> id, body classes, shortlink or REST link."""
    article = page.article
    candidates = [
        attr(article, "id")
        if article is not None and article.name == "article"
        else None,
        " ".join(_body_classes(page)),
        _head_link(page, S.SHORTLINK),
        _head_link(page, S.REST_LINK),
        given_url,
    ]
    for value in candidates:
        for pattern in POST_ID_PATTERNS:
            match = pattern.search(value or "")
            if match:
                return int(match.group(1))
    return None


def korean_link(root: Tag, base: str | None) -> str | None:
    """The "Read in Korean" link (other links to Korean posts do not count)."""
    # From the text nodes that mention Korean up to their link: cheaper than the text of
    # every link on the page.
    for node in root.descendants:
        if type(node) is not NavigableString or "orean" not in node:
            continue
        link = node.find_parent("a")
        if (
            link is not None
            and link.has_attr("href")
            and is_read_in_korean(text_of(link))
        ):
            return absolute_url(attr(link, "href"), base)
    return None


def page_korean_link(page: Page, base: str) -> str | None:
    """The Korean original's link: in the article, else anywhere on the page."""
    return page.first(
        lambda root, _selectors: korean_link(root, base),
        (S.LINKS,),
        hint=S.KOREAN_LINK_HINT,
    )


def _head_link(page: Page, css: str) -> str | None:
    """The first non-empty href of the <link> elements css matches."""
    for element in (page.soup.head or page.soup).find_all("link"):
        if not matches(element, css):
            continue
        href = clean_text(attr(element, "href"))
        if href:
            return href
    return None


def _body_classes(page: Page) -> set[str]:
    body = page.soup.body
    value = body.get("class") if body is not None else None
    if not value:
        return set()
    return set(value.split() if isinstance(value, str) else value)
