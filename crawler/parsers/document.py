"""The page as one BeautifulSoup tree: bytes or text in, a Page or the reason there is none.

bytes are decoded by BOM, then <meta> charset, then UTF-8 with replacement. The tree is
the article cut out by lxml (``cut.py``) with the page's <meta>, <title>, <link> and JSON-LD;
the rest of the page is built into a tree only when a field is not in the article and lxml
says the page has it elsewhere (``Page.first``), and a page without an article element is
built whole. Trees are built with lxml as bs4's parser (always named: bs4 would otherwise
pick one per machine and warn).
"""

from __future__ import annotations

import codecs
import html as html_lib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bs4 import BeautifulSoup, Tag

from crawler.parsers import selectors as S
from crawler.parsers.common import (
    clean_text,
    names_in,
    possible,
    select,
    select_first,
    text_of,
)
from crawler.parsers.cut import CUT_MARK, Outside, cut_article
from crawler.parsers.outcome import NotAnArticle

SOUP_FEATURES = "lxml"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_T = TypeVar("_T")


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
    outside: Outside | None = None
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
    cut = cut_article(html)
    if cut is None:
        return None
    soup = BeautifulSoup(cut.markup, SOUP_FEATURES, multi_valued_attributes=None)
    article = soup.find(attrs={CUT_MARK: True})
    if article is None or article.name != cut.article.tag:
        return None  # the parser moved something (unusual nesting): build it whole
    del article[CUT_MARK]
    return Page(
        soup=soup,
        markup=html,
        names=names_in(soup),
        article=article,
        outside=Outside(cut.doc, cut.article),
    )


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
