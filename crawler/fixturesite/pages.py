"""Non-article pages: robots.txt, the theme's 404 page, FAQ, KBoard notices and oEmbed cards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from crawler.fixturesite import chrome, modules
from crawler.fixturesite.markup import attr, esc
from crawler.fixturesite.spec import HOME

if TYPE_CHECKING:
    from crawler.fixturesite.entry import Entry
    from crawler.fixturesite.static_pages import StaticPage

_DEFAULT_DATE = datetime(2019, 11, 21, 9, 0)

ROBOTS_TXT = """User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /english/wp-admin/
Allow: /english/wp-admin/admin-ajax.php

Sitemap: https://www.dailynk.com/sitemap.xml
"""

FAQ = (
    (
        "What is Daily NK?",
        (
            "Daily NK is a Seoul-based online newspaper that reports on North Korea. It was founded in 2004 "
            "and publishes in Korean, English, Japanese and Chinese."
        ),
    ),
    (
        "How does Daily NK get its information?",
        (
            "Our reporters work with a network of sources inside North Korea who contact us using Chinese "
            "mobile phones near the border. Every report is checked against more than one source where possible."
        ),
    ),
    (
        "Why are sources not named?",
        (
            "Sources inside North Korea face severe punishment if they are identified. We never publish "
            "details that could reveal who they are."
        ),
    ),
    (
        "Can I republish Daily NK articles?",
        (
            "Please contact us before republishing any article or photograph. Short quotations with a link "
            "to the original article are welcome."
        ),
    ),
    (
        "How can I support Daily NK?",
        "Daily NK is funded by subscriptions, donations and grants. Details are on our subscription page.",
    ),
)

NOTICES = (
    (63, "Daily NK English website maintenance", "2020-02-03", ("The English website will be unavailable for two "
     "hours on Feb. 5 while we update our servers. We apologize for the inconvenience.")),
    (62, "New e-mail address for reader inquiries", "2019-09-16", ("Reader inquiries can now be sent to our new "
     "address. The old address will stop working at the end of the year.")),
    (61, "Daily NK market price survey moves to a new page", "2019-06-10", ("Our regular market price survey "
     "now has its own category page, Market Indicators.")),
)  # fmt: skip


def not_found_html(recent: Sequence[Entry]) -> str:
    """The theme's 404 page ("Ooops... Error 404") with its latest-posts block."""
    page = chrome.Page(
        title="Page not found | Daily NK English",
        canonical=None,
        date=recent[0].published if recent else _DEFAULT_DATE,
        body_class="error404 td-standard-pack wpb-js-composer js-comp-ver-5.7 vc_responsive",
        recent=recent,
        robots="noindex, follow",
    )
    latest = "".join(
        f'<div class="td-block-span4">{modules.module_2(e)}</div>' for e in recent[:6]
    )
    main = (
        '<div class="td-pb-span12">\n<div class="td-404-title">Ooops... Error 404</div>\n'
        '<div class="td-404-sub-title">Sorry, but the page you are looking for doesn&#039;t exist.</div>\n'
        f'<div class="td-404-sub-sub-title">You can go to the <a href="{HOME}">HOMEPAGE</a></div>\n'
        f'<h4 class="block-title"><span>OUR LATEST POSTS</span></h4>\n<div class="td-block-row">{latest}</div>\n</div>'
    )
    return chrome.document(page, main)


def static_page(
    title: str, url: str, inner: str, recent: Sequence[Entry], body_class: str
) -> str:
    page = chrome.Page(
        title=f"{title} | Daily NK English",
        canonical=url,
        date=recent[0].published if recent else _DEFAULT_DATE,
        body_class=f"page-template-default page {body_class} td-standard-pack wpb-js-composer vc_responsive",
        recent=recent,
    )
    main = (
        '<div class="td-pb-span8 td-main-content" role="main">\n<div class="td-ss-main-content">\n'
        f'<div class="td-page-header"><h1 class="entry-title td-page-title"><span>{esc(title)}</span></h1></div>\n'
        f'<div class="td-page-content tagdiv-type">\n{inner}\n</div>\n</div>\n</div>'
    )
    return chrome.document(page, main)


def faq_html(recent: Sequence[Entry]) -> str:
    inner = "\n".join(f"<h3>{esc(q)}</h3>\n<p>{esc(a)}</p>" for q, a in FAQ)
    inner += (
        '\n<h3>Interviews</h3>\n<p><a href="https://www.dailynk.com/english/faq/#interview-1">'
        "#1 Interview with Editor-in-Chief Lee Sang Yong</a></p>"
    )
    return static_page("FAQ", f"{HOME}faq/", inner, recent, "page-id-812")


