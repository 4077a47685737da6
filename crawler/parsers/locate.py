"""The lxml stage: parse the page fast, locate the article, cut it out as a BeautifulSoup tree.

Building a BeautifulSoup tree costs Python work per node, and a Daily NK page is mostly
menus, sidebars, footer and scripts. So lxml (C) parses the whole page, answers the cheap
page-wide questions (head metadata, page kind, where the article is), and only the article's
branch becomes a BeautifulSoup tree. Fields are read from that tree first; the whole page
is turned into a tree only when lxml sees a candidate for a missing field outside the article.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import lxml.html
from bs4 import BeautifulSoup, Tag
from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.parsers.decoding import decode_html, looks_binary
from crawler.parsers.outcome import NotAnArticle

_T = TypeVar("_T")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Never read from the article tree: dropped before it is built (JSON-LD is read earlier).
_NEVER_READ = ("script", "style", "template")
# The tree builder, always named: bs4 would otherwise pick one per machine and warn.
SOUP_FEATURES = "lxml"


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


def cut_out(element: etree._Element, prune: str | None = None) -> Tag:
    """A BeautifulSoup tree of element's subtree; returns element's counterpart in it.

    The element's ancestors come along as empty shells (tag and attributes only), so a
    selector such as ".td-post-header time" matches as it would in the whole page.
    Mutates element: scripts, styles and what the ``prune`` CSS selector matches are
    dropped from it first (the text after them stays).
    """
    etree.strip_elements(element, *_NEVER_READ, with_tail=False)
    if prune:
        for junk in lxml_select(element, prune):
            if junk is not element and junk.getparent() is not None:
                junk.drop_tree()
    ancestors = list(element.iterancestors())[::-1]
    markup = (
        "".join(_start_tag(a) for a in ancestors)
        + lxml.html.tostring(element, encoding="unicode", with_tail=False)
        + "".join(f"</{a.tag}>" for a in reversed(ancestors))
    )
    soup = BeautifulSoup(markup, SOUP_FEATURES)
    node: Tag = soup
    for expected in [*ancestors, element]:
        child = next((c for c in node.children if isinstance(c, Tag)), None)
        if child is None or child.name != expected.tag:
            # The parser moved something (unusual nesting): the whole tree is the article.
            return soup.body or soup
        node = child
    return node


def page_soup(doc: etree._Element) -> BeautifulSoup:
    """The whole page as a BeautifulSoup tree (the slow path: only when the article lacks)."""
    return BeautifulSoup(lxml.html.tostring(doc, encoding="unicode"), SOUP_FEATURES)


def _start_tag(element: etree._Element) -> str:
    attributes = "".join(
        f' {name}="{html_lib.escape(value, quote=True)}"'
        for name, value in element.attrib.items()
        if isinstance(name, str) and re.fullmatch(r"[A-Za-z_:][-\w:.]*", name)
    )
    return f"<{element.tag}{attributes}>"


class Roots:
    """Where fields are looked for: the article's tree first, then the whole page's.

    ``prepare`` runs once on each tree when it is built (e.g. decoding hidden e-mails);
    ``prune`` selects what is never read inside the article (see ``cut_out``).
    """

    def __init__(
        self,
        doc: etree._Element,
        scope: etree._Element | None,
        prepare: Callable[[Tag], object],
        prune: str | None = None,
    ) -> None:
        self._doc = doc
        self._scope = scope
        self._prepare = prepare
        self._page: Tag | None = None
        self.article: Tag | None = None
        if scope is not None:
            self.article = cut_out(scope, prune)
            prepare(self.article)

    @property
    def primary(self) -> Tag:
        """The article's tree, or the page's when no article element was found."""
        return self.article if self.article is not None else self.page()

    def page(self) -> Tag:
        if self._page is None:
            self._page = page_soup(self._doc)
            self._prepare(self._page)
        return self._page

    def first(
        self,
        finder: Callable[..., _T],
        selectors: tuple[str, ...],
        *args: Any,
        probe: Callable[[etree._Element], list[Any]] | None = None,
    ) -> _T | None:
        """The first non-empty finder(root, selectors, *args): the article, then the page.

        The page is searched only if lxml finds a candidate outside the article (with
        ``probe``, an XPath, or else the selectors): most missing fields are simply absent,
        and building the page's tree would cost more than all the rest.
        """
        if self.article is not None:
            found = finder(self.article, selectors, *args)
            if _found(found):
                return found
            if not self._outside_article(probe, selectors):
                return None
        found = finder(self.page(), selectors, *args)
        return found if _found(found) else None

    def _outside_article(
        self,
        probe: Callable[[etree._Element], list[Any]] | None,
        selectors: tuple[str, ...],
    ) -> bool:
        if self._page is not None:
            return True
        if probe is not None:
            candidates: Iterable[Any] = probe(self._doc)
        else:
            candidates = (m for css in selectors for m in lxml_select(self._doc, css))
        return any(not self._in_scope(m) for m in candidates)

    def _in_scope(self, element: etree._Element) -> bool:
        return element is self._scope or any(
            a is self._scope for a in element.iterancestors()
        )


def _found(value: object) -> bool:
    return value is not None and not (
        isinstance(value, str | list | tuple) and not value
    )
