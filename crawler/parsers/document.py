"""The page as one BeautifulSoup tree: bytes or text in, a Page or the reason there is none.

bytes are decoded by BOM, then <meta> charset, then UTF-8 with replacement. Building a
BeautifulSoup tree costs Python work per element, and four fifths of a Daily NK page are
menus, sidebars and footer: so lxml (in C) parses the page first and only the article,
with the page's <meta>, <title>, <link> and JSON-LD, becomes the BeautifulSoup tree every
field is read from. The rest of the page is built into a tree only when a field is not
in the article and lxml says the page has it elsewhere (``Page.first``); a page without
an article element is built whole. The tree is built with lxml as bs4's parser (always
named: bs4 would otherwise pick one per machine and warn).
"""

from __future__ import annotations

import codecs
import functools
import html as html_lib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import lxml.html
from bs4 import BeautifulSoup, Tag
from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from crawler.parsers import selectors as S
from crawler.parsers.common import (
    clean_text,
    names_in,
    possible,
    select,
    select_first,
    text_of,
)
from crawler.parsers.outcome import NotAnArticle

SOUP_FEATURES = "lxml"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_T = TypeVar("_T")
# What the page-level readers need from outside the article (read_meta, the head links).
_PAGE_FACT = (
    "*[self::meta or self::title or self::link or self::base"
    " or (self::script and @type='application/ld+json')]"
)
_PRECEDING_FACTS = etree.XPath(f"preceding::{_PAGE_FACT}")
_FOLLOWING_FACTS = etree.XPath(f"following::{_PAGE_FACT}")
_CUT_MARK = "data-nkwatch-article"
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


@dataclass(slots=True)
class Page:
    """The page's tree, its class and id names (to skip selectors that cannot match), its
    article and its markup.

    When the tree is a cut (``outside`` is the lxml page), ``soup`` holds the article and
    the page facts only; ``whole`` is the whole page, built on first need.
    """

    soup: BeautifulSoup
    markup: str
    names: frozenset[str]
    article: Tag | None
    outside: _Outside | None = None
    _whole: Page | None = field(default=None, repr=False)

    def possible(self, selectors: Iterable[str]) -> tuple[str, ...]:
        return possible(selectors, self.names)

    def first(
        self,
        finder: Callable[..., _T],
        selectors: tuple[str, ...],
        *args: Any,
        hint: str | None = None,
    ) -> _T | None:
        """The first non-empty finder(root, selectors, *args): the article, then the page.

        The rest of a cut page is only looked at when lxml finds something there that the
        selectors (or ``hint``, an XPath saying what the finder looks for) match: most
        fields missing from an article are missing from the page too.
        """
        if self.article is not None:
            found = self._found(self.article, finder, selectors, args)
            if found:
                return found
        if self.outside is not None and not self.outside.has(hint or selectors):
            return None
        whole = self.whole
        return whole._found(whole.soup, finder, selectors, args)

    def _found(
        self,
        root: Tag,
        finder: Callable[..., _T],
        selectors: tuple[str, ...],
        args: Any,
    ) -> _T | None:
        selectors = self.possible(selectors)
        return finder(root, selectors, *args) if selectors else None

    @property
    def whole(self) -> Page:
        """The whole page's Page (this one unless it is a cut)."""
        if self.outside is None:
            return self
        if self._whole is None:
            self._whole = _whole_page(self.markup)
        return self._whole

    @property
    def read_names(self) -> frozenset[str]:
        """The names of every tree read so far (the whole page's once it was built)."""
        return self._whole.names if self._whole is not None else self.names

    @property
    def primary(self) -> Tag:
        """The article, or the whole page when no article element was found."""
        return self.article if self.article is not None else self.soup


@dataclass(slots=True)
class _Outside:
    """The lxml page with its article: does anything outside the article match?"""

    doc: etree._Element
    article: etree._Element
    _names: frozenset[str] | None = None

    def has(self, selectors: str | Iterable[str]) -> bool:
        """selectors: CSS selectors, or one XPath expression (starting with "/")."""
        if isinstance(selectors, str) and selectors.startswith("/"):
            matcher = _compiled_xpath(selectors)
        else:
            # A class test in XPath looks at every element's class: skip the selectors
            # naming a class or id the page does not have, as in the tree.
            selectors = possible(
                (selectors,) if isinstance(selectors, str) else selectors, self.names
            )
            if not selectors:
                return False
            matcher = _lxml_selector(", ".join(selectors))
        if matcher is None:
            return True  # a selector lxml cannot read: look, to be safe
        return any(not _inside(element, self.article) for element in matcher(self.doc))

    @property
    def names(self) -> frozenset[str]:
        """Every class and id in the page (XPath collects the values in C)."""
        if self._names is None:
            values = self.doc.xpath("//@class | //@id")
            self._names = frozenset(name for value in values for name in value.split())
        return self._names


def parse_page(html: str | bytes) -> Page | NotAnArticle:
    """The page's tree with its article located, or why there is none."""
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
    page = _cut_page(html) or _whole_page(html)
    if page.soup.find("html") is None and not page.soup.find(True):
        return NotAnArticle("not HTML (unparseable markup)")
    return page


