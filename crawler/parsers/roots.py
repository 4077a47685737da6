"""Where fields are looked for: the article's BeautifulSoup tree, then the page's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from crawler.parsers.cut import cut_out, page_soup
from crawler.parsers.document import lxml_select

if TYPE_CHECKING:
    from bs4 import Tag
    from lxml import etree

_T = TypeVar("_T")


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
        prune: tuple[str, ...] = (),
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

    @property
    def page_built(self) -> bool:
        """Whether the whole page had to be turned into a tree (the slow path)."""
        return self._page is not None

    def page(self) -> Tag:
        """The whole page's tree, built on first use."""
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
        ``probe``, a function of the lxml page such as an XPath, or else the selectors):
        most missing fields are simply absent, and building the page's tree costs more
        than all the rest of the parse.
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
        """Whether lxml sees a candidate outside the article (the page tree, once built,
        is searched anyway)."""
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
