"""Generic body location for unknown templates: the block holding the most paragraph text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crawler.parsers.common import class_tokens, text_of

if TYPE_CHECKING:
    from bs4 import Tag

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
_MIN_PARAGRAPH = 25  # characters; shorter <p> are bylines, buttons and captions
_MIN_TOTAL = 200  # characters; less is not an article body


def densest_block(root: Tag) -> Tag | None:
    """The parent element of the most paragraph text under root, or None if too little."""
    # Keyed by id(): a bs4 Tag hashes by its serialized markup, which is slow and not unique.
    parents: dict[int, Tag] = {}
    totals: dict[int, int] = {}
    for paragraph in root.find_all("p"):
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
