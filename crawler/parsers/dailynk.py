"""Daily NK English article pages -> Report: selectors as data, tried as a cascade.

Each field is read from the visible DOM of the known template generations first (tagDiv
Newspaper "classic", tagDiv Cloud Library "cloud", migrated "legacy" articles), then from
JSON-LD, OpenGraph/<meta> and microdata, and the body finally from a generic densest-text
block, so that an unseen variant of the theme still yields a report.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime

import lxml.html
from lxml import etree

from crawler.items import Image, Report
from crawler.parsers import body as body_mod
from crawler.parsers.assemble import finish_report
from crawler.parsers.authors import read_authors
from crawler.parsers.cfemail import decode_protected_emails
from crawler.parsers.common import (
    clean_text,
    first_attr,
    first_in,
    first_text,
    iter_lines,
    select,
    select_first,
    strip_comments,
)
from crawler.parsers.dates import site_datetime
from crawler.parsers.decoding import decode_html, looks_binary
from crawler.parsers.fallback import densest_block
from crawler.parsers.footer import contact_of, is_read_in_korean, translator_of
from crawler.parsers.images import featured_image
from crawler.parsers.metadata import PageMeta, ld_list, ld_text, read_meta
from crawler.parsers.outcome import NotAnArticle
from crawler.parsers.pagekind import not_article_reason
from crawler.parsers.urls import absolute_url, canonical_url

logger = logging.getLogger(__name__)

TITLE_SELECTORS = (
    "h1.entry-title",
    "h1.tdb-title-text",
    ".td-post-title h1",
    ".tdb_title h1",
)
SUBTITLE_SELECTORS = (
    "p.td-post-sub-title",
    ".td-post-sub-title",
    ".tdb_single_subtitle p",
    ".tdb_single_subtitle",
)
DATE_SELECTORS = (
    ".td-post-header time[datetime]",
    ".td-post-title time[datetime]",
    ".tdb_single_date time[datetime]",
    "article time.entry-date[datetime]",
    "time.entry-date[datetime]",
)
VISIBLE_DATE_SELECTORS = (
    ".td-post-header time",
    ".tdb_single_date time",
    "article time",
)
_BYLINE_TIME = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?!\d)"
)  # text nodes abut
CATEGORY_SELECTORS = (
    ".td-post-header .td-category a",
    "ul.td-category a",
    ".tdb_single_categories a",
    ".tdb-category a",
    "article a[rel~=category]",
)
TAG_SELECTORS = (
    ".td-post-source-tags a",
    ".tdb_single_tags a",
    "ul.td-tags a",
    ".tdb-tags a",
    "article a[rel~=tag]",
)
FEATURED_SELECTORS = (
    ".td-post-featured-image",
    ".tdb_single_featured_image",
    "article .post-thumbnail",
)
CONTENT_SELECTORS = (
    ".tdb_single_content .tdb-block-inner",
    ".tdb_single_content",
    ".td-post-content",
    "[itemprop=articleBody]",
    ".entry-content",
    ".post-content",
    ".article-content",
)
_ANY_CONTENT = ", ".join(CONTENT_SELECTORS)
ARTICLE_SELECTORS = (
    "article[id^=post-]",
    "article.post",
    ".td-post-template",
    "article",
    "main",
)
POST_ID_PATTERNS = (
    re.compile(r"\bpostid-(\d+)\b"),
    re.compile(r"[?&]p=(\d+)\b"),
    re.compile(r"/wp-json/wp/v2/posts/(\d+)"),
    re.compile(r"^post-(\d+)$"),
)
# Cheap to find: the tag and the id are tested before any class string is built.
_POST_ARTICLE = etree.XPath("//article[starts-with(@id, 'post-')]")
_KOREAN_TEXT_LINKS = etree.XPath(
    "//a[@href][contains(translate(., 'KOREAN', 'korean'), 'korean')]"
)
_SITE_LINKS = etree.XPath(
    "//a[contains(@href, 'dailynk.com/') or starts-with(@href, '/')]"
)
_SITE_SUFFIX = re.compile(
    r"\s*[-|\u2013\u2014:]\s*Daily\s*NK(?:\s+English)?\s*$", re.IGNORECASE
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse_article(html: str | bytes, url: str | None = None) -> Report | NotAnArticle:
    """Parse one saved page. Never raises: bad input gives a NotAnArticle with the reason."""
    try:
        return _parse(html, url)
    except Exception as exc:
        logger.debug("parser failure on %s", url, exc_info=True)
        return NotAnArticle(f"unparseable page ({type(exc).__name__})")


def build_tree(html: str | bytes) -> etree._Element | NotAnArticle:
    """The lxml document of a page, or why there is none."""
    if isinstance(html, bytes | bytearray):
        if not html.strip():
            return NotAnArticle("empty input")
        if looks_binary(bytes(html)):
            return NotAnArticle("binary data, not HTML")
        html = decode_html(bytes(html))
    if not isinstance(html, str) or not html.strip():
        return NotAnArticle("empty input")
    if "<" not in html[:65536]:
        return NotAnArticle("not HTML (no markup)")
    html = _XML_DECLARATION.sub("", html)
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return NotAnArticle("not HTML (unparseable markup)")


def _parse(html: str | bytes, given_url: str | None) -> Report | NotAnArticle:
    doc = build_tree(html)
    if isinstance(doc, NotAnArticle):
        return doc
    meta = read_meta(doc)
    reason = not_article_reason(doc, meta)
    if reason:
        return NotAnArticle(reason)
    url = _url(doc, meta, given_url)
    if url is None:
        return NotAnArticle("no URL: the page has no canonical link and none was given")
    scope = _article_scope(doc)
    roots = (doc,) if scope is None else (scope, doc)
    title = _title(roots, meta)
    if not title:
        return NotAnArticle("no title found")
    published = _published(roots, meta)
    if published is None:
        return NotAnArticle("no publication date found")
    decode_protected_emails(doc)
    # Everything outside the body is read before the content is cut out of the tree.
    image = _image(roots, url)
    authors = read_authors(roots, meta, url)
    categories = first_in(roots, _names, CATEGORY_SELECTORS) or _meta_sections(meta)
    tags = first_in(roots, _names, TAG_SELECTORS) or _meta_tags(meta)
    subtitle = first_in(roots, first_text, SUBTITLE_SELECTORS) or ld_text(
        meta.ld("alternativeHeadline")
    )
    korean_url = _korean_url(doc, url)
    content = _content(roots, meta, url)
    if not content.body:
        return NotAnArticle("no article body found")
    _footer_outside_content(roots[0], content)
    report = Report(
        url=url,
        post_id=_post_id(doc, meta, given_url),
        title=title,
        subtitle=subtitle,
        published_at=published,
        modified_at=_modified(meta, published),
        authors=tuple(authors),
        translator=content.translator,
        categories=tuple(categories),
        tags=tuple(tags),
        image=image,
        body=tuple(content.body),
        figures=tuple(content.figures),
        contact_email=content.contact_email,
        korean_url=korean_url,
        contact_hidden=content.contact_found and content.contact_email is None,
    )
    return finish_report(report)


def _article_scope(doc: etree._Element) -> etree._Element | None:
    """The subtree holding the article: the post's <article>, else the content wrapper."""
    found = _POST_ARTICLE(doc)
    return found[0] if found else select_first(doc, ARTICLE_SELECTORS)


