"""lxml subtree -> BeautifulSoup tree: the article cut out of the page, pruned first.

Building a BeautifulSoup tree costs Python work per node, and a Daily NK page is mostly
menus, sidebars, footer and scripts: only the article's branch of the page becomes a
tree, without the furniture inside it that no field is read from.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from dataclasses import dataclass

import lxml.html
from bs4 import BeautifulSoup, Tag
from lxml import etree

from crawler.parsers.document import lxml_select

# The tree builder, always named: bs4 would otherwise pick one per machine and warn.
SOUP_FEATURES = "lxml"
# Never read from the article tree: dropped before it is built (JSON-LD is read earlier).
_NEVER_READ = ("script", "style", "template")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_:][-\w:.]*")


def cut_out(element: etree._Element, prune: tuple[str, ...] = ()) -> Tag:
    """A BeautifulSoup tree of element's subtree; returns element's counterpart in it.

    The element's ancestors come along as empty shells (tag and attributes only), so a
    selector such as ".td-post-header time" matches as it would in the whole page.
    Mutates element: scripts, styles and what the ``prune`` selectors match are dropped
    from it first (the text after them stays).
    """
    etree.strip_elements(element, *_NEVER_READ, with_tail=False)
    for junk in _matching_descendants(element, prune):
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
        if isinstance(name, str) and _ATTRIBUTE_NAME.fullmatch(name)
    )
    return f"<{element.tag}{attributes}>"


def _matching_descendants(
    element: etree._Element, selectors: tuple[str, ...]
) -> list[etree._Element]:
    """Descendants of element matching any of the selectors.

    Simple selectors ("svg", ".td-a-rec", "ins.adsbygoogle", "#comments") are looked up
    by the node's tag, class tokens and id in one Python pass over the subtree: cssselect's
    XPath walks it once per selector comparing normalized class strings, which for twenty
    selectors costs more than the BeautifulSoup nodes the pruning saves. Other selectors
    go through lxml's CSS.
    """
    plan = _prune_plan(selectors)
    found = []
    for node in element.iterdescendants():
        tag = node.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        classes = node.get("class")
        tokens = frozenset(classes.split()) if classes else frozenset()
        keyed = [s for t in tokens for s in plan.by_class.get(t, ())]
        keyed += plan.by_key.get(tag, []) + plan.by_key.get(f"#{node.get('id')}", [])
        if any(_matches_simple(node, tokens, s) for s in keyed):
            found.append(node)
    for css in plan.others:
        found += [e for e in lxml_select(element, css) if e is not element]
    return found


SimpleSelector = tuple[str | None, frozenset[str], str | None]  # tag, classes, id


@dataclass(frozen=True, slots=True)
class _PrunePlan:
    by_class: dict[str, list[SimpleSelector]]  # by the selector's first class
    by_key: dict[str, list[SimpleSelector]]  # the rest by "#id", else by tag
    others: list[str]  # not simple: matched with lxml's CSS


@functools.cache
def _prune_plan(selectors: tuple[str, ...]) -> _PrunePlan:
    plan = _PrunePlan({}, {}, [])
    for css in selectors:
        simple = _simple_selector(css)
        if simple is None:
            plan.others.append(css)
            continue
        tag, classes, ident = simple
        if classes:
            plan.by_class.setdefault(min(classes), []).append(simple)
        else:
            plan.by_key.setdefault(f"#{ident}" if ident else tag or "*", []).append(
                simple
            )
    return plan


def _matches_simple(
    node: etree._Element, tokens: frozenset[str], selector: SimpleSelector
) -> bool:
    tag, classes, ident = selector
    return (
        (tag is None or node.tag == tag)
        and (ident is None or node.get("id") == ident)
        and classes <= tokens
    )


_SIMPLE_SELECTOR = re.compile(
    r"(?P<tag>[A-Za-z][\w-]*)?(?P<classes>(?:\.[\w-]+)*)(?:#(?P<id>[\w-]+))?"
)


@functools.cache
def _simple_selector(css: str) -> SimpleSelector | None:
    """(tag, classes, id) of a selector like "ins.adsbygoogle" or "#comments", else None."""
    match = _SIMPLE_SELECTOR.fullmatch(css.strip())
    if not match or not css.strip():
        return None
    tag = match.group("tag").lower() if match.group("tag") else None
    classes = frozenset(c for c in match.group("classes").split(".") if c)
    return tag, classes, match.group("id")
