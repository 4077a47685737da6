"""Generic sources for any template: <meta>/OpenGraph, JSON-LD, microdata, the densest block.

Each value here is a fallback for the visible DOM (or, for times, the source whose
convention is known; see heading.py). The densest block is the body of an unknown template:
the element holding the most paragraph text.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from bs4 import Tag

from crawler.parsers.common import BLOCK_TAGS, attr, class_tokens, clean_text, text_of

logger = logging.getLogger(__name__)

_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
    }
)

_META_TAGS = frozenset({"meta", "script", "title"})
# Yoast puts datePublished/dateModified (true UTC) on the WebPage node, not the Article.
_DATED_TYPES = frozenset({"WebPage", *_ARTICLE_TYPES})


@dataclass(slots=True)
class PageMeta:
    """What the <head> and embedded data say; each value is a fallback for the visible DOM."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    article_ld: dict[str, Any] = field(default_factory=dict)
    ld_types: set[str] = field(default_factory=set)
    microdata: dict[str, str] = field(default_factory=dict)
    page_title: str | None = None
    # Yoast's graph: Person nodes (name, description = the bio) and the WebPage's times.
    people: list[dict[str, Any]] = field(default_factory=list)
    dated_ld: dict[str, Any] = field(default_factory=dict)

    def first(self, *keys: str) -> str | None:
        """The first non-empty <meta> value among keys (property or name)."""
        for key in keys:
            for value in self.meta.get(key.lower(), ()):
                if value:
                    return value
        return None

    def all(self, key: str) -> list[str]:
        return [v for v in self.meta.get(key.lower(), ()) if v]

    def ld(self, key: str) -> Any:
        return self.article_ld.get(key)


def read_meta(soup: Tag) -> PageMeta:
    """Collect <meta>, JSON-LD and microdata from the whole document (in one pass)."""
    page = PageMeta()
    # A plain walk: bs4's find_all with a list of names costs several times more.
    for element in soup.descendants:
        if type(element) is not Tag or element.name not in _META_TAGS:
            continue
        if element.name == "meta":
            _add_meta(page, element)
        elif element.name == "title":
            page.page_title = page.page_title or clean_text(element.get_text()) or None
        elif attr(element, "type") == "application/ld+json":
            for node in _ld_nodes(element.string or ""):
                _add_ld(page, node)
    return page


def _add_meta(page: PageMeta, element: Tag) -> None:
    key = (attr(element, "property") or attr(element, "name") or "").strip().lower()
    content = clean_text(attr(element, "content"))
    if key:
        page.meta.setdefault(key, []).append(content)
    prop = attr(element, "itemprop")
    if prop and content:
        page.microdata.setdefault(prop.strip(), content)


def _add_ld(page: PageMeta, node: dict[str, Any]) -> None:
    types = _types(node)
    page.ld_types |= types
    if types & _ARTICLE_TYPES and not page.article_ld:
        page.article_ld = node
    if "Person" in types:
        page.people.append(node)
    if types & _DATED_TYPES and not page.dated_ld:
        page.dated_ld = node


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as text: strings as is, {"name": …}/{"@id": …} objects by name."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id")
    return clean_text(value) if isinstance(value, str) else None


def ld_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _ld_nodes(raw: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        logger.debug("unreadable JSON-LD block skipped")
        return []
    nodes: list[dict[str, Any]] = []
    pending = data if isinstance(data, list) else [data]
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            nodes.append(node)
            if isinstance(node.get("@graph"), list):
                pending.extend(node["@graph"])
    return nodes


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    return {t for t in ld_list(kind) if isinstance(t, str)}


# Page furniture whose paragraphs are never the article body.
_FURNITURE_TAGS = frozenset({"header", "footer", "nav", "aside", "form"})
_FURNITURE_CLASSES = frozenset(
    {
        "td-post-header",
        "td-post-sub-title",
        "td-excerpt",
        "author-box-wrap",
        "td_block_related_posts",
        "comments",
        "td-footer-wrapper",
        "td-header-wrap",
        "td-sub-footer-container",
        "sidebar",
        "widget",
    }
)
_BLOCKS = sorted(BLOCK_TAGS)
_MIN_PARAGRAPH = 25  # characters; shorter <p> are bylines, buttons and captions
_MIN_TOTAL = 200  # characters; less is not an article body


def densest_block(root: Tag) -> Tag | None:
    """The parent element of the most paragraph text under root, or None if too little.

    Paragraphs are <p>; a page with too little <p> text may write its body as a run of
    text-only <div> blocks (the 2017 guest-column template), so those count next.
    """
    return _densest(root, root.find_all("p")) or _densest(
        root, [div for div in root.find_all("div") if not div.find(_BLOCKS)]
    )


def _densest(root: Tag, paragraphs: list[Tag]) -> Tag | None:
    # Keyed by id(): a bs4 Tag hashes by its serialized markup, which is slow and not unique.
    parents: dict[int, Tag] = {}
    totals: dict[int, int] = {}
    for paragraph in paragraphs:
        text = text_of(paragraph)
        if len(text) < _MIN_PARAGRAPH or _in_furniture(paragraph):
            continue
        parent = paragraph.parent
        if parent is not None:
            parents[id(parent)] = parent
            totals[id(parent)] = totals.get(id(parent), 0) + len(text)
    if not totals:
        return None
    best = max(totals, key=totals.__getitem__)
    return parents[best] if totals[best] >= _MIN_TOTAL else None


def _in_furniture(element: Tag) -> bool:
    for ancestor in element.parents:
        if (
            ancestor.name in _FURNITURE_TAGS
            or class_tokens(ancestor) & _FURNITURE_CLASSES
        ):
            return True
    return False
