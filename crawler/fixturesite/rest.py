"""WordPress REST API answers: ``/english/wp-json/wp/v2/posts`` lists and single posts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from crawler.fixturesite.content import post_content
from crawler.fixturesite.markup import (
    rest_gmt,
    rest_local,
    slugify,
    stable_int,
    texturize,
)
from crawler.fixturesite.spec import HOME, ArticleSpec

if TYPE_CHECKING:
    from crawler.fixturesite.entry import Entry

API = f"{HOME}wp-json/wp/v2"
MAX_PER_PAGE = 100
#: Term ids of the categories the real site is known to have; others get a stable id.
CATEGORY_IDS = {"News": 3, "Headline": 5, "News & Analysis": 7, "Analysis & Opinion": 9, "Opinion": 11,
                "Market Indicators": 13, "Snapshots": 15}  # fmt: skip


def category_id(name: str) -> int:
    return CATEGORY_IDS.get(name) or stable_int("cat:" + name, 20, 400)


def tag_id(name: str) -> int:
    return stable_int("tag:" + slugify(name), 400, 9000)


def user_id(login: str | None, name: str) -> int:
    return stable_int("user:" + (login or name), 2, 90)


def encode(data: Any) -> bytes:
    """PHP's json_encode as WordPress calls it: ASCII only, slashes escaped."""
    return (
        json.dumps(data, ensure_ascii=True, separators=(",", ":"))
        .replace("/", "\\/")
        .encode("ascii")
    )


def post_json(entry: Entry, spec: ArticleSpec) -> dict[str, Any]:
    """One post object with the fields WordPress returns in the default (view) context."""
    name, login = entry.authors[0]
    author = user_id(login, name)
    excerpt = texturize(entry.excerpt, entities=True)
    return {
        "id": entry.post_id,
        # WordPress: ``date`` is local time (KST), ``date_gmt`` UTC, both without an offset.
        "date": rest_local(entry.published),
        "date_gmt": rest_gmt(entry.published),
        "guid": {"rendered": entry.shortlink},
        "modified": rest_local(entry.updated),
        "modified_gmt": rest_gmt(entry.updated),
        "slug": entry.slug,
        "status": "publish",
        "type": "post",
        "link": entry.url,
        "title": {"rendered": texturize(entry.title, entities=True)},
        "content": {"rendered": post_content(spec) + "\n", "protected": False},
        "excerpt": {"rendered": f"<p>{excerpt} [&hellip;]</p>\n", "protected": False},
        "author": author,
        "featured_media": stable_int("media:" + spec.image.file, 1000, 99999)
        if spec.image
        else 0,
        "comment_status": "open",
        "ping_status": "open",
        "sticky": False,
        "template": "",
        "format": "standard",
        "meta": [],
        "categories": [category_id(c) for c in entry.categories],
        "tags": [tag_id(t) for t in entry.tags],
        "_links": {
            "self": [{"href": f"{API}/posts/{entry.post_id}"}],
            "collection": [{"href": f"{API}/posts"}],
            "about": [{"href": f"{API}/types/post"}],
            "author": [{"embeddable": True, "href": f"{API}/users/{author}"}],
            "replies": [
                {
                    "embeddable": True,
                    "href": f"{HOME}wp-json/wp/v2/comments?post={entry.post_id}",
                }
            ],
            "wp:attachment": [{"href": f"{API}/media?parent={entry.post_id}"}],
            "curies": [
                {"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}
            ],
        },
    }


def error_json(code: str, message: str, status: int, **extra: Any) -> bytes:
    return encode(
        {"code": code, "message": message, "data": {"status": status, **extra}}
    )
