"""People: the byline (name, author page) joined with the author box (bio, e-mail).

The translator and editor are credited in a footer line of the body (footer.py reads the
line, body.py finds it); the contact address likewise.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crawler.items import Author
from crawler.parsers import selectors as S
from crawler.parsers.cfemail import EMAIL, strip_placeholder
from crawler.parsers.common import attr, clean_text, select, select_first
from crawler.parsers.fallback import ld_list
from crawler.urls import canonical_url

if TYPE_CHECKING:
    from bs4 import Tag

    from crawler.parsers.document import Page
    from crawler.parsers.fallback import PageMeta

_BY = re.compile(r"^(?:by|written\s+by)\s*:?\s+|\s*[-\u2013|]\s*$", re.IGNORECASE)


def read_authors(page: Page, meta: PageMeta, base: str | None) -> list[Author]:
    """Byline authors with bios from the author boxes; meta and JSON-LD as fallbacks."""
    authors = page.first(_byline, S.BYLINE, base) or _from_meta(meta, base)
    boxes = page.first(_author_boxes, S.AUTHOR_BOX, base) or []
    if not boxes:
        # No author box shown (2019 pages): Yoast's JSON-LD Person has the bio.
        return [_with_ld_bio(a, meta, len(authors)) for a in authors]
    if len(authors) == 1 and len(boxes) == 1:
        # One author, one box: the same person even if the box omits or respells the name.
        return [_merge(authors[0], boxes[0])]
    by_name = {b.name.casefold(): b for b in boxes if b.name}
    merged = [_merge(a, by_name.get(a.name.casefold())) for a in authors]
    return merged or [b for b in boxes if b.name]


def _byline(root: Tag, selectors: tuple[str, ...], base: str | None) -> list[Author]:
    container = select_first(root, selectors)
    if container is None:
        return []
    authors: list[Author] = []
    if container.name == "a":
        links = [container]
    else:
        links = [a for a in container.find_all("a") if clean_text(a.get_text())]
    for link in links:
        name = _name(link.get_text())
        if name and all(a.name != name for a in authors):
            url = canonical_url(attr(link, "href"), base)
            authors.append(Author(name=name, url=url))
    if not authors:
        name = _name(container.get_text())
        if name:
            authors.append(Author(name=name))
    return authors


def _author_boxes(
    root: Tag, selectors: tuple[str, ...], base: str | None
) -> list[Author]:
    authors = []
    for selector in selectors:
        for box in select(root, selector):
            author = _box_author(box, base)
            if author and all(a.name != author.name or not a.name for a in authors):
                authors.append(author)
        if authors:
            break
    return authors


def _box_author(box: Tag, base: str | None) -> Author | None:
    """The box's author; the name may be empty (a box with only avatar and bio)."""
    name_element = select_first(box, S.AUTHOR_BOX_NAME)
    name = _name(name_element.get_text()) if name_element is not None else ""
    link = None
    if name_element is not None:
        link = (
            name_element
            if name_element.name == "a"
            else select_first(name_element, ("a[href]",))
        )
    url = canonical_url(attr(link, "href"), base) if link is not None else None
    bio_element = select_first(box, S.AUTHOR_BOX_BIO)
    bio = (
        clean_text(strip_placeholder(bio_element.get_text()))
        if bio_element is not None
        else ""
    )
    if not name and not bio:
        return None
    email = EMAIL.search(bio) if bio else None
    return Author(
        name=name, url=url, bio=bio or None, email=email.group(0) if email else None
    )


def _merge(author: Author, box: Author | None) -> Author:
    if box is None:
        return author
    return Author(
        name=author.name, url=author.url or box.url, bio=box.bio, email=box.email
    )


def _with_ld_bio(author: Author, meta: PageMeta, count: int) -> Author:
    people = [p for p in meta.people if isinstance(p.get("name"), str)]
    same = [
        p for p in people if clean_text(p["name"]).casefold() == author.name.casefold()
    ]
    if not same and count == 1 and len(people) == 1:
        same = people  # one author, one Person: the same, however spelled
    description = same[0].get("description") if same else None
    if author.bio or not isinstance(description, str):
        return author
    bio = clean_text(strip_placeholder(description))
    if not bio:
        return author
    email = EMAIL.search(bio)
    return Author(
        name=author.name,
        url=author.url,
        bio=bio,
        email=author.email or (email.group(0) if email else None),
    )


def _from_meta(meta: PageMeta, base: str | None) -> list[Author]:
    authors = []
    for node in ld_list(meta.ld("author")):
        if isinstance(node, dict) and isinstance(node.get("name"), str):
            url = node.get("url") if isinstance(node.get("url"), str) else None
            authors.append(
                Author(name=clean_text(node["name"]), url=canonical_url(url, base))
            )
        elif isinstance(node, str) and clean_text(node):
            authors.append(Author(name=clean_text(node)))
    if not authors:
        name = meta.first("author", "article:author") or meta.microdata.get("author")
        if name and not name.startswith("http"):
            authors.append(Author(name=name))
    return authors


def _name(text: str | None) -> str:
    return _BY.sub("", clean_text(text)).strip()