def notices_html(recent: Sequence[Entry], uid: int | None) -> str | None:
    """KBoard's notice list, or one notice (``?mod=document&uid=N``); None for an unknown uid."""
    if uid is None:
        rows = "".join(
            f'<tr><td class="kboard-list-uid">{n}</td><td class="kboard-list-title">'
            f'<a href="{HOME}notices/?mod=document&amp;uid={n}"><div class="kboard-default-cut-strings">{esc(t)}</div></a></td>'
            f'<td class="kboard-list-user">Daily NK</td><td class="kboard-list-date">{d}</td></tr>'
            for n, t, d, _ in NOTICES
        )
        inner = (
            '<div id="kboard-default-list"><div class="kboard-list"><table><thead><tr><td class="kboard-list-uid">No.</td>'
            '<td class="kboard-list-title">Title</td><td class="kboard-list-user">Author</td><td class="kboard-list-date">Date</td>'
            f"</tr></thead><tbody>{rows}</tbody></table></div></div>"
        )
        return static_page("Notices", f"{HOME}notices/", inner, recent, "page-id-907")
    for n, title, day, text in NOTICES:
        if n == uid:
            inner = (
                '<div id="kboard-document"><div id="kboard-default-document"><div class="kboard-document-wrap">'
                f'<div class="kboard-title"><p>{esc(title)}</p></div><div class="kboard-detail"><div class="detail-attr '
                f'detail-date"><div class="detail-name">Date</div><div class="detail-value">{day}</div></div></div>'
                f'<div class="kboard-content"><div class="content-view">{esc(text)}</div></div>'
                f'<div class="kboard-control"><a href="{HOME}notices/" class="kboard-default-button-small">List</a></div>'
                "</div></div></div>"
            )
            return static_page(
                "Notices",
                f"{HOME}notices/?mod=document&uid={n}",
                inner,
                recent,
                "page-id-907",
            )
    return None


def embed_html(entry: Entry) -> str:
    """The oEmbed card WordPress serves at ``<post>/embed/``: a teaser, not the article."""
    return (
        '<!DOCTYPE html>\n<html lang="en-US" class="no-js">\n<head>\n'
        f"\t<title>{esc(entry.title)} &#8211; Daily NK English</title>\n"
        '\t<meta http-equiv="X-UA-Compatible" content="IE=edge">\n\t<meta name="robots" content="noindex, follow" />\n'
        f'\t<link rel="canonical" href="{attr(entry.url)}" />\n</head>\n<body class="single single-post">\n'
        '\t<div class="wp-embed post-{0} post type-post status-publish format-standard hentry">\n'.format(
            entry.post_id
        )
        + f'\t\t<p class="wp-embed-heading">\n\t\t\t<a href="{attr(entry.url)}" target="_top">\n\t\t\t\t{esc(entry.title)}\t\t\t</a>\n\t\t</p>\n'
        f'\t\t<div class="wp-embed-excerpt"><p>{esc(entry.excerpt)} <a href="{attr(entry.url)}" class="wp-embed-more" '
        'target="_top">Continue reading</a></p>\n</div>\n'
        '\t\t<div class="wp-embed-footer">\n\t\t\t<div class="wp-embed-site-title">\n'
        f'\t\t\t\t<a href="{HOME}" target="_top"><span>Daily NK English</span></a>\n\t\t\t</div>\n\t\t</div>\n'
        "\t</div>\n</body>\n</html>\n"
    )


_PRICE_TABLE = (
    ("City", "Rice (KPW/kg)", "Corn (KPW/kg)", "Gasoline (KPW/kg)", "USD (KPW)"),
    ("Pyongyang", "4,150", "1,820", "12,300", "8,050"),
    ("Sinuiju", "4,200", "1,750", "12,100", "8,120"),
    ("Hyesan", "4,300", "1,900", "12,600", "8,200"),
)


def static_page_html(page: StaticPage, recent: Sequence[Entry]) -> str:
    """The page in the theme's page template: a title, the page-builder text, no article."""
    inner = "\n".join(f"<p>{esc(p)}</p>" for p in page.paragraphs)
    if page.slug == "north-korea-market-trends":
        rows = "".join(
            "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
            for row in _PRICE_TABLE
        )
        inner += f'\n<table id="tablepress-3" class="tablepress tablepress-id-3"><tbody>{rows}</tbody></table>'
    if page.slug == "donations":
        inner += (
            '\n<p><a href="http://english.dailynk.com/english/paypal_link.php" target="_blank">'
            "Donate with PayPal</a></p>"
        )
    body_class = (
        f"page-template {page.template} page page-id-{page.page_id} global-block-template-1 "
        "wpb-js-composer js-comp-ver-5.2 vc_responsive td-full-layout"
    )
    shell = chrome.Page(
        title=f"{page.title} - Daily NK",
        canonical=page.url,
        date=recent[0].published if recent else _DEFAULT_DATE,
        body_class=body_class,
        exact_body_class=True,
        recent=recent,
    )
    main = (
        '<div class="td-pb-span8 td-main-content" role="main">\n<div class="td-ss-main-content">\n'
        f'<div class="td-page-header"><h1 class="entry-title td-page-title"><span>{esc(page.title)}</span></h1></div>\n'
        '<div class="td-page-content tagdiv-type">\n<div class="vc_row wpb_row td-pb-row"><div class="wpb_column '
        'vc_column_container td-pb-span12"><div class="wpb_wrapper"><div class="wpb_text_column wpb_content_element">'
        f'<div class="wpb_wrapper">\n{inner}\n</div></div></div></div></div>\n</div>\n</div>\n</div>'
    )
    return chrome.document(shell, main)
