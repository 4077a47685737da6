"""CSS selection on BeautifulSoup trees: soupsieve selectors, tried only where they can match.

soupsieve's ``select`` tests every element under the root against the selector, in Python:
on an article tree that is ~200 elements per selector, and the cascade runs dozens of
selectors. Browsers avoid this by indexing elements by tag, class and id and looking up
the selector's subject (its rightmost compound) first; this module does the same. Each tree
gets an index on first use (one pass), and soupsieve matches only the elements in the
smallest bucket the subject names. Selectors without such a key fall back to a full
soupsieve ``select``. Results are the same either way: the root's descendants that match,
in document order (the root itself is never a match, as with bs4's ``select``).

The index assumes a tree is only pruned after it is first searched (elements removed, text
replaced), never given new elements: a removed element is skipped because it is no longer
under the root.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import soupsieve
from bs4 import Tag

_INDEX_ATTR = "_nkwatch_selector_index"
# Escapes and namespaces: no key is read from such selectors (they get a full scan).
_UNSUPPORTED = re.compile(r"[\\|]")
# Quoted attribute values never give a key, and may hold brackets, commas or spaces.
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_TAG = re.compile(r"^([A-Za-z][\w-]*)")
_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
_ID = re.compile(r"#(-?[A-Za-z_][\w-]*)")
_ATTR = re.compile(r"\[\s*([A-Za-z_:][\w:.-]*)")

Key = tuple[str, str]  # ("tag" | "class" | "id" | "attr", name)
Compound = tuple[Key, ...]  # what an element matching one compound selector must have


@dataclass(slots=True)
class _Index:
    """A tree's elements bucketed by key, each bucket in document order."""

    order: dict[int, int] = field(default_factory=dict)  # id(element) -> position
    buckets: defaultdict[Key, list[Tag]] = field(
        default_factory=lambda: defaultdict(list)
    )
    id_sets: dict[Key, frozenset[int]] = field(default_factory=dict)

    def smallest(self, compound: Compound) -> tuple[Key, list[Tag]]:
        key = min(compound, key=lambda k: len(self.buckets.get(k, ())))
        return key, self.buckets.get(key, [])

    def ids(self, key: Key) -> frozenset[int]:
        found = self.id_sets.get(key)
        if found is None:
            found = self.id_sets[key] = frozenset(map(id, self.buckets.get(key, ())))
        return found


@dataclass(frozen=True, slots=True)
class _Group:
    """One comma-separated selector, reduced to what the index can look up."""

    subject: Compound  # the rightmost compound: candidates come from its bucket
    ancestors: tuple[Compound, ...]  # joined to the subject by " " or ">" only
    others: tuple[Compound, ...]  # behind a sibling combinator: they must only exist


@dataclass(frozen=True, slots=True)
class _Selector:
    sieve: soupsieve.SoupSieve
    groups: tuple[_Group, ...] | None  # None: no usable key, soupsieve scans everything


@functools.cache
def compiled(css: str) -> _Selector:
    # Parsing a selector costs far more than matching one element: do it once per string.
    sieve = soupsieve.compile(css)
    unquoted = _QUOTED.sub('""', css)
    if _UNSUPPORTED.search(unquoted):
        return _Selector(sieve, None)
    groups = tuple(_group(text) for text in _split(unquoted, ","))
    if not all(g.subject for g in groups):
        return _Selector(sieve, None)
    return _Selector(sieve, groups)


def select(root: Tag, css: str) -> list[Tag]:
    """All elements under root matching one CSS selector, in document order."""
    selector = compiled(css)
    if selector.groups is None:
        return selector.sieve.select(root)
    return list(_indexed_matches(root, selector.sieve, selector.groups))


def select_first(root: Tag, selectors: Iterable[str]) -> Tag | None:
    """The first element matched by the first selector that matches anything."""
    for css in selectors:
        selector = compiled(css)
        if selector.groups is None:
            found = selector.sieve.select_one(root)
        else:
            found = next(_indexed_matches(root, selector.sieve, selector.groups), None)
        if found is not None:
            return found
    return None


def matches(element: Tag, css: str) -> bool:
    """Whether element itself matches the CSS selector."""
    return compiled(css).sieve.match(element)


def _indexed_matches(
    root: Tag, sieve: soupsieve.SoupSieve, groups: tuple[_Group, ...]
) -> Iterator[Tag]:
    index = _index_of(root)
    candidates: list[Tag] = []
    for group in groups:
        candidates.extend(_group_candidates(index, group, root))
    if len(groups) > 1:
        # Several groups: merge their candidates back into document order, once each.
        unique = {id(c): c for c in candidates}
        candidates = sorted(unique.values(), key=lambda c: index.order[id(c)])
    # soupsieve decides; the index only spared it the elements that cannot match.
    return (c for c in candidates if sieve.match(c))


