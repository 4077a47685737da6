"""Shared helpers for the parsers: CSS selection on lxml trees, text cleaning, element lines."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from lxml import etree
from lxml.cssselect import CSSSelector

_T = TypeVar("_T")

# Characters that carry no text: zero-width spaces and joiners, soft hyphen, BOM.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
# str.split()/\s cover NBSP, thin spaces and the ideographic space as well as ASCII space.
_WHITESPACE = re.compile(r"\s+")

# Elements whose start and end break a line of text (HTML block and list elements).
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text is never shown to a reader.
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})


def clean_text(text: str | None) -> str:
    """Collapse every run of whitespace (NBSP included) to one space; drop invisible chars."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


@functools.cache
def _compiled(css: str) -> CSSSelector:
    # Compiled once per selector string: the XPath translation costs more than the match.
    return CSSSelector(css, translator="html")


def select(root: etree._Element, css: str) -> list[etree._Element]:
    """All elements under root matching one CSS selector, in document order."""
    return _compiled(css)(root)


def select_first(
    root: etree._Element, selectors: Iterable[str]
) -> etree._Element | None:
    """The first element matched by the first selector that matches anything."""
    for css in selectors:
        found = _compiled(css)(root)
        if found:
            return found[0]
    return None


def first_text(root: etree._Element, selectors: Iterable[str]) -> str | None:
    """The first non-empty cleaned text of an element matched by selectors, or None."""
    for css in selectors:
        for element in _compiled(css)(root):
            text = clean_text(element.text_content())
            if text:
                return text
    return None


def first_attr(root: etree._Element, selectors: Iterable[str], attr: str) -> str | None:
    """The first non-empty attribute value of an element matched by selectors, or None."""
    for css in selectors:
        for element in _compiled(css)(root):
            value = clean_text(element.get(attr))
            if value:
                return value
    return None


def first_in(
    roots: Sequence[etree._Element], finder: Callable[..., _T], *args: Any
) -> _T | None:
    """The first non-empty result of finder(root, *args) over roots (the article, then the page).

    Selectors run in the article's subtree first: it is a fraction of the page, so each CSS
    match is cheaper there, and the sidebar's look-alike blocks cannot be hit first.
    """
    for root in roots:
        found = finder(root, *args)
        # Not "if found": an lxml element without children is falsy.
        if found is not None and not (
            isinstance(found, str | list | tuple) and not found
        ):
            return found
    return None


def class_tokens(element: etree._Element | None) -> set[str]:
    if element is None:
        return set()
    return set((element.get("class") or "").split())


def remove_keeping_tail(element: etree._Element) -> None:
    """Detach element from its tree but keep the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def replace_with_text(element: etree._Element, text: str) -> None:
    """Replace element by plain text (followed by its tail) in its parent."""
    element.tail = text + (element.tail or "")
    remove_keeping_tail(element)


def strip_comments(root: etree._Element) -> None:
    # lxml's iterwalk does not report comments, so their tails would be lost: remove them first.
    etree.strip_elements(
        root, etree.Comment, etree.ProcessingInstruction, with_tail=False
    )


def iter_lines(root: etree._Element) -> Iterator[tuple[str, str]]:
    """Yield (text, tag) for each line of root: block elements and <br> end a line.

    ``tag`` is the block element the line started in ("p", "h2", "div", ...). Iterative, so a
    deeply nested page cannot exhaust the recursion limit.
    """
    parts: list[str] = []
    line_tag = root.tag if isinstance(root.tag, str) else "div"
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        breaks = tag in BLOCK_TAGS or tag == "br"
        if event == "start":
            if breaks and element is not root:
                text = clean_text("".join(parts))
                if text:
                    yield text, line_tag
                parts = []
                if tag != "br":
                    line_tag = tag
            if tag in _INVISIBLE_TAGS:
                walker.skip_subtree()  # the "end" event still comes and adds the tail
            elif element.text:
                parts.append(element.text)
        else:
            if breaks:
                text = clean_text("".join(parts))
                if text:
                    yield text, line_tag
                parts = []
                line_tag = _parent_block_tag(element)
            if element.tail and element is not root:
                parts.append(element.tail)
    text = clean_text("".join(parts))
    if text:
        yield text, line_tag


def _parent_block_tag(element: etree._Element) -> str:
    parent = element.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and parent.tag in BLOCK_TAGS:
            return parent.tag
        parent = parent.getparent()
    return "div"
