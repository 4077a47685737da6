"""Shared helpers for the parsers: CSS selection on BeautifulSoup trees, text, element lines."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bs4 import NavigableString, PageElement, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from crawler.parsers.selectors import matches, select, select_first

__all__ = [
    "BLOCK_TAGS",
    "HEADING_TAGS",
    "attr",
    "class_tokens",
    "clean_text",
    "first_attr",
    "first_text",
    "iter_lines",
    "matches",
    "remove",
    "replace_with_text",
    "select",
    "select_first",
    "text_of",
]

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
# Strings that are markup, not text (comments, <!DOCTYPE>, <?…?>).
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


def clean_text(text: str | None) -> str:
    """Collapse every run of whitespace (NBSP included) to one space; drop invisible chars."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def text_of(element: Tag) -> str:
    """The visible text of element, cleaned (script and style text excluded)."""
    return clean_text(element.get_text())


def attr(element: Tag, name: str) -> str | None:
    """An attribute as one string (bs4 gives multi-valued ones such as class as lists)."""
    value = element.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value


def first_text(root: Tag, selectors: Iterable[str]) -> str | None:
    """The first non-empty cleaned text of an element matched by selectors, or None."""
    for css in selectors:
        for element in select(root, css):
            text = text_of(element)
            if text:
                return text
    return None


def first_attr(root: Tag, selectors: Iterable[str], name: str) -> str | None:
    """The first non-empty attribute value of an element matched by selectors, or None."""
    for css in selectors:
        for element in select(root, css):
            value = clean_text(attr(element, name))
            if value:
                return value
    return None


def class_tokens(element: Tag | None) -> set[str]:
    if element is None:
        return set()
    value = element.get("class") or ()
    return set(value.split() if isinstance(value, str) else value)


def remove(element: Tag) -> None:
    """Detach element from its tree; the text around it stays where it was."""
    element.extract()


def replace_with_text(element: Tag, text: str) -> None:
    """Replace element by plain text in its parent."""
    element.replace_with(NavigableString(text))


def iter_lines(root: Tag) -> Iterator[tuple[str, str]]:
    """Yield (text, tag) for each line of root: block elements and <br> end a line.

    ``tag`` is the block element the line started in ("p", "h2", "div", ...). Iterative, so a
    deeply nested page cannot exhaust the recursion limit.
    """
    parts: list[str] = []
    # The block elements enclosing the walk's position: the tag a line after an end is in.
    blocks = [_enclosing_block(root)]
    line_tag = root.name if _is_element(root) else "div"
    # (node, ended): a Tag comes off the stack twice, before and after its children.
    stack: list[tuple[PageElement, bool]] = [
        (n, False) for n in reversed(root.contents)
    ]
    while stack:
        node, ended = stack.pop()
        if isinstance(node, Tag):
            name = node.name
            breaks = name == "br" or name in BLOCK_TAGS
            if breaks:
                text = clean_text("".join(parts))
                if text:
                    yield text, line_tag
                parts = []
                if ended:
                    if name != "br":
                        blocks.pop()
                    line_tag = blocks[-1]
                elif name != "br":
                    line_tag = name
                    blocks.append(name)
            if not ended and name not in _INVISIBLE_TAGS:
                # Script and style are skipped whole: no text, no end, no line break.
                stack.append((node, True))
                stack.extend((n, False) for n in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, _NOT_TEXT):
            parts.append(node)
    text = clean_text("".join(parts))
    if text:
        yield text, line_tag


def _is_element(node: Tag) -> bool:
    # The BeautifulSoup object is a Tag named "[document]".
    return not node.name.startswith("[")


def _enclosing_block(root: Tag) -> str:
    """The block tag a line directly in root belongs to: root's own or its nearest block."""
    element: Tag | None = root
    while element is not None:
        if element.name in BLOCK_TAGS:
            return element.name
        element = element.parent
    return "div"
