"""RSS 2.0 feed items with full content (content:encoded) -> Report."""

from __future__ import annotations

import re

from lxml import etree

from crawler.items import Author, Report
from crawler.parsers.body import read_fragment
from crawler.parsers.common import clean_text
from crawler.parsers.outcome import NotAnArticle, finish_report
from crawler.parsers.times import true_time
from crawler.urls import canonical_url

_NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_POST_ID = re.compile(r"[?&]p=(\d+)\b")
# recover: a feed with one broken item still yields the others; no entities, no network: XXE.
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)


def reports_from_feed(data: bytes) -> list[Report | NotAnArticle]:
    """One entry per item that carries content:encoded, in feed order."""
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    return [
        report_from_item(item)
        for item in root.iter("item")
        if item.find("content:encoded", _NS) is not None
    ]


def report_from_item(item: etree._Element) -> Report | NotAnArticle:
    url = canonical_url(_text(item, "link"))
    title = clean_text(_text(item, "title"))
    # pubDate is WordPress's post_date_gmt: true UTC.
    published = true_time(_text(item, "pubDate"))
    if not url or not title or published is None:
        return NotAnArticle("feed item without link, title or date")
    content, korean_url = read_fragment(_text(item, "content:encoded") or "", url)
    if not content.body:
        return NotAnArticle("feed item without body text")
    creators = [clean_text(c.text) for c in item.findall("dc:creator", _NS)]
    post_id = _POST_ID.search(_text(item, "guid") or "")
    report = Report(
        **content.report_fields(),
        url=url,
        post_id=int(post_id.group(1)) if post_id else None,
        title=title,
        published_at=published,
        authors=tuple(Author(name=name) for name in creators if name),
        # WordPress lists categories and tags alike as <category>: they cannot be told
        # apart here, so both stay empty rather than wrong (the HTML page has them).
        korean_url=korean_url,
    )
    return finish_report(report)


def _text(item: etree._Element, path: str) -> str | None:
    element = item.find(path, _NS)
    return element.text if element is not None else None