def _whole_page(html: str) -> Page:
    # Attributes stay strings (class too): splitting every class attribute into a list
    # while building costs a sixth of the build; the few class tests split what they read.
    soup = BeautifulSoup(html, SOUP_FEATURES, multi_valued_attributes=None)
    names = names_in(soup)
    article = _article(soup, names)
    _drop_never_read(article, names)
    return Page(soup=soup, markup=html, names=names, article=article)


def _cut_page(html: str) -> Page | None:
    """The article and the page facts as a tree, or None (no article: build it whole)."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    article = _lxml_article(doc)
    if article is None:
        return None
    # The furniture no field reads is most of an article element (related posts, comments,
    # share bars): dropped here, it is never built. The text after it stays.
    never_read = _lxml_selector(", ".join(S.NEVER_READ))
    for junk in never_read(article) if never_read is not None else ():
        if junk is not article:
            junk.drop_tree()
    soup = BeautifulSoup(
        _cut_markup(doc, article), SOUP_FEATURES, multi_valued_attributes=None
    )
    cut = soup.find(attrs={_CUT_MARK: True})
    if cut is None or cut.name != article.tag:
        return None  # the parser moved something (unusual nesting): build it whole
    del cut[_CUT_MARK]
    names = names_in(soup)
    return Page(
        soup=soup, markup=html, names=names, article=cut, outside=_Outside(doc, article)
    )


def _cut_markup(doc: etree._Element, article: etree._Element) -> str:
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
    article.set(_CUT_MARK, "")
    try:
        article_markup = _markup(article)
    finally:
        del article.attrib[_CUT_MARK]
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


def _inside(element: etree._Element, ancestor: etree._Element) -> bool:
    """True when element is a descendant of ancestor (ancestor itself is not)."""
    return any(parent is ancestor for parent in element.iterancestors())


def _lxml_article(doc: etree._Element) -> etree._Element | None:
    """The same element ``_article`` finds in a BeautifulSoup tree."""
    for element in doc.iter("article"):
        if str(element.get("id", "")).startswith("post-"):
            return element
    for css in S.ARTICLE:
        matcher = _lxml_selector(css)
        found = matcher(doc) if matcher is not None else []
        if found:
            return found[0]
    return None


@functools.cache
def _lxml_selector(css: str) -> etree.XPath | None:
    """css as a compiled XPath, or None when cssselect cannot translate it."""
    try:
        return _compiled_xpath(HTMLTranslator().css_to_xpath(css))
    except (SelectorError, ValueError, NotImplementedError):
        return None


@functools.cache
def _compiled_xpath(expression: str) -> etree.XPath | None:
    try:
        return etree.XPath(expression)
    except etree.XPathError:
        return None


def fragment_tree(content_html: str) -> Tag:
    """A content fragment (feed item, REST post) in a parent of its own, as in the page.

    bs4 also warns about input without markup, which the parent makes impossible.
    """
    soup = BeautifulSoup(f"<div>{content_html}</div>", SOUP_FEATURES)
    return soup.body or soup


def plain_text(rendered: str | None) -> str:
    """Text of a short HTML string such as a REST ``title.rendered`` (entities decoded)."""
    if not rendered or "<" not in rendered:
        # No markup: parsing would only decode the entities (and bs4 warns on such input).
        return clean_text(html_lib.unescape(rendered or ""))
    return text_of(BeautifulSoup(rendered, SOUP_FEATURES))


def _article(soup: BeautifulSoup, names: frozenset[str]) -> Tag | None:
    """The post's <article>, else the content wrapper."""
    # The usual case without a selector pass over the page: <article id="post-N">.
    return next(
        (
            a
            for a in soup.find_all("article")
            if str(a.get("id", "")).startswith("post-")
        ),
        None,
    ) or select_first(soup, possible(S.ARTICLE, names))


def _drop_never_read(article: Tag | None, names: frozenset[str]) -> None:
    """The furniture inside the article that no field is read from, removed."""
    never_read = possible(S.NEVER_READ, names)
    if article is not None and never_read:
        for junk in select(article, ", ".join(never_read)):
            junk.extract()


# Signatures of common binary formats a crawler might be handed instead of a page.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"RIFF",
    b"\x00\x00\x01\x00",
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def looks_binary(data: bytes) -> bool:
    """True for known binary signatures or a head full of NUL/control bytes."""
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16 text has NUL bytes by design
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return b"\x00" in head or controls > len(head) // 20


def decode_html(data: bytes) -> str:
    """Decode page bytes; never raises (undecodable bytes become U+FFFD)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared_charset(data[:4096])
    if declared and declared != "utf-8":
        return data.decode(declared, errors="replace")
    return data.decode("utf-8", errors="replace")


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # A page declaring a UTF-16 charset in ASCII bytes is lying: it was not UTF-16 encoded.
    return None if name.startswith(("utf-16", "utf-32")) else name