def _url(doc: etree._Element, meta: PageMeta, given_url: str | None) -> str | None:
    canonical = first_attr(doc, ("link[rel=canonical]",), "href")
    return canonical_url(
        canonical or meta.first("og:url") or given_url or ld_text(meta.ld("url"))
    )


def _title(roots: Sequence[etree._Element], meta: PageMeta) -> str | None:
    title = first_in(roots, first_text, TITLE_SELECTORS)
    if title:
        return title
    for candidate in (
        ld_text(meta.ld("headline")),
        meta.first("og:title", "twitter:title"),
    ):
        if candidate:
            return _SITE_SUFFIX.sub("", candidate) or None
    fallback = first_text(roots[-1], ("article h1", "title"))
    return _SITE_SUFFIX.sub("", fallback) if fallback else None


def _published(roots: Sequence[etree._Element], meta: PageMeta) -> datetime | None:
    visible = first_in(roots, first_attr, DATE_SELECTORS, "datetime")
    for value in (
        visible,
        meta.first("article:published_time", "og:published_time", "datepublished"),
        meta.microdata.get("datePublished"),
        ld_text(meta.ld("datePublished")),
        first_in(roots, first_text, VISIBLE_DATE_SELECTORS),
    ):
        parsed = site_datetime(value)
        if parsed is not None:
            return parsed
    # Last resort, the pre-2018 byline "Lee Sang Yong | 2014-10-20 17:47" in the page text.
    match = _BYLINE_TIME.search(roots[0].text_content()[:20000])
    return site_datetime(match.group(0).replace(" ", "T")) if match else None


