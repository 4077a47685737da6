"""The WordPress RSS2 feed (``/english/feed/``): the 10 newest posts with full content."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from crawler.fixturesite.content import post_content
from crawler.fixturesite.markup import utc_rfc822
from crawler.fixturesite.spec import HOME, ArticleSpec

if TYPE_CHECKING:
    from crawler.fixturesite.entry import Entry

FEED_SIZE = 10
_EMPTY_DATE = datetime(2019, 11, 21, 9, 0)


def cdata(text: str) -> str:
    """Wrap text in CDATA, splitting any "]]>" inside it as WordPress does."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def feed_xml(items: Sequence[tuple[Entry, ArticleSpec]]) -> str:
    """RSS2 with content:encoded, dc:creator, categories and tags; dates in true UTC (+0000)."""
    built = max((e.updated for e, _ in items), default=_EMPTY_DATE)
    body = "\n".join(_item(e, s) for e, s in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n'
        "\t<title>Daily NK English</title>\n"
        f'\t<atom:link href="{HOME}feed/" rel="self" type="application/rss+xml" />\n'
        "\t<link>https://www.dailynk.com/english</link>\n"
        "\t<description>Daily NK English</description>\n"
        f"\t<lastBuildDate>{utc_rfc822(built)}</lastBuildDate>\n"
        "\t<language>en-US</language>\n\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=5.4.2</generator>\n"
        f"{body}\n\t</channel>\n</rss>\n"
    )


def _item(entry: Entry, spec: ArticleSpec) -> str:
    authors = ", ".join(name for name, _ in entry.authors)
    terms = "\n".join(
        f"\t\t<category>{cdata(t)}</category>" for t in (*entry.categories, *entry.tags)
    )
    return (
        f"\t<item>\n\t\t<title>{escape(entry.title)}</title>\n"
        f"\t\t<link>{entry.url}</link>\n"
        f"\t\t\t\t\t<comments>{entry.url}#respond</comments>\n"
        f"\t\t\n\t\t<dc:creator>{cdata(authors)}</dc:creator>\n"
        f"\t\t<pubDate>{utc_rfc822(entry.published)}</pubDate>\n"
        f"{terms}\n"
        f'\t\t<guid isPermaLink="false">{entry.shortlink}</guid>\n\n'
        f"\t\t\t\t\t<description>{cdata(entry.excerpt + ' [&#8230;]')}</description>\n"
        f"\t\t\t\t\t\t\t\t\t\t<content:encoded>{cdata(post_content(spec))}</content:encoded>\n"
        f"\t\t\t\t\t\t\t\t\t<wfw:commentRss>{entry.url}feed/</wfw:commentRss>\n"
        "\t\t<slash:comments>0</slash:comments>\n\t\t\n\t\t\n\t\t\t\t\t</item>"
    )


def comments_feed_xml(built: datetime) -> str:
    """The (empty) comments feed every page links to: not an article source."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n\t>\n<channel>\n\t<title>Comments for Daily NK English</title>\n'
        f'\t<atom:link href="{HOME}comments/feed/" rel="self" type="application/rss+xml" />\n'
        f"\t<link>https://www.dailynk.com/english</link>\n\t<description>Daily NK English</description>\n"
        f"\t<lastBuildDate>{utc_rfc822(built)}</lastBuildDate>\n"
        "\t<generator>https://wordpress.org/?v=5.4.2</generator>\n</channel>\n</rss>\n"
    )
