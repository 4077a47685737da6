"""WordPress REST posts (``/wp-json/wp/v2/posts``) -> Report."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from crawler.items import Author, Image, Report
from crawler.parsers.body import read_fragment
from crawler.parsers.document import plain_text
from crawler.parsers.images import split_caption
from crawler.parsers.outcome import NotAnArticle, finish_report
from crawler.parsers.times import local_time, true_time
from crawler.urls import canonical_url


def reports_from_rest(data: bytes | str | list[Any]) -> list[Report | NotAnArticle]:
    """One entry per post of a posts listing (or a single post object), in order."""
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            return []
    posts = data if isinstance(data, list) else [data]
    return [report_from_post(post) for post in posts if isinstance(post, dict)]


def report_from_post(post: dict[str, Any]) -> Report | NotAnArticle:
    url = canonical_url(_str(post.get("link")))
    title = plain_text(_rendered(post.get("title")))
    published = _time(post, "date")
    if not url or not title or published is None:
        return NotAnArticle("REST post without link, title or date")
    content, korean_url = read_fragment(_rendered(post.get("content")), url)
    if not content.body:
        return NotAnArticle("REST post without body text")
    embedded = post.get("_embedded") if isinstance(post.get("_embedded"), dict) else {}
    categories, tags = _terms(embedded)
    post_id = post.get("id")
    report = Report(
        **content.report_fields(),
        url=url,
        post_id=post_id if isinstance(post_id, int) else None,
        title=title,
        published_at=published,
        modified_at=_modified(post, published),
        authors=tuple(_authors(embedded)),
        categories=tuple(categories),
        tags=tuple(tags),
        image=_featured(embedded),
        korean_url=korean_url,
    )
    return finish_report(report)


def _modified(post: dict[str, Any], published: datetime) -> datetime | None:
    # As on the page: a modification time equal to the publication time says nothing.
    modified = _time(post, "modified")
    return modified if modified != published else None


def _time(post: dict[str, Any], key: str) -> datetime | None:
    """``<key>_gmt`` is UTC without offset; ``<key>`` the site's local time, KST."""
    return true_time(_str(post.get(f"{key}_gmt"))) or local_time(_str(post.get(key)))


def _authors(embedded: dict[str, Any]) -> list[Author]:
    authors = []
    for node in embedded.get("author") or ():
        if isinstance(node, dict) and _str(node.get("name")):
            authors.append(
                Author(
                    name=plain_text(node["name"]),
                    url=canonical_url(_str(node.get("link"))),
                    bio=plain_text(_str(node.get("description"))) or None,
                )
            )
    return authors


def _terms(embedded: dict[str, Any]) -> tuple[list[str], list[str]]:
    categories: list[str] = []
    tags: list[str] = []
    for group in embedded.get("wp:term") or ():
        for term in group if isinstance(group, list) else ():
            if not isinstance(term, dict):
                continue
            name = plain_text(_str(term.get("name")))
            target = {"category": categories, "post_tag": tags}.get(
                term.get("taxonomy")
            )
            if name and target is not None and name not in target:
                target.append(name)
    return categories, tags


def _featured(embedded: dict[str, Any]) -> Image | None:
    media = embedded.get("wp:featuredmedia") or ()
    node = media[0] if media and isinstance(media[0], dict) else None
    if node is None or not _str(node.get("source_url")):
        return None
    caption, credit = split_caption(plain_text(_rendered(node.get("caption"))))
    alt = plain_text(_str(node.get("alt_text")))
    return Image(
        url=node["source_url"], alt=alt or None, caption=caption, credit=credit
    )


def _rendered(field: Any) -> str:
    if isinstance(field, dict):
        return _str(field.get("rendered")) or ""
    return _str(field) or ""


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
