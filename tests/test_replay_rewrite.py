"""Link rewriting for the local server, and conditional GET decisions."""

from __future__ import annotations

import pytest

from crawler.replay.conditional import not_modified
from crawler.replay.rewrite import LinkRewriter, is_text

LOCAL = "http://127.0.0.1:8765"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b'href="https://www.dailynk.com/english/a/"', b'href="http://127.0.0.1:8765/english/a/"'),
        (b'href="http://www.dailynk.com/english/"', b'href="http://127.0.0.1:8765/english/"'),
        (b'src="//www.dailynk.com/english/wp-content/x.jpg"', b'src="//127.0.0.1:8765/english/wp-content/x.jpg"'),
        (b'{"link":"https:\\/\\/www.dailynk.com\\/english\\/a\\/"}', b'{"link":"http:\\/\\/127.0.0.1:8765\\/english\\/a\\/"}'),
        (b'"\\/\\/www.dailynk.com\\/english\\/"', b'"\\/\\/127.0.0.1:8765\\/english\\/"'),
        (b"<link>HTTPS://WWW.DAILYNK.COM/english/feed/</link>", b"<link>http://127.0.0.1:8765/english/feed/</link>"),
        (b"https://www.dailynk.com:443/english/", b"http://127.0.0.1:8765/english/"),
        (b"see https://www.dailynk.com.", b"see http://127.0.0.1:8765."),
        # Not the site: other hosts and look-alikes stay as they are.
        (b"https://www.dailynk.com.evil.test/english/", b"https://www.dailynk.com.evil.test/english/"),
        (b"https://www.dailynk.community/", b"https://www.dailynk.community/"),
        (b"https://dailynk.com/english/", b"https://dailynk.com/english/"),
        (b"https://www.facebook.com/sharer.php?u=https%3A%2F%2Fwww.dailynk.com", b"https://www.facebook.com/sharer.php?u=https%3A%2F%2Fwww.dailynk.com"),
        (b"\xed\x95\x9c https://www.dailynk.com/20210609-3/", b"\xed\x95\x9c http://127.0.0.1:8765/20210609-3/"),
    ],
)  # fmt: skip
def test_body_links_point_at_the_server(before: bytes, after: bytes) -> None:
    assert LinkRewriter(LOCAL).body("text/html; charset=UTF-8", before) == after


@pytest.mark.parametrize(
    ("content_type", "text"),
    [
        ("text/html; charset=UTF-8", True),
        ("application/rss+xml; charset=UTF-8", True),
        ("application/json; charset=UTF-8", True),
        ("application/ld+json", True),
        ("text/plain", True),
        ("image/jpeg", False),
        ("application/octet-stream", False),
        (None, False),
    ],
)
def test_only_text_bodies_are_rewritten(content_type: str | None, text: bool) -> None:
    body = b"https://www.dailynk.com/english/"
    assert is_text(content_type) is text
    changed = LinkRewriter(LOCAL).body(content_type, body) != body
    assert changed is text


def test_link_headers_are_rewritten_others_kept() -> None:
    headers = {
        "Location": "https://www.dailynk.com/english/new-slug/",
        "Link": '<https://www.dailynk.com/english/wp-json/>; rel="https://api.w.org/"',
        "X-Pingback": "https://www.dailynk.com/english/xmlrpc.php",
    }
    assert LinkRewriter(LOCAL).headers(headers) == {
        "Location": "http://127.0.0.1:8765/english/new-slug/",
        "Link": '<http://127.0.0.1:8765/english/wp-json/>; rel="https://api.w.org/"',
        "X-Pingback": "https://www.dailynk.com/english/xmlrpc.php",
    }


PAGE = {"ETag": '"5dcce0a8-1f3a"', "Last-Modified": "Thu, 14 Nov 2019 05:10:00 GMT"}


@pytest.mark.parametrize(
    ("request_headers", "expected"),
    [
        ({"If-None-Match": '"5dcce0a8-1f3a"'}, True),
        ({"if-none-match": 'W/"5dcce0a8-1f3a"'}, True),
        ({"If-None-Match": '"other", "5dcce0a8-1f3a"'}, True),
        ({"If-None-Match": "*"}, True),
        ({"If-None-Match": '"other"'}, False),
        # If-None-Match wins over a matching If-Modified-Since.
        ({"If-None-Match": '"other"', "If-Modified-Since": "Fri, 15 Nov 2019 00:00:00 GMT"}, False),
        ({"If-Modified-Since": "Thu, 14 Nov 2019 05:10:00 GMT"}, True),
        ({"If-Modified-Since": "Fri, 15 Nov 2019 00:00:00 GMT"}, True),
        ({"If-Modified-Since": "Wed, 13 Nov 2019 00:00:00 GMT"}, False),
        ({"If-Modified-Since": "yesterday"}, False),
        ({}, False),
    ],
)  # fmt: skip
def test_not_modified(request_headers: dict[str, str], expected: bool) -> None:
    assert not_modified(request_headers, PAGE) is expected


def test_without_validators_only_a_star_matches() -> None:
    assert not_modified({"If-None-Match": "*"}, {}) is True
    assert not_modified({"If-None-Match": '"5dcce0a8-1f3a"'}, {}) is False
    assert (
        not_modified({"If-Modified-Since": "Fri, 15 Nov 2019 00:00:00 GMT"}, {})
        is False
    )
