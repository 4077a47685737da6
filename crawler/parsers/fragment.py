"""Reports from an article's content HTML alone (feed items, REST posts): the body part."""

from __future__ import annotations

import html as html_lib
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

from crawler.parsers import body as body_mod
from crawler.parsers.cfemail import decode_protected_emails
from crawler.parsers.common import attr, clean_text, select, text_of
from crawler.parsers.cut import SOUP_FEATURES
from crawler.parsers.footer import is_read_in_korean
from crawler.parsers.urls import absolute_url

if TYPE_CHECKING:
    from bs4 import Tag


def read_fragment(
    content_html: str, base: str | None
) -> tuple[body_mod.Content, str | None]:
    """Body, figures and footer facts of a content fragment, plus its Korean-original link."""
    root = _fragment_root(content_html)
    decode_protected_emails(root)
    korean_url = _korean_link(root, base)
    return body_mod.read_content(root, base), korean_url


def plain_text(rendered: str | None) -> str:
    """Text of a short HTML string such as a REST ``title.rendered`` (entities decoded)."""
    if not rendered or "<" not in rendered:
        # No markup: parsing would only decode the entities (and bs4 warns on such input).
        return clean_text(html_lib.unescape(rendered or ""))
    return text_of(BeautifulSoup(rendered, SOUP_FEATURES))


def _fragment_root(content_html: str) -> Tag:
    # In a parent of its own, as the fragment sits in the page; bs4 also warns about input
    # without markup, which a parent makes impossible.
    soup = BeautifulSoup(f"<div>{content_html}</div>", SOUP_FEATURES)
    return soup.body or soup


def _korean_link(root: Tag, base: str | None) -> str | None:
    """The "Read in Korean" link, as on the page (other links to Korean posts do not count)."""
    for link in select(root, "a[href]"):
        if is_read_in_korean(text_of(link)):
            return absolute_url(attr(link, "href"), base)
    return None
