"""Reports from an article's content HTML alone (feed items, REST posts): the body part."""

from __future__ import annotations

import html as html_lib
import re

import lxml.html
from lxml import etree

from crawler.parsers import body as body_mod
from crawler.parsers.cfemail import decode_protected_emails
from crawler.parsers.common import clean_text, select, strip_comments
from crawler.parsers.footer import is_read_in_korean
from crawler.parsers.urls import absolute_url

_TAGS = re.compile(r"<[^>]+>")


def read_fragment(
    content_html: str, base: str | None
) -> tuple[body_mod.Content, str | None]:
    """Body, figures and footer facts of a content fragment, plus its Korean-original link."""
    try:
        root = lxml.html.fragment_fromstring(content_html, create_parent="div")
    except (etree.ParserError, ValueError):
        return body_mod.Content(), None
    strip_comments(root)
    decode_protected_emails(root)
    korean_url = _korean_link(root, base)
    return body_mod.read_content(root, base), korean_url


def plain_text(rendered: str | None) -> str:
    """Text of a short HTML string such as a REST ``title.rendered`` (entities decoded)."""
    return clean_text(html_lib.unescape(_TAGS.sub("", rendered or "")))


def _korean_link(root: etree._Element, base: str | None) -> str | None:
    """The "Read in Korean" link, as on the page (other links to Korean posts do not count)."""
    for link in select(root, "a[href]"):
        if is_read_in_korean(clean_text(link.text_content())):
            return absolute_url(link.get("href"), base)
    return None
