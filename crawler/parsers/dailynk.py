"""Daily NK English article pages -> Report: selectors as data, tried as a cascade.

Each field is read from the visible DOM of the known template generations first (tagDiv
Newspaper "classic", tagDiv Cloud Library "cloud", migrated "legacy" articles), then from
JSON-LD, OpenGraph/<meta> and microdata, and the body finally from a generic densest-text
block, so that an unseen variant of the theme still yields a report.

Two stages: lxml parses the page and reads the page-wide facts (head metadata, page kind,
URL, post id, where the article is; see page.py, document.py and cut.py), then every field is read
with BeautifulSoup/soupsieve selectors from the tree of the article's subtree alone.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING

from crawler.items import Image, Report
from crawler.parsers import body as body_mod
from crawler.parsers.assemble import finish_report
from crawler.parsers.authors import read_authors
from crawler.parsers.cfemail import decode_protected_emails
from crawler.parsers.common import (
    attr,
    clean_text,
    first_attr,
    first_text,
    iter_lines,
    select,
    select_first,
    text_of,
)
from crawler.parsers.dates import site_datetime
from crawler.parsers.document import parse_document
from crawler.parsers.fallback import densest_block
from crawler.parsers.footer import contact_of, is_read_in_korean, translator_of
from crawler.parsers.images import featured_image
from crawler.parsers.metadata import PageMeta, ld_list, ld_text, read_meta
from crawler.parsers.outcome import NotAnArticle
from crawler.parsers.page import (
    NEVER_READ_SELECTORS,
    article_scope,
    page_url,
    read_in_korean_links,
)
from crawler.parsers.page import post_id as page_post_id
from crawler.parsers.pagekind import not_article_reason
from crawler.parsers.roots import Roots
from crawler.parsers.urls import absolute_url

if TYPE_CHECKING:
    from bs4 import Tag

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
# Content blocks nest two deep in the Cloud template; more is a broken or hostile page.
_MAX_CONTENT_NESTING = 8
KOREAN_LINK_SELECTORS = ("a[href]",)
_SITE_SUFFIX = re.compile(
    r"\s*[-|\u2013\u2014:]\s*Daily\s*NK(?:\s+English)?\s*$", re.IGNORECASE
)


def parse_article(html: str | bytes, url: str | None = None) -> Report | NotAnArticle:
    """Parse one saved page. Never raises: bad input gives a NotAnArticle with the reason."""
    try:
        return _parse(html, url)
    except Exception as exc:
        logger.debug("parser failure on %s", url, exc_info=True)
        return NotAnArticle(f"unparseable page ({type(exc).__name__})")


def _parse(html: str | bytes, given_url: str | None) -> Report | NotAnArticle:
    doc = parse_document(html)
    if isinstance(doc, NotAnArticle):
        return doc
    # Page-wide facts first, with lxml on the whole page: the head, the page kind, the id.
    meta = read_meta(doc)
    reason = not_article_reason(doc, meta)
    if reason:
        return NotAnArticle(reason)
    url = page_url(doc, meta, given_url)
    if url is None:
        return NotAnArticle("no URL: the page has no canonical link and none was given")
    post_id = page_post_id(doc, given_url)
    # Then the fields, with BeautifulSoup on the article's subtree (the page if needed).
    roots = Roots(
        doc,
        article_scope(doc),
        prepare=decode_protected_emails,
        prune=NEVER_READ_SELECTORS,
    )
    title = _title(roots, meta)
    if not title:
        return NotAnArticle("no title found")
    published = _published(roots, meta)
    if published is None:
        return NotAnArticle("no publication date found")
    # Everything outside the body is read before the content is cut out of the tree.
    image = _image(roots, url)
    authors = read_authors(roots, meta, url)
    categories = roots.first(_names, CATEGORY_SELECTORS) or _meta_sections(meta)
    tags = roots.first(_names, TAG_SELECTORS) or _meta_tags(meta)
    subtitle = roots.first(first_text, SUBTITLE_SELECTORS) or ld_text(
        meta.ld("alternativeHeadline")
    )
    korean_url = roots.first(
        _korean_link, KOREAN_LINK_SELECTORS, url, probe=read_in_korean_links
    )
    content = _content(roots, meta, url)
    if not content.body:
        return NotAnArticle("no article body found")
    _footer_outside_content(roots.primary, content)
    report = Report(
        url=url,
        post_id=post_id,
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


def _title(roots: Roots, meta: PageMeta) -> str | None:
    title = roots.first(first_text, TITLE_SELECTORS)
    if title:
        return title
    for candidate in (
        ld_text(meta.ld("headline")),
        meta.first("og:title", "twitter:title"),
    ):
        if candidate:
            return _SITE_SUFFIX.sub("", candidate) or None
    fallback = roots.first(first_text, ("article h1",)) or meta.page_title
    return _SITE_SUFFIX.sub("", fallback) if fallback else None


def _published(roots: Roots, meta: PageMeta) -> datetime | None:
    visible = roots.first(first_attr, DATE_SELECTORS, "datetime")
    for value in (
        visible,
        meta.first("article:published_time", "og:published_time", "datepublished"),
        meta.microdata.get("datePublished"),
        ld_text(meta.ld("datePublished")),
        roots.first(first_text, VISIBLE_DATE_SELECTORS),
    ):
        parsed = site_datetime(value)
        if parsed is not None:
            return parsed
    # Last resort, the pre-2018 byline "Lee Sang Yong | 2014-10-20 17:47" in the page text.
    match = _BYLINE_TIME.search(roots.primary.get_text()[:20000])
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


def _image(roots: Roots, url: str) -> Image | None:
    container = roots.first(select_first, FEATURED_SELECTORS)
    return featured_image(container, url) if container is not None else None


def _content(roots: Roots, meta: PageMeta, url: str) -> body_mod.Content:
    root = _innermost(roots.first(select_first, CONTENT_SELECTORS))
    if root is None:
        root = densest_block(roots.primary)
    if root is not None:
        content = body_mod.read_content(root, url)
        if content.body:
            return content
    article_body = ld_text(meta.ld("articleBody"))
    if article_body:
        lines = [clean_text(line) for line in re.split(r"\n\s*\n|\n", article_body)]
        return body_mod.classify_lines([line for line in lines if line])
    return body_mod.Content()


def _innermost(root: Tag | None) -> Tag | None:
    """Descend into a nested content block holding most of the text.

    The Cloud Library wraps its whole template (breadcrumbs, title, byline, content, author
    box) in a ".td-post-content" of its own; the article text is the inner content block.
    """
    # Bounded, and never "descending" into root itself: a selector engine that also matches
    # the element it searches from would otherwise spin forever (an earlier lxml version did).
    for _ in range(_MAX_CONTENT_NESTING):
        if root is None:
            return None
        inner = select_first(root, (_ANY_CONTENT,))
        if (
            inner is None
            or inner is root
            or len(inner.get_text()) < len(root.get_text()) // 2
        ):
            return root
        root = inner
    return root


def _footer_outside_content(scope: Tag, content: body_mod.Content) -> None:
    """Translator and contact lines that a template puts after the content block."""
    if content.translator and content.contact_found:
        return
    for text, _tag in iter_lines(scope):
        if not content.translator:
            content.translator = translator_of(text)
        if not content.contact_found:
            content.contact_found, content.contact_email = contact_of(text)


def _korean_link(root: Tag, selectors: tuple[str, ...], base: str) -> str | None:
    for css in selectors:
        for link in select(root, css):
            if is_read_in_korean(text_of(link)):
                return absolute_url(attr(link, "href"), base)
    return None


def _names(root: Tag, selectors: tuple[str, ...]) -> list[str]:
    for css in selectors:
        names = []
        for element in select(root, css):
            name = text_of(element)
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
