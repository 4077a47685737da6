"""Daily NK English article pages -> Report: the fields in the order they can be read.

Each field is read in one place (see the map in __init__.py); this module only decides the
order: page facts first (is it an article, its URL and id), then everything outside the
body, then the body, which takes its content element out of the tree.
"""

from __future__ import annotations

import logging

from crawler.items import Report
from crawler.parsers import body, heading, images, page, people
from crawler.parsers.cfemail import decode_protected_emails
from crawler.parsers.document import parse_page
from crawler.parsers.fallback import read_meta
from crawler.parsers.outcome import NotAnArticle, finish_report

logger = logging.getLogger(__name__)


def parse_article(html: str | bytes, url: str | None = None) -> Report | NotAnArticle:
    """Parse one saved page. Never raises: bad input gives a NotAnArticle with the reason."""
    try:
        return _parse(html, url)
    except Exception as exc:
        logger.debug("parser failure on %s", url, exc_info=True)
        return NotAnArticle(f"unparseable page ({type(exc).__name__})")


def _parse(html: str | bytes, given_url: str | None) -> Report | NotAnArticle:
    tree = parse_page(html)
    if isinstance(tree, NotAnArticle):
        return tree
    meta = read_meta(tree.soup)
    reason = page.not_article_reason(tree, meta)
    if reason:
        return NotAnArticle(reason)
    url = page.page_url(tree, meta, given_url)
    if url is None:
        return NotAnArticle("no URL: the page has no canonical link and none was given")
    # In the article only (the page when there is none): the contact line and the author
    # box are there, and a whole-page pass costs more than the rest of a field.
    decode_protected_emails(tree.primary, tree.markup)
    title = heading.title(tree, meta)
    if not title:
        return NotAnArticle("no title found")
    published = heading.published(tree, meta)
    if published is None:
        return NotAnArticle("no publication date found")
    # Everything outside the body is read before the content is cut out of the tree.
    image = images.featured(tree, url)
    authors = people.read_authors(tree, meta, url)
    categories = heading.categories(tree, meta)
    tags = heading.tags(tree, meta)
    subtitle = heading.subtitle(tree, meta)
    korean_url = page.page_korean_link(tree, url)
    post_id = page.post_id(tree, given_url)
    content = body.page_content(tree, meta, url)
    if not content.body:
        return NotAnArticle("no article body found")
    report = Report(
        **content.report_fields(),
        url=url,
        post_id=post_id,
        title=title,
        subtitle=subtitle,
        published_at=published,
        modified_at=heading.modified(meta, published),
        authors=tuple(authors),
        categories=tuple(categories),
        tags=tuple(tags),
        image=image,
        korean_url=korean_url,
    )
    return finish_report(report)
