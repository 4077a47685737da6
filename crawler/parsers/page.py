"""Page-wide facts read with lxml before any BeautifulSoup tree exists.

The canonical URL and the post id come from the head and the <body>/<article> attributes;
where the article is decides which subtree becomes the BeautifulSoup tree the fields are
read from, and what inside it is never read (pruned before the tree is built).
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.parsers.common import clean_text
from crawler.parsers.document import lxml_select, lxml_select_first
from crawler.parsers.footer import is_read_in_korean
from crawler.parsers.metadata import PageMeta, ld_text
from crawler.parsers.urls import canonical_url

ARTICLE_SELECTORS = (
    "article[id^=post-]",
    "article.post",
    ".td-post-template",
    "article",
    "main",
)
# Furniture inside the article that no field is read from: lxml drops it before the
# article's BeautifulSoup tree is built (it is junk in the body as well, see body.py).
NEVER_READ_SELECTORS = (
    ".td-post-sharing",
    ".td-post-sharing-top",
    ".td-post-sharing-bottom",
    ".tdb_single_post_share",
    ".td-social-sharing-buttons",
    ".sharedaddy",
    ".addtoany_share_save_container",
    ".td_block_related_posts",
    ".tdb_single_related",
    ".jp-relatedposts",
    ".yarpp-related",
    "#comments",
    ".comments",
    "#respond",
    ".tdn_block_newsletter_subscribe",
    ".td-newsletter",
    "ins.adsbygoogle",
    ".td-a-rec",
    ".td-g-rec",
    "iframe",
    "svg",
)
POST_ID_PATTERNS = (
    re.compile(r"\bpostid-(\d+)\b"),
    re.compile(r"[?&]p=(\d+)\b"),
    re.compile(r"/wp-json/wp/v2/posts/(\d+)"),
    re.compile(r"^post-(\d+)$"),
)
# Cheap to find with lxml: the tag and the id are tested before any class string is built.
_POST_ARTICLE = etree.XPath("//article[starts-with(@id, 'post-')]")
# Only links whose text mentions Korean can be "Read in Korean": XPath filters them in C.
_KOREAN_TEXT_LINKS = etree.XPath(
    "//a[@href][contains(translate(., 'KOREAN', 'korean'), 'korean')]"
)


def article_scope(doc: etree._Element) -> etree._Element | None:
    """The subtree holding the article: the post's <article>, else the content wrapper."""
    found = _POST_ARTICLE(doc)
    return found[0] if found else lxml_select_first(doc, ARTICLE_SELECTORS)


def page_url(doc: etree._Element, meta: PageMeta, given_url: str | None) -> str | None:
    """The canonical URL: <link rel=canonical>, og:url, the given URL, JSON-LD's url."""
    canonical = _head_link(doc, "link[rel=canonical]")
    return canonical_url(
        canonical or meta.first("og:url") or given_url or ld_text(meta.ld("url"))
    )


def _head_link(doc: etree._Element, css: str) -> str | None:
    """The first non-empty href of the <link> elements css matches (lxml, page-wide)."""
    for element in lxml_select(doc, css):
        href = clean_text(element.get("href"))
        if href:
            return href
    return None


def post_id(doc: etree._Element, given_url: str | None) -> int | None:
    """The WordPress post id from the <article> id, body classes, shortlink or REST link."""
    body = doc.find("body")
    article = next(iter(_POST_ARTICLE(doc)), None)
    candidates = [
        article.get("id") if article is not None else None,
        body.get("class") if body is not None else None,
        _head_link(doc, "link[rel=shortlink]"),
        _head_link(doc, 'link[rel=alternate][href*="/wp/v2/posts/"]'),
        given_url,
    ]
    for value in candidates:
        for pattern in POST_ID_PATTERNS:
            match = pattern.search(value or "")
            if match:
                return int(match.group(1))
    return None


def read_in_korean_links(doc: etree._Element) -> list[etree._Element]:
    """The "Read in Korean" links anywhere in the page: is the page worth a tree for it?"""
    return [
        link
        for link in _KOREAN_TEXT_LINKS(doc)
        if is_read_in_korean(clean_text(link.text_content()))
    ]
