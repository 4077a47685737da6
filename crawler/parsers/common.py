"""Tree and text helpers: CSS selection on BeautifulSoup trees, clean text, element lines.

Selection is soupsieve's, compiled once per selector. It walks every element below the root
in Python, so a selector naming a class or id that no element of the page carries is not run
at all (``possible``, given the page's ``names_in``): on a Daily NK page most selectors of the
other template generations cannot match, and skipping them costs a set lookup.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator

import soupsieve
from bs4 import NavigableString, PageElement, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

# Class and id names a selector requires (outside quoted attribute values).
_REQUIRED_NAME = re.compile(r"[.#](-?[A-Za-z_][\w-]*)")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")


@functools.cache
def _compiled(css: str) -> soupsieve.SoupSieve:
    return soupsieve.compile(css)


@functools.cache
def _required_names(css: str) -> tuple[tuple[str, ...], ...]:
    """Per comma-separated alternative, the class/id names it cannot match without."""
    unquoted = _QUOTED.sub('""', css)
    if ":not(" in unquoted or "," in unquoted.partition("(")[2]:
        return ((),)  # names inside :not()/:is() are not requirements
    return tuple(tuple(_REQUIRED_NAME.findall(part)) for part in unquoted.split(","))


def names_in(root: Tag) -> frozenset[str]:
    """Every class and id carried by an element under root (one pass)."""
    names: set[str] = set()
    for element in root.descendants:
        if type(element) is not Tag:
            continue
        attrs = element.attrs
        classes = attrs.get("class")
        if classes:
            names.update(classes.split() if isinstance(classes, str) else classes)
        ident = attrs.get("id")
        if isinstance(ident, str):
            names.add(ident)
    return frozenset(names)


def could_match(css: str, names: Collection[str]) -> bool:
    """False when no alternative of css can match: a class or id it needs is absent."""
    return any(all(name in names for name in need) for need in _required_names(css))


def possible(
    selectors: Iterable[str], names: Collection[str] | None
) -> tuple[str, ...]:
    """The selectors that could match in a tree with these names (all, without names)."""
    if names is None:
        return tuple(selectors)
    return tuple(css for css in selectors if could_match(css, names))


def select(root: Tag, css: str) -> list[Tag]:
    """The elements below root matching css, in document order (root itself excluded)."""
    simple = _simple_test(css)
    if simple is not None:
        return root.find_all(simple)
    return _compiled(css).select(root)


def select_first(root: Tag, selectors: Iterable[str]) -> Tag | None:
    """The first element matched by the first selector that matches anything."""
    for css in selectors:
        simple = _simple_test(css)
        found = root.find(simple) if simple else _compiled(css).select_one(root)
        if found is not None:
            return found
    return None


# "tag", ".a.b", "#id", "tag.a" and groups of them: no combinator, attribute or pseudo-class.
_SIMPLE = re.compile(
    r"(?P<tag>[a-z][a-z0-9]*)?(?P<classes>(?:\.[\w-]+)*)(?:#(?P<id>[\w-]+))?"
)
Test = Callable[[Tag], bool]
Compound = tuple[str | None, frozenset[str], str | None]  # tag, classes, id


@functools.cache
def _simple_test(css: str) -> Test | None:
    """A plain test for bs4's own find_all when css is simple (soupsieve's per-element
    matching costs several times more); None for any other selector."""
    compounds: list[Compound] = []
    for part in css.split(","):
        match = _SIMPLE.fullmatch(part.strip())
        if not match or not part.strip():
            return None
        classes = frozenset(c for c in match.group("classes").split(".") if c)
        compounds.append((match.group("tag"), classes, match.group("id")))

    # Looked up by what an element has (its tag, id, class tokens) rather than trying
    # every compound on every element: a group of twenty selectors costs a few lookups.
    by_key: dict[str, list[Compound]] = {}
    for tag, classes, ident in compounds:
        key = f".{min(classes)}" if classes else f"#{ident}" if ident else tag or "*"
        by_key.setdefault(key, []).append((tag, classes, ident))
    anything = by_key.get("*", [])

    def test(element: Tag) -> bool:
        attrs = element.attrs
        value = attrs.get("class")
        tokens = value.split() if isinstance(value, str) else value or ()
        ident = attrs.get("id")
        candidates = [*anything, *by_key.get(element.name, ())]
        if ident:
            candidates += by_key.get(f"#{ident}", ())
        for token in tokens:
            candidates += by_key.get(f".{token}", ())
        return any(
            (tag is None or element.name == tag)
            and (want is None or ident == want)
            and classes.issubset(tokens)
            for tag, classes, want in candidates
        )

    return test


def matches(element: Tag, css: str) -> bool:
    return _compiled(css).match(element)


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