def _group_candidates(index: _Index, group: _Group, root: Tag) -> list[Tag]:
    """Elements under root that have the subject's keys and ancestors with the others'."""
    if any(not index.smallest(c)[1] for c in group.others):
        return []
    ancestor_sets = []
    for compound in group.ancestors:
        key, bucket = index.smallest(compound)
        if not bucket:
            return []  # e.g. ".td-post-header time" on a page without .td-post-header
        ancestor_sets.append(index.ids(key))
    found = []
    for candidate in index.smallest(group.subject)[1]:
        if not ancestor_sets:
            if _is_under(candidate, root):
                found.append(candidate)
            continue
        path = _path_up(candidate, root)
        if path is not None and all(not s.isdisjoint(path) for s in ancestor_sets):
            found.append(candidate)
    return found


def _is_under(element: Tag, root: Tag) -> bool:
    parent = element.parent
    while parent is not None:
        if parent is root:
            return True
        parent = parent.parent
    return False


def _path_up(element: Tag, root: Tag) -> list[int] | None:
    """The ids of element's ancestors up to the top, or None if root is not one of them."""
    path, under = [], False
    parent = element.parent
    while parent is not None:
        under = under or parent is root
        path.append(id(parent))
        parent = parent.parent
    return path if under else None


def _index_of(root: Tag) -> _Index:
    top = root
    while top.parent is not None:
        top = top.parent
    # Not getattr(): on a Tag, an unknown attribute is read as a search for a child tag.
    index = top.__dict__.get(_INDEX_ATTR)
    if index is None:
        index = _build_index(top)
        top.__dict__[_INDEX_ATTR] = index
    return index


def _build_index(top: Tag) -> _Index:
    index = _Index()
    buckets = index.buckets
    position = 0
    for node in top.descendants:
        if not isinstance(node, Tag):
            continue
        position += 1
        index.order[id(node)] = position
        buckets["tag", node.name].append(node)
        for name, value in node.attrs.items():
            buckets["attr", name].append(node)
            if name == "class":
                for token in value.split() if isinstance(value, str) else value:
                    buckets["class", token].append(node)
            elif name == "id" and isinstance(value, str):
                buckets["id", value].append(node)
    return index


def _group(selector: str) -> _Group:
    """Split a selector into compounds: the subject, its ancestors and the rest."""
    parts = _compounds(selector)
    subject = _keys(parts[-1][1]) if parts else ()
    ancestors: list[Compound] = []
    others: list[Compound] = []
    chain = True  # still walking left over descendant and child combinators only
    for i in range(len(parts) - 1, 0, -1):
        chain = chain and parts[i][0] in " >"
        keys = _keys(parts[i - 1][1])
        if keys:
            (ancestors if chain else others).append(keys)
    return _Group(subject, tuple(ancestors), tuple(others))


def _compounds(selector: str) -> list[tuple[str, str]]:
    """[(combinator before it, compound)] left to right; the first combinator is ""."""
    parts: list[tuple[str, str]] = []
    current: list[str] = []
    combinator, depth = "", 0
    for char in selector.strip():
        if depth == 0 and (char.isspace() or char in ">+~"):
            if current:
                parts.append((combinator, "".join(current)))
                current, combinator = [], " "
            if not char.isspace():
                combinator = char
            continue
        depth += (char in "([") - (char in ")]")
        current.append(char)
    if current:
        parts.append((combinator, "".join(current)))
    return parts


def _keys(compound: str) -> Compound:
    """Keys an element matching compound must have (its tag, classes, id, attributes)."""
    plain = _outside(compound, "(", ")")  # ":has(img)" says nothing about the element
    outside_brackets = _outside(plain, "[", "]")
    keys: list[Key] = []
    tag = _TAG.match(plain)
    if tag:
        keys.append(("tag", tag.group(1).lower()))
    keys += [("class", name) for name in _CLASS.findall(outside_brackets)]
    keys += [("id", name) for name in _ID.findall(outside_brackets)]
    keys += [("attr", name.lower()) for name in _ATTR.findall(plain)]
    return tuple(keys)


def _split(text: str, separator: str) -> list[str]:
    """text split at separator where it is outside brackets and parentheses."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if char == separator and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces]


def _outside(text: str, opening: str, closing: str) -> str:
    """text without what is inside the opening/closing pairs (kept: the pairs, empty)."""
    out, depth = [], 0
    for char in text:
        if char == opening:
            if depth == 0:
                out.append(char)
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                out.append(char)
        elif depth == 0:
            out.append(char)
    return "".join(out)
