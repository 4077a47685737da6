"""The article cut out of the lxml page: the markup the BeautifulSoup tree is built from.

lxml parses a whole page in C; building a BeautifulSoup tree costs Python work per element,
and four fifths of a Daily NK page are menus, sidebars and footer, and two thirds of what is
left (related posts, comments, share bars) no field reads. So only the article, without that
furniture, and the page facts (<meta>, <title>, <link>, JSON-LD) are written out as markup
for the tree. ``Outside`` answers, for a field the article lacks, whether the rest of the
page has anything its selectors match, so the whole page is built only when it may help.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import lxml.html
from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from crawler.parsers import selectors as S
from crawler.parsers.common import possible

# What the page-level readers need from outside the article (read_meta, the head links).
_PAGE_FACT = (
    "*[self::meta or self::title or self::link or self::base"
    " or (self::script and @type='application/ld+json')]"
)
_PRECEDING_FACTS = etree.XPath(f"preceding::{_PAGE_FACT}")
_FOLLOWING_FACTS = etree.XPath(f"following::{_PAGE_FACT}")
#: The attribute that marks the article in the markup (removed once it is found in the tree).
CUT_MARK = "data-nkwatch-article"
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_:][-\w:.]*")
_RAW_TEXT_TAGS = frozenset({"script", "style"})
_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


@dataclass(frozen=True, slots=True)
class Cut:
    """The lxml page, its article and the markup of the cut."""

    doc: etree._Element
    article: etree._Element
    markup: str


def cut_article(html: str) -> Cut | None:
    """The article and the page facts as markup, or None when lxml finds no article."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    article = lxml_article(doc)
    if article is None:
        return None
    # The furniture no field reads, dropped before it is written out (its tail text stays).
    never_read = lxml_selector(", ".join(S.NEVER_READ))
    for junk in never_read(article) if never_read is not None else ():
        if junk is not article:
            junk.drop_tree()
    return Cut(doc, article, cut_markup(doc, article))


@dataclass(slots=True)
class Outside:
    """The lxml page with its article: does anything outside the article match?"""

    doc: etree._Element
    article: etree._Element
    _names: frozenset[str] | None = None

    def has(self, selectors: str | Iterable[str]) -> bool:
        """selectors: CSS selectors, or one XPath expression (starting with "/")."""
        if isinstance(selectors, str) and selectors.startswith("/"):
            matcher = compiled_xpath(selectors)
        else:
            # A class test in XPath looks at every element's class: skip the selectors
            # naming a class or id the page does not have, as in the tree.
            selectors = possible(
                (selectors,) if isinstance(selectors, str) else selectors, self.names
            )
            if not selectors:
                return False
            matcher = lxml_selector(", ".join(selectors))
        if matcher is None:
            return True  # a selector lxml cannot read: look, to be safe
        return any(not inside(element, self.article) for element in matcher(self.doc))

    @property
    def names(self) -> frozenset[str]:
        """Every class and id in the page (XPath collects the values in C)."""
        if self._names is None:
            values = self.doc.xpath("//@class | //@id")
            self._names = frozenset(name for value in values for name in value.split())
        return self._names


def cut_markup(doc: etree._Element, article: etree._Element) -> str:
    """The article inside empty copies of its ancestors (so that a selector such as
    ".td-post-header time" matches as in the page), with the page facts before and after
    it in document order: the head's in the head, the body's in the body."""
    # XPath's preceding/following axes skip the article's ancestors and descendants.
    head, before = [], []
    for element in _PRECEDING_FACTS(article):
        parent = element.getparent()
        (head if parent is not None and parent.tag == "head" else before).append(
            element
        )
    after = _FOLLOWING_FACTS(article)
    ancestors = [a for a in reversed(list(article.iterancestors())) if a.tag != "html"]
    ancestors = [a for a in ancestors if a.tag not in ("head", "body")]
    body = doc.find("body")
    article.set(CUT_MARK, "")
    try:
        article_markup = _markup(article)
    finally:
        del article.attrib[CUT_MARK]
    return "".join(
        [
            _start_tag(doc),
            "<head>",
            *map(_markup, head),
            "</head>",
            _start_tag(body) if body is not None else "<body>",
            *map(_markup, before),
            *map(_start_tag, ancestors),
            article_markup,
            *(f"</{a.tag}>" for a in reversed(ancestors)),
            *map(_markup, after),
            "</body></html>",
        ]
    )


def _markup(element: etree._Element) -> str:
    """element as HTML, as written (lxml's own serializer percent-encodes non-ASCII
    characters in href and src, which would change the URLs the fields read)."""
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end", "comment")):
        if event == "comment":
            parts.append(f"<!--{node.text or ''}-->")
        elif event == "start":
            parts.append(_start_tag(node))
            if node.text:
                raw = node.tag in _RAW_TEXT_TAGS
                parts.append(node.text if raw else html_lib.escape(node.text, False))
            continue
        elif node.tag not in _VOID_TAGS:
            parts.append(f"</{node.tag}>")
        if node is not element and node.tail:
            parts.append(html_lib.escape(node.tail, quote=False))
    return "".join(parts)


def _start_tag(element: etree._Element) -> str:
    attributes = "".join(
        f' {name}="{html_lib.escape(value, quote=True)}"'
        for name, value in element.attrib.items()
        if isinstance(name, str) and _ATTRIBUTE_NAME.fullmatch(name)
    )
    return f"<{element.tag}{attributes}>"


def inside(element: etree._Element, ancestor: etree._Element) -> bool:
    """True when element is a descendant of ancestor (ancestor itself is not)."""
    return any(parent is ancestor for parent in element.iterancestors())


def lxml_article(doc: etree._Element) -> etree._Element | None:
    """The same element ``_article`` finds in a BeautifulSoup tree."""
    for element in doc.iter("article"):
        if str(element.get("id", "")).startswith("post-"):
            return element
    for css in S.ARTICLE:
        matcher = lxml_selector(css)
        found = matcher(doc) if matcher is not None else []
        if found:
            return found[0]
    return None


@functools.cache
def lxml_selector(css: str) -> etree.XPath | None:
    """css as a compiled XPath, or None when cssselect cannot translate it."""
    try:
        return compiled_xpath(HTMLTranslator().css_to_xpath(css))
    except (SelectorError, ValueError, NotImplementedError):
        return None


@functools.cache
def compiled_xpath(expression: str) -> etree.XPath | None:
    try:
        return etree.XPath(expression)
    except etree.XPathError:
        return None