def _modified(meta: PageMeta, published: datetime) -> datetime | None:
    """The last edit time; None when it is the publication time (WordPress sets both)."""
    for value in (
        meta.first("article:modified_time", "og:updated_time", "datemodified"),
        meta.microdata.get("dateModified"),
        ld_text(meta.ld("dateModified")),
    ):
        parsed = site_datetime(value)
        if parsed is not None:
            return parsed if parsed != published else None
    return None


def _image(roots: Sequence[etree._Element], url: str) -> Image | None:
    container = first_in(roots, select_first, FEATURED_SELECTORS)
    return featured_image(container, url) if container is not None else None


def _content(
    roots: Sequence[etree._Element], meta: PageMeta, url: str
) -> body_mod.Content:
    root = _innermost(first_in(roots, select_first, CONTENT_SELECTORS))
    if root is None:
        root = densest_block(roots[0])
    if root is not None:
        strip_comments(root)
        content = body_mod.read_content(root, url)
        if content.body:
            return content
    article_body = ld_text(meta.ld("articleBody"))
    if article_body:
        lines = [clean_text(line) for line in re.split(r"\n\s*\n|\n", article_body)]
        return body_mod.classify_lines([line for line in lines if line])
    return body_mod.Content()


def _innermost(root: etree._Element | None) -> etree._Element | None:
    """Descend into a nested content block holding most of the text.

    The Cloud Library wraps its whole template (breadcrumbs, title, byline, content, author
    box) in a ".td-post-content" of its own; the article text is the inner content block.
    """
    while root is not None:
        # CSS selection includes the element itself: look strictly below it.
        inner = next((e for e in select(root, _ANY_CONTENT) if e is not root), None)
        if inner is None or len(inner.text_content()) < len(root.text_content()) // 2:
            return root
        root = inner
    return root


def _footer_outside_content(scope: etree._Element, content: body_mod.Content) -> None:
    """Translator and contact lines that a template puts after the content block."""
    if content.translator and content.contact_found:
        return
    for text, _tag in iter_lines(scope):
        if not content.translator:
            content.translator = translator_of(text)
        if not content.contact_found:
            content.contact_found, content.contact_email = contact_of(text)


def _korean_url(doc: etree._Element, base: str) -> str | None:
    # Only links whose text mentions Korean can be "Read in Korean": XPath filters them in C.
    for link in _KOREAN_TEXT_LINKS(doc):
        if is_read_in_korean(clean_text(link.text_content())):
            return absolute_url(link.get("href"), base)
    return None


def _post_id(doc: etree._Element, meta: PageMeta, given_url: str | None) -> int | None:
    body = doc.find("body")
    article = next(iter(_POST_ARTICLE(doc)), None)
    candidates = [
        article.get("id") if article is not None else None,
        body.get("class") if body is not None else None,
        first_attr(doc, ("link[rel=shortlink]",), "href"),
        first_attr(doc, ('link[rel=alternate][href*="/wp/v2/posts/"]',), "href"),
        given_url,
    ]
    for value in candidates:
        for pattern in POST_ID_PATTERNS:
            match = pattern.search(value or "")
            if match:
                return int(match.group(1))
    return None


def _names(root: etree._Element, selectors: tuple[str, ...]) -> list[str]:
    for css in selectors:
        names = []
        for element in select(root, css):
            name = clean_text(element.text_content())
            if name and name.upper() != "TAGS" and name not in names:
                names.append(name)
        if names:
            return names
    return []


def _meta_sections(meta: PageMeta) -> list[str]:
    sections = meta.all("article:section") or [
        s for s in (ld_text(v) for v in ld_list(meta.ld("articleSection"))) if s
    ]
    return list(dict.fromkeys(sections))


def _meta_tags(meta: PageMeta) -> list[str]:
    tags = meta.all("article:tag")
    if not tags:
        keywords = meta.ld("keywords")
        if isinstance(keywords, str):
            tags = [clean_text(k) for k in keywords.split(",")]
        else:
            tags = [t for t in (ld_text(k) for k in ld_list(keywords)) if t]
    return list(dict.fromkeys(t for t in tags if t))
