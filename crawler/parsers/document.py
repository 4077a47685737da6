"""The page as an lxml document: bytes or text in, a tree or the reason there is none.

lxml (C) parses the whole page; the page-wide questions (head metadata, page kind, where
the article is) are answered on this tree with lxml's CSS and XPath, and only the
article's subtree is turned into a BeautifulSoup tree (see cut.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.parsers.decoding import decode_html, looks_binary
from crawler.parsers.outcome import NotAnArticle

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse_document(html: str | bytes) -> etree._Element | NotAnArticle:
    """The lxml document of a page, or why there is none."""
    if isinstance(html, bytes | bytearray):
        if not html.strip():
            return NotAnArticle("empty input")
        if looks_binary(bytes(html)):
            return NotAnArticle("binary data, not HTML")
        html = decode_html(bytes(html))
    if not isinstance(html, str) or not html.strip():
        return NotAnArticle("empty input")
    if "<" not in html[:65536]:
        return NotAnArticle("not HTML (no markup)")
    html = _XML_DECLARATION.sub("", html)
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return NotAnArticle("not HTML (unparseable markup)")


@functools.cache
def _lxml_css(css: str) -> CSSSelector:
    # Compiled once per selector string: the XPath translation costs more than the match.
    return CSSSelector(css, translator="html")


def lxml_select(root: etree._Element, css: str) -> list[etree._Element]:
    """All elements under root (or root itself) matching one CSS selector, with lxml."""
    return _lxml_css(css)(root)


def lxml_select_first(
    root: etree._Element, selectors: Iterable[str]
) -> etree._Element | None:
    """The first element matched by the first selector that matches anything, with lxml."""
    for css in selectors:
        found = _lxml_css(css)(root)
        if found:
            return found[0]
    return None
