"""Featured image and in-body figures: the picture's URL, alt text and split caption."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crawler.items import Figure, Image
from crawler.parsers.captions import split_caption
from crawler.parsers.common import attr, clean_text, select, select_first, text_of
from crawler.parsers.urls import absolute_url

if TYPE_CHECKING:
    from bs4 import Tag

_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp)(?:\?.*)?$", re.IGNORECASE)
# WordPress names resized copies "<name>-696x392.jpg" beside the original "<name>.jpg".
_SIZE_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[A-Za-z]{3,4}(?:\?.*)?$)")
CAPTION_SELECTORS = (
    "figcaption",
    ".wp-caption-text",
    ".wp-element-caption",
    ".caption",
)
_LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "src")


def image_url(container: Tag, base: str | None) -> str | None:
    """The full-size upload URL of the picture in container (link target, else img src)."""
    for link in select(container, "a[href]"):
        href = absolute_url(attr(link, "href"), base)
        if href and _IMAGE_FILE.search(href):
            return _SIZE_SUFFIX.sub("", href)
    img = container if container.name == "img" else select_first(container, ("img",))
    if img is None:
        return None
    for name in _LAZY_SRC_ATTRS:
        src = absolute_url(attr(img, name), base)
        if src and not src.startswith("data:"):
            return _SIZE_SUFFIX.sub("", src)
    return None


def caption_text(container: Tag) -> str | None:
    element = select_first(container, CAPTION_SELECTORS)
    if element is not None:
        return text_of(element) or None
    link = select_first(container, ("a[data-caption]",))
    if link is not None:
        return clean_text(attr(link, "data-caption")) or None
    # Unknown markup: a picture block's own text is its caption.
    return text_of(container) or None


def featured_image(container: Tag, base: str | None) -> Image | None:
    url = image_url(container, base)
    if url is None:
        return None
    img = select_first(container, ("img",))
    alt = clean_text(attr(img, "alt")) if img is not None else ""
    caption, credit = split_caption(caption_text(container))
    return Image(url=url, alt=alt or None, caption=caption, credit=credit)


def figure_of(container: Tag, base: str | None) -> Figure | None:
    url = image_url(container, base)
    if url is None:
        return None
    caption, credit = split_caption(caption_text(container))
    return Figure(url=url, caption=caption, credit=credit)
