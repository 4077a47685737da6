"""Images and captions: the featured image, in-body figures, and captions split from credits."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crawler.items import Figure, Image
from crawler.parsers import selectors as S
from crawler.parsers.common import attr, clean_text, select, select_first, text_of
from crawler.urls import absolute_url

if TYPE_CHECKING:
    from bs4 import Tag

    from crawler.parsers.document import Page

_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp)(?:\?.*)?$", re.IGNORECASE)
# WordPress names resized copies "<name>-696x392.jpg" beside the original "<name>.jpg".
_SIZE_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[A-Za-z]{3,4}(?:\?.*)?$)")


def image_url(container: Tag, base: str | None) -> str | None:
    """The full-size upload URL of the picture in container (link target, else img src)."""
    for link in select(container, S.LINKS):
        href = absolute_url(attr(link, "href"), base)
        if href and _IMAGE_FILE.search(href):
            return _SIZE_SUFFIX.sub("", href)
    img = container if container.name == "img" else select_first(container, ("img",))
    if img is None:
        return None
    for name in S.IMAGE_SRC_ATTRS:
        src = absolute_url(attr(img, name), base)
        if src and not src.startswith("data:"):
            return _SIZE_SUFFIX.sub("", src)
    return None


def caption_text(container: Tag) -> str | None:
    element = select_first(container, S.CAPTION)
    if element is not None:
        return text_of(element) or None
    link = select_first(container, (S.CAPTION_LINK,))
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


def featured(page: Page, base: str) -> Image | None:
    """The featured image: read before the body, which drops its container."""
    container = page.first(select_first, S.FEATURED)
    return featured_image(container, base) if container is not None else None


# "A park in Wonsan. / Image: Daily NK" and "… / Photo: Yonhap".
_SLASH_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*/\s*(?:Image|Photo)\s*:\s*(?P<credit>.*)$", re.DOTALL
)
# "Portable media player. Image: Daily NK": the sentence ends, then the credit.
_DOT_CREDIT = re.compile(
    r"^(?P<caption>.*?[.!?\u201d\"'\u2019)])\s*(?:Image|Photo)\s*:\s*(?P<credit>.+)$",
    re.DOTALL,
)
# Only a credit: "Image: Daily NK".
_ONLY_CREDIT = re.compile(r"^(?:Image|Photo)\s*:\s*(?P<credit>.+)$", re.DOTALL)
# "FILE PHOTO: … (Daily NK)", "… (© Daily NK)", "… (Wikimedia Commons)": a final parenthesis.
_PAREN_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*\(\s*(?P<credit>[^()]+?)\s*\)\s*\.?$", re.DOTALL
)
# Final parentheses that describe the picture rather than credit it.
_NOT_A_CREDIT = re.compile(
    r"^(?:(?:far\s+)?(?:left|right|center|centre|top|bottom|middle|front|back|pictured|"
    r"above|below|inset|file)(?:\s*[,&]\s*\w+)*|\d{4})$",
    re.IGNORECASE,
)
_TRAILING_JUNK = " ,;/-\u2013\u2014"


def split_caption(text: str | None) -> tuple[str | None, str | None]:
    """(caption, credit) of a caption line; either may be None."""
    text = clean_text(text)
    if not text:
        return None, None
    for pattern in (_SLASH_CREDIT, _DOT_CREDIT, _ONLY_CREDIT):
        match = pattern.match(text)
        if match:
            return _tidy(match.groupdict().get("caption")), _tidy(match.group("credit"))
    match = _PAREN_CREDIT.match(text)
    if match and match.group("caption") and _is_credit(match.group("credit")):
        credit = match.group("credit").lstrip("\u00a9").strip()
        credit = re.sub(r"^(?:Image|Photo)\s*:\s*", "", credit, flags=re.IGNORECASE)
        return _tidy(match.group("caption")), _tidy(credit)
    return text, None


def _is_credit(text: str) -> bool:
    # "(center)" or "(2013)" describe the picture; a credit names someone, so has a capital.
    return not _NOT_A_CREDIT.match(text) and not text.islower()


def _tidy(text: str | None) -> str | None:
    text = clean_text(text).strip(_TRAILING_JUNK) if text else ""
    return text or None
