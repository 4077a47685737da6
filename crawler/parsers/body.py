"""The article content: body paragraphs, in-body figures and the footer lines inside it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crawler.parsers import footer
from crawler.parsers.common import (
    HEADING_TAGS,
    clean_text,
    iter_lines,
    matches,
    remove,
    select,
)
from crawler.parsers.images import figure_of

if TYPE_CHECKING:
    from bs4 import Tag

    from crawler.items import Figure

# Blocks inside the content that are never body text. Order does not matter.
JUNK_SELECTORS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "svg",
    "ins.adsbygoogle",
    ".td-a-rec",
    ".td-g-rec",
    ".td-a-ad",
    ".tdb_single_post_share",
    ".td-post-sharing",
    ".td-post-sharing-top",
    ".td-post-sharing-bottom",
    ".td-social-sharing-buttons",
    ".sharedaddy",
    ".addtoany_share_save_container",
    ".td-post-source-tags",
    ".td-tags",
    ".tdb_single_tags",
    ".author-box-wrap",
    ".tdb_single_author_box",
    ".td_block_related_posts",
    ".tdb_single_related",
    ".jp-relatedposts",
    ".yarpp-related",
    ".td-post-next-prev",
    "#comments",
    ".comments",
    "#respond",
    ".td-post-featured-image",
    ".tdb_single_featured_image",
    ".code-block",
    ".printfriendly",
    ".pf-content-buttons",
    "aside",
    ".widget",
    ".tdn_block_newsletter_subscribe",
    ".td-newsletter",
    ".tdb_breadcrumbs",
    ".entry-crumbs",
    ".td-fix-index > .td-a-rec",
)
_JUNK = ", ".join(JUNK_SELECTORS)
# In-body pictures with their captions: read as figures, then removed from the text.
FIGURE_SELECTORS = ("figure", ".wp-caption", ".wp-block-image", "div[id^=attachment_]")
_KNOWN_FIGURES = ", ".join(FIGURE_SELECTORS)
# What a picture block is in any theme: a <div> holding an image and at most one short
# paragraph (its caption); the paragraph count and text length are checked in Python.
_FIGURES = f"{_KNOWN_FIGURES}, div:has(img)"
_PICTURE_BLOCK_TEXT = 300  # characters; more is a text block that holds a picture
_XPATH_SPACE = re.compile(r"[ \t\r\n]+")
# A caption line that is not marked up as one: "… / Image: Daily NK", "FILE PHOTO: …".
_CAPTION_LINE = re.compile(r"^FILE PHOTO:|\s/\s*(?:Image|Photo)\s*:\s*\S[^.]*$")


@dataclass(slots=True)
class Content:
    body: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    translator: str | None = None
    contact_found: bool = False
    contact_email: str | None = None


def read_content(root: Tag, base: str | None) -> Content:
    """Split the content element into body paragraphs and footer facts. Mutates root."""
    content = Content()
    # One grouped selector is one pass over the tree instead of one per selector.
    for element in select(root, _JUNK):
        remove(element)
    content.figures = _take_figures(root, base)
    for text, tag in iter_lines(root):
        _classify(text, tag, content)
    return content


def classify_lines(lines: list[str]) -> Content:
    """The same classification for text that arrives as plain lines (feed/REST fallbacks)."""
    content = Content()
    for line in lines:
        _classify(line, "p", content)
    return content


def _take_figures(root: Tag, base: str | None) -> list[Figure]:
    figures: list[Figure] = []
    taken: list[Tag] = []
    taken_ids: set[int] = set()  # by id(): a bs4 Tag hashes by its markup
    # One grouped selector, so the figures come back in document order.
    for element in select(root, _FIGURES):
        if any(id(ancestor) in taken_ids for ancestor in element.parents):
            continue  # a caption block nested in a <figure> already read
        if not _is_figure(element):
            continue
        taken.append(element)
        taken_ids.add(id(element))
        figure = figure_of(element, base)
        if figure is not None:
            figures.append(figure)
    for element in taken:
        remove(element)
    return figures


def _is_figure(element: Tag) -> bool:
    """Known figure markup, or a picture block whose text is short enough to be a caption."""
    if element.name != "div" or matches(element, _KNOWN_FIGURES):
        return True
    if len(element.find_all("p", limit=2)) > 1:
        return False
    text = _XPATH_SPACE.sub(" ", element.get_text()).strip(" \t\r\n")
    return len(text) < _PICTURE_BLOCK_TEXT


def _classify(text: str, tag: str, content: Content) -> None:
    translator = footer.translator_of(text)
    if translator:
        content.translator = content.translator or translator
        return
    is_contact, email = footer.contact_of(text)
    if is_contact:
        content.contact_found = True
        content.contact_email = content.contact_email or email
        return
    if footer.is_read_in_korean(text) or footer.is_widget_text(text):
        return
    if _CAPTION_LINE.search(text):
        return
    text = clean_text(footer.remove_artefacts(text))
    if text and (tag in HEADING_TAGS or _has_words(text)):
        content.body.append(text)


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
