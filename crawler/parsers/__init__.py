"""Parsers: Daily NK pages, feed items and REST posts -> Report (pure, no network).

One BeautifulSoup tree per page, CSS selectors kept as data, each field read in one place.
lxml parses the page first and only the article with the page's <meta>, <link>, <title> and
JSON-LD becomes that tree (``cut.py``): the rest of the page is built only for a field the
article lacks and the page has elsewhere. A newcomer's map, by what you want to change:

- a CSS selector (a new theme class, a new junk block): ``selectors.py``, nowhere else;
- whether a page is an article, its canonical URL, post id, Korean original: ``page.py``
  (the URL rules themselves are ``crawler/urls.py``'s, shared with the spider);
- the title, subtitle, dates, categories, tags: ``heading.py``; how a time from each source
  is understood (KST wall clock or true UTC): ``times.py``;
- authors and bios: ``people.py``;
- the featured image, figures, caption/credit splitting: ``images.py``;
- the body: ``body.py`` (where the content is, junk, figures, which lines are body text);
  a translator/editor, contact, disclaimer or "Read in Korean" line: ``footer.py``;
- fallbacks for unknown templates (meta/OpenGraph, JSON-LD, microdata, densest block):
  ``fallback.py``;
- RSS items: ``feed.py``; WordPress REST posts: ``rest.py``;
- the order fields are read in, and the Report built: ``article.py``; what every source
  shares at the end (topic, entities, hash) and NotAnArticle: ``outcome.py``;
- bytes to tree (charsets, binary input) and the Page: ``document.py``; what of the page
  becomes the tree (the lxml cut): ``cut.py``; text and selection helpers: ``common.py``;
  Cloudflare-protected e-mails: ``cfemail.py``.
"""

from __future__ import annotations

from crawler.parsers.article import parse_article
from crawler.parsers.outcome import NotAnArticle

__all__ = ["NotAnArticle", "parse_article"]
