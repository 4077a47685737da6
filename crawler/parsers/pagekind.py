"""Tell article pages from listings, author pages, 404s and static pages (on the lxml page)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crawler.parsers.document import lxml_select

if TYPE_CHECKING:
    from lxml import etree

    from crawler.parsers.metadata import PageMeta

# WordPress body classes: body_class() marks every template it renders.
_ARTICLE_CLASSES = frozenset({"single", "single-post", "single-format-standard"})
_LISTING_CLASSES = frozenset(
    {"category", "tag", "archive", "date", "blog", "home", "paged"}
)
_NOT_FOUND_TITLE = re.compile(
    r"\bpage\s+not\s+found\b|^\s*404\b|\b404\s+error\b|nothing\s+found", re.IGNORECASE
)
_LISTING_ITEMS = (
    ".td_module_wrap, .td-module-container, .td_module_flex, article.type-post"
)


def not_article_reason(doc: etree._Element, meta: PageMeta) -> str | None:
    """Why this page is certainly not an article, or None if it may be one."""
    body = doc.find("body")
    tokens = set((body.get("class") or "").split()) if body is not None else set()
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
    return _reason_without_body_classes(doc, meta)


def _reason_without_body_classes(doc: etree._Element, meta: PageMeta) -> str | None:
    title = doc.find(".//title")
    title_text = title.text_content() if title is not None else ""
    if _NOT_FOUND_TITLE.search(title_text or ""):
        return "404 page"
    og_type = (meta.first("og:type") or "").lower()
    if og_type == "profile":
        return "author page"
    if og_type == "website" and len(lxml_select(doc, _LISTING_ITEMS)) >= 4:
        return "listing page"
    return None
