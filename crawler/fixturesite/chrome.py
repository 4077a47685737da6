"""The site chrome every HTML page shares: head, top bar, menus, sidebar, footer, scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from crawler.fixturesite import modules
from crawler.fixturesite.entry import Entry, category_url
from crawler.fixturesite.markup import attr, email_html, esc, stable_int
from crawler.fixturesite.spec import HOME, SITE
from crawler.fixturesite.static_pages import BY_SLUG as STATIC
from crawler.fixturesite.static_pages import PAGES as STATIC_PAGES
from crawler.fixturesite.theme_assets import (
    FOOTER_SCRIPTS,
    GA_SNIPPET,
    HEAD_SCRIPTS,
    TD_BLOCK_JS,
    TD_GLOBAL,
    TD_VARS,
    THEME,
    script_tags,
    stylesheet_links,
    theme_css,
)

SITE_NAME = "Daily NK English"
LOGO = f"{HOME}wp-content/uploads/sites/2/2018/04/dailynk-english-logo.png"
#: Main menu: (label, url, category shown in its mega menu or None).
MENU = (
    ("Home", HOME, None),
    ("News", category_url("News"), "News"),
    ("Analysis & Opinion", category_url("Analysis & Opinion"), "Analysis & Opinion"),
    ("Snapshots", category_url("Snapshots"), "Snapshots"),
    ("Market Indicators", category_url("Market Indicators"), None),
    ("About Us", STATIC["about-daily-nk"].url, None),
    ("Market Trends", STATIC["north-korea-market-trends"].url, None),
    ("Cartoons", STATIC["cartoons"].url, None),
    ("Donate", STATIC["donations"].url, None),
    ("Notices", f"{HOME}notices/", None),
)
#: The About Us drop-down: WordPress static pages, not articles (real-pages §4).
ABOUT_MENU = tuple(p for p in STATIC_PAGES if p.menu == "about" and p.slug != "about-daily-nk")
#: Off-site and do-not-follow links every page carries (Korean and other editions, old host).
EDITIONS = (
    ("한국어", f"{SITE}/"),
    ("中文", "http://china.dailynk.com/"),
    ("日本語", "https://dailynk.jp/"),
    ("Old site", "http://english.dailynk.com/english/"),
)
CONTACT = "dailynkenglish@uni-media.net"


@dataclass
class Page:
    """What the chrome needs to know about one page."""

    title: str
    canonical: str | None
    date: datetime  # the top bar's date: the day the page was generated
    body_class: str
    recent: Sequence[Entry]  # newest first: what menus and the sidebar may link to
    head_meta: str = ""
    robots: str | None = (  # None: the SEO plugin's block in head_meta prints its own
        "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"
    )
    blocks: list[str] = field(default_factory=list)  # tdBlocksArray registrations
    #: The whole <body class> when set (real classic pages); else body_class + the theme's tail.
    exact_body_class: bool = False
    #: The content container's class and what sits in it above the row (real post pages:
    #: "td-container td-post-template-default " with the breadcrumbs).
    container_class: str = "td-container"
    above_row: str = ""
    #: <link rel="alternate"> feeds after the site's two (a post's own comments feed).
    extra_feeds: str = ""
    #: Tags WordPress prints late in <head> (shortlink, oEmbed discovery).
    late_meta: str = ""

    def block(
        self, block_type: str, post_count: int, found_posts: int, per_page: int = 5
    ) -> str:
        """Register an ajax block (its JS config goes in the footer) and return its uid."""
        uid = f"tdi_{len(self.blocks) * 2 + 2}"
        atts = json.dumps({"limit": str(per_page), "ajax_pagination": "next_prev", "block_type": block_type,
                           "separator": "", "custom_title": "", "td_ajax_filter_type": "", "class": uid,
                           "tdc_css": "", "sort": "", "post_ids": "", "category_id": "", "tag_slug": ""})  # fmt: skip
        pages = max(1, -(-found_posts // per_page))
        self.blocks.append(
            f"var block_{uid} = new tdBlock();\nblock_{uid}.id = \"{uid}\";\nblock_{uid}.atts = '{atts}';\n"
            f'block_{uid}.td_column_number = "1";\nblock_{uid}.block_type = "{block_type}";\n'
            f'block_{uid}.post_count = "{post_count}";\nblock_{uid}.found_posts = "{found_posts}";\n'
            f'block_{uid}.header_color = "#";\nblock_{uid}.ajax_pagination_infinite_stop = "";\n'
            f'block_{uid}.max_num_pages = "{pages}";\ntdBlocksArray.push(block_{uid});'
        )
        return uid


def document(page: Page, main: str) -> str:
    """A whole HTML page around ``main`` (the content column)."""
    # The header and sidebar register blocks, so render them before the footer's JS.
    header = header_html(page)
    side = sidebar(page)
    body_class = (
        page.body_class
        if page.exact_body_class
        else f"{page.body_class} global-block-template-1 td-animation-stack-type0 td-full-layout"
    )
    return (
        f'<!doctype html >\n<!--[if IE 8]>    <html class="ie8" lang="en"> <![endif]-->\n'
        f'<!--[if IE 9]>    <html class="ie9" lang="en"> <![endif]-->\n'
        f'<!--[if gt IE 8]><!--> <html lang="en-US"> <!--<![endif]-->\n{head(page)}\n'
        f'<body class="{body_class}" '
        'itemscope="itemscope" itemtype="https://schema.org/WebPage">\n\n'
        '<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>\n'
        f"{mobile_menu()}\n"
        f'<div id="td-outer-wrap" class="td-theme-wrap">\n{header}\n'
        f'<div class="td-main-content-wrap td-container-wrap">\n<div class="{page.container_class}">\n{page.above_row}'
        f'<div class="td-pb-row">\n{main}\n{side}\n</div> <!-- /.td-pb-row -->\n</div> <!-- /.td-container -->\n'
        f"</div> <!-- /.td-main-content-wrap -->\n{footer(page)}\n</div><!--close td-outer-wrap-->\n"
        f"{footer_scripts(page)}\n</body>\n</html>\n"
    )


def head(page: Page) -> str:
    canonical = (
        f'<link rel="canonical" href="{attr(page.canonical)}" />\n'
        if page.canonical
        else ""
    )
    return (
        f'<head>\n    <title>{esc(page.title)}</title>\n    <meta charset="UTF-8" />\n'
        '    <meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f'    <link rel="pingback" href="{HOME}xmlrpc.php" />\n'
        + (f"<meta name='robots' content='{page.robots}' />\n" if page.robots else "")
        + 
        f'<link rel="icon" type="image/png" href="{HOME}wp-content/uploads/sites/2/2018/04/favicon.png">'
        f'<link rel="apple-touch-icon-precomposed" sizes="76x76" href="{HOME}wp-content/uploads/sites/2/2018/04/76.png"/>\n'
        f"{canonical}{page.head_meta}"
        "<link rel='dns-prefetch' href='//fonts.googleapis.com' />\n<link rel='dns-prefetch' href='//s.w.org' />\n"
        f'<link rel="alternate" type="application/rss+xml" title="Daily NK English &raquo; Feed" href="{HOME}feed/" />\n'
        f'<link rel="alternate" type="application/rss+xml" title="Daily NK English &raquo; Comments Feed" href="{HOME}comments/feed/" />\n'
        f"{page.extra_feeds}"
        f'<style type="text/css">\nimg.wp-smiley,\nimg.emoji {{\n\tdisplay: inline !important;\n\tborder: none !important;\n'
        "\tbox-shadow: none !important;\n\theight: 1em !important;\n\twidth: 1em !important;\n\tmargin: 0 .07em !important;\n"
        "\tvertical-align: -0.1em !important;\n\tbackground: none !important;\n\tpadding: 0 !important;\n}\n</style>\n"
        f"{stylesheet_links()}\n{script_tags(HEAD_SCRIPTS)}\n"
        f'<link rel="https://api.w.org/" href="{HOME}wp-json/" />'
        f'<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{HOME}xmlrpc.php?rsd" />\n'
        '<meta name="generator" content="WordPress 5.4.2" />\n'
        f"{page.late_meta}"
        f'<!--[if lt IE 9]><script src="https://cdnjs.cloudflare.com/ajax/libs/html5shiv/3.7.3/html5shiv.js"></script><![endif]-->\n'
        f"    <script>\n        window.tdwGlobal = {TD_GLOBAL};\n    </script>\n"
        f"<script>\n{TD_BLOCK_JS}</script>\n\n<!-- JS generated by theme -->\n\n<script>\n{TD_VARS}</script>\n\n"
        f"<!-- Header style compiled by theme -->\n\n<style>\n{theme_css()}\n</style>\n\n{GA_SNIPPET}\n"
        '<meta name="generator" content="Powered by WPBakery Page Builder - drag and drop page builder for WordPress."/>\n'
        "</head>"
    )


def mobile_menu() -> str:
    items = "".join(
        f'<li id="menu-item-{900 + i}" class="menu-item menu-item-type-custom menu-item-{900 + i}">'
        f'<a href="{url}">{esc(label)}</a></li>'
        for i, (label, url, _) in enumerate(MENU)
    )
    editions = "".join(
        f'<li class="menu-item"><a href="{url}">{esc(label)}</a></li>'
        for label, url in EDITIONS
    )
    return (
        '<div class="td-menu-background"></div>\n<div id="td-mobile-nav">\n    <div class="td-mobile-container">\n'
        '        <!-- mobile menu top section -->\n        <div class="td-menu-socials-wrap">\n'
        '            <div class="td-menu-socials">\n'
        '        <span class="td-social-icon-wrap"><a target="_blank" href="https://www.facebook.com/dailynk" title="Facebook">'
        '<i class="td-icon-font td-icon-facebook"></i></a></span>\n'
        '        <span class="td-social-icon-wrap"><a target="_blank" href="https://twitter.com/DailyNK" title="Twitter">'
        '<i class="td-icon-font td-icon-twitter"></i></a></span>\n'
        '        <span class="td-social-icon-wrap"><a target="_blank" href="https://www.youtube.com/user/dailynkvideo" title="Youtube">'
        '<i class="td-icon-font td-icon-youtube"></i></a></span>            </div>\n'
        '            <div class="td-mobile-close"><a href="#"><i class="td-icon-close-mobile"></i></a></div>\n'
        "        </div>\n"
        f'        <div class="td-mobile-content">\n            <div class="menu-main-menu-container"><ul id="menu-main-menu" '
        f'class="td-mobile-main-menu">{items}{editions}</ul></div>        </div>\n    </div>\n</div>\n'
        '<div class="td-search-background"></div>\n<div class="td-search-wrap-mob">\n'
        '\t<div class="td-drop-down-search" aria-labelledby="td-header-search-button">\n'
        f'\t\t<form method="get" class="td-search-form" action="{HOME}">\n'
        '\t\t\t<div class="td-search-close"><a href="#"><i class="td-icon-close-mobile"></i></a></div>\n'
        '\t\t\t<div role="search" class="td-search-input">\n\t\t\t\t<span>Search</span>\n'
        '\t\t\t\t<input id="td-header-search-mob" type="text" value="" name="s" autocomplete="off" />\n'
        '\t\t\t</div>\n\t\t</form>\n\t\t<div id="td-aj-search-mob"></div>\n\t</div>\n</div>'
    )


def top_bar(page: Page) -> str:
    temp = _temperature(page.date)
    return (
        '<div class="td-header-top-menu-full td-container-wrap ">\n<div class="td-container td-header-row td-header-top-menu">\n'
        '<div class="top-bar-style-1">\n<div class="td-header-sp-top-menu">\n'
        '<div class="td-weather-top-widget" id="td_top_weather_uid">\n<i class="td-icons clear-sky-d"></i>\n'
        f'<div class="td-weather-now" data-block-uid="td_top_weather_uid">\n<span class="td-big-degrees">{temp}</span>\n'
        '<span class="td-weather-unit">C</span>\n</div>\n<div class="td-weather-header">\n'
        '<div class="td-weather-city">Pyongyang</div>\n</div>\n</div>\n'
        f'<div class="td_data_time">\n<div >\n{page.date:%B} {page.date.day}, {page.date.year}\n</div>\n</div>\n'
        '<div class="menu-top-container"><ul id="menu-top-menu" class="top-header-menu">'
        + "".join(
            f'<li class="menu-item menu-item-type-custom td-menu-item td-normal-menu"><a href="{url}">{esc(label)}</a></li>'
            for label, url in EDITIONS
        )
        + f'<li class="menu-item td-menu-item td-normal-menu"><a href="{HOME}wp-login.php">Log In</a></li>'
        "</ul></div></div>\n</div>\n</div>\n</div>"
    )


def _temperature(day: datetime) -> str:
    """A plausible Pyongyang temperature for the date, fixed by the date (no clock, no network)."""
    seasonal = (-2, 1, 7, 13, 18, 23, 26, 27, 22, 15, 7, 0)[day.month - 1]
    tenth = stable_int(day.strftime("%Y%m%d"), -40, 41)
    return f"{(seasonal * 10 + tenth) / 10:.1f}".removesuffix(".0")


def header_html(page: Page) -> str:
    return (
        '<div class="td-header-wrap td-header-style-8 ">\n'
        f"{top_bar(page)}\n"
        '<div class="td-header-menu-wrap-full td-container-wrap ">\n<div class="td-header-menu-wrap td-header-gradient ">\n'
        '<div class="td-container td-header-row td-header-main-menu">\n<div id="td-header-menu" role="navigation">\n'
        '<div id="td-top-mobile-toggle"><a href="#"><i class="td-icon-font td-icon-mobile"></i></a></div>\n'
        f'<div class="td-main-menu-logo td-logo-in-menu">\n<a class="td-main-logo" href="{HOME}">\n'
        f'<img class="td-retina-data" data-retina="{LOGO}" src="{LOGO}" alt="Daily NK English" title="Daily NK English"/>\n'
        f'<span class="td-visual-hidden">{SITE_NAME}</span>\n</a>\n</div>\n'
        f'<div class="menu-main-menu-container"><ul id="menu-main-menu-1" class="sf-menu">{main_menu(page)}</ul></div></div>\n'
        '<div class="header-search-wrap">\n<div class="td-search-btns-wrap">\n'
        '<a id="td-header-search-button" href="#" role="button" class="dropdown-toggle " data-toggle="dropdown">'
        '<i class="td-icon-search"></i></a>\n</div>\n'
        f'<div class="td-drop-down-search" aria-labelledby="td-header-search-button">\n<form method="get" class="td-search-form" action="{HOME}">\n'
        '<div role="search" class="td-head-form-search-wrap">\n<input id="td-header-search" type="text" value="" name="s" autocomplete="off" />'
        '<input class="wpb_button wpb_btn-inverse btn" type="submit" id="td-header-search-top" value="Search" />\n'
        '</div>\n</form>\n<div id="td-aj-search"></div>\n</div>\n</div>\n</div>\n</div>\n</div>\n</div>'
    )


def main_menu(page: Page) -> str:
    items = []
    for i, (label, url, mega_category) in enumerate(MENU):
        if label == "About Us":
            sub = "".join(
                f'<li id="menu-item-{1100 + p.page_id}" class="menu-item menu-item-type-post_type menu-item-object-page '
                f'td-menu-item td-normal-menu menu-item-{1100 + p.page_id}"><a href="{p.url}">{esc(p.title)}</a></li>'
                for p in ABOUT_MENU
            )
            items.append(
                f'<li id="menu-item-{800 + i}" class="menu-item menu-item-type-post_type menu-item-object-page '
                f'menu-item-has-children td-menu-item td-normal-menu"><a href="{url}">{esc(label)}</a>\n'
                f'<ul class="sub-menu">{sub}</ul>\n</li>'
            )
            continue
        if mega_category is None:
            items.append(
                f'<li id="menu-item-{800 + i}" class="menu-item menu-item-type-custom td-menu-item td-normal-menu">'
                f'<a href="{url}">{esc(label)}</a></li>'
            )
            continue
        chosen = [e for e in page.recent[:300] if mega_category in e.categories][
            :5
        ] or list(page.recent[:5])
        uid = page.block("td_block_mega_menu", len(chosen), len(chosen) * 7)
        inner = "".join(
            f'<div class="td-mega-span">\n{modules.module_mega_menu(e)}\n</div>'
            for e in chosen
        )
        items.append(
            f'<li id="menu-item-{800 + i}" class="menu-item menu-item-type-taxonomy td-menu-item td-mega-menu">'
            f'<a href="{url}">{esc(label)}</a>\n<ul class="sub-menu">\n<li id="menu-item-0" class="menu-item-0">'
            f'<div class="td-container-border"><div class="td-mega-grid"><div class="td_block_wrap td_block_mega_menu {uid} '
            f'td-no-subcats td_with_ajax_pagination td-pb-border-top td_block_template_1"  data-td-block-uid="{uid}" >'
            f'<div id={uid} class="td_block_inner">\n<div class="td-mega-row">{inner}</div></div>'
            f'<div class="td-next-prev-wrap"><a href="#" class="td-ajax-prev-page ajax-page-disabled" id="prev-page-{uid}" '
            f'data-td_block_id="{uid}"><i class="td-icon-font td-icon-menu-left"></i></a><a href="#"  class="td-ajax-next-page" '
            f'id="next-page-{uid}" data-td_block_id="{uid}"><i class="td-icon-font td-icon-menu-right"></i></a></div>'
            '<div class="clearfix"></div></div> <!-- ./block1 --></div></div></li>\n</ul>\n</li>'
        )
    return "".join(items)


def breadcrumbs(trail: Sequence[tuple[str, str | None]]) -> str:
    """Home > ... > last (the last crumb has no link, as the theme prints it)."""
    crumbs = [f'<span><a title="" class="entry-crumb" href="{HOME}">Home</a></span>']
    for label, url in trail:
        if url:
            crumbs.append(
                f'<span><a title="View all posts in {attr(label)}" class="entry-crumb" href="{url}">{esc(label)}</a></span>'
            )
        else:
            crumbs.append(f'<span class="td-bred-no-url-last">{esc(label)}</span>')
    return (
        '<div class="td-crumb-container"><div class="entry-crumbs">'
        + ' <i class="td-icon-right td-bread-sep"></i> '.join(crumbs)
        + "</div></div>"
    )


def sidebar(page: Page) -> str:
    recent = list(page.recent[:5])
    popular = [page.recent[i] for i in range(5, min(len(page.recent), 40), 7)][:4]
    uid_recent = page.block("td_block_7", len(recent), len(page.recent))
    uid_popular = page.block("td_block_popular", len(popular), len(popular))
    return (
        '<div class="td-pb-span4 td-main-sidebar" role="complementary">\n<div class="td-ss-main-sidebar">\n'
        '<aside class="td_block_template_1 widget widget_search"><form method="get" class="td-search-form-widget" '
        f'action="{HOME}"><div role="search"><input class="td-widget-search-input" type="text" value="" name="s" id="s" />'
        '<input class="wpb_button wpb_btn-inverse btn" type="submit" id="searchsubmit" value="Search" /></div></form></aside>\n'
        f'<div class="td_block_wrap td_block_7 {uid_recent} td-pb-border-top td_block_template_1" data-td-block-uid="{uid_recent}" >'
        '<div class="td-block-title-wrap"><h4 class="block-title td-block-title"><span class="td-pulldown-size">Recent Articles</span></h4></div>'
        f'<div id={uid_recent} class="td_block_inner">\n'
        + "\n".join(
            f'<div class="td-block-span12">\n{modules.module_6(e)}\n</div>'
            for e in recent
        )
        + "</div></div>\n"
        f'<div class="td_block_wrap td_block_popular {uid_popular} td-pb-border-top td_block_template_1" data-td-block-uid="{uid_popular}" >'
        '<div class="td-block-title-wrap"><h4 class="block-title td-block-title"><span class="td-pulldown-size">Popular</span></h4></div>'
        f'<div id={uid_popular} class="td_block_inner">\n'
        + "\n".join(
            f'<div class="td-block-span12">\n{modules.module_6(e)}\n</div>'
            for e in popular
        )
        + "</div></div>\n"
        f"{newsletter_box()}\n"
        '<div class="td-a-rec td-a-rec-id-sidebar  td_block_template_1"><span class="td-adspot-title">- Advertisement -</span>'
        f'<a href="https://www.dailynk.com/english/subscribe/" target="_blank"><img src="{HOME}wp-content/uploads/sites/2/2019/02/support-banner-300x250.jpg" alt="" width="300" height="250"/></a></div>\n'
        '<div class="td_block_wrap td_block_social_counter td-pb-border-top td_block_template_1"><div class="td-social-list">'
        '<div class="td_social_type td-pb-margin-side td_social_facebook"><div class="td-social-box"><div class="td-sp td-sp-facebook"></div>'
        '<span class="td_social_info">43,218</span><span class="td_social_info td_social_info_name">Fans</span>'
        '<span class="td_social_button"><a href="https://www.facebook.com/dailynk" target="_blank">Like</a></span></div></div>'
        '<div class="td_social_type td-pb-margin-side td_social_twitter"><div class="td-social-box"><div class="td-sp td-sp-twitter"></div>'
        '<span class="td_social_info">27,904</span><span class="td_social_info td_social_info_name">Followers</span>'
        '<span class="td_social_button"><a href="https://twitter.com/DailyNK" target="_blank">Follow</a></span></div></div>'
        "</div></div>\n</div>\n</div>"
    )


def newsletter_box() -> str:
    return (
        '<aside class="td_block_template_1 widget widget_text"><h4 class="block-title"><span>Subscribe</span></h4>'
        '<div class="textwidget"><div class="td_block_wrap tdn_block_newsletter_subscribe td-pb-border-top td_block_template_1">'
        '<div class="tdn-info-title">Sign up for our newsletter</div>'
        '<div class="tdn-info-descr">Get the latest Daily NK reports on North Korea in your inbox every week.</div>'
        '<form action="https://dailynk.us20.list-manage.com/subscribe/post?u=2a9e6b1c3d&amp;id=7f3e9c1b2a" method="post" '
        'id="mc-embedded-subscribe-form" name="mc-embedded-subscribe-form" class="validate tdn-subscribe-form" target="_blank" novalidate>'
        '<input type="email" value="" name="EMAIL" class="required email" id="mce-EMAIL" placeholder="Your email address">'
        '<div style="position: absolute; left: -5000px;" aria-hidden="true"><input type="text" name="b_2a9e6b1c3d_7f3e9c1b2a" tabindex="-1" value=""></div>'
        '<input type="submit" value="Subscribe" name="subscribe" id="mc-embedded-subscribe" class="button"></form>'
        "</div></div></aside>"
    )


def footer(page: Page) -> str:
    year = page.date.year
    return (
        '<div class="td-footer-wrapper td-footer-container td-container-wrap td-footer-template-13">\n'
        '<div class="td-container">\n<div class="td-pb-row">\n<div class="td-pb-span12">\n'
        '<div class="td-footer-info"><div class="footer-logo-wrap">'
        f'<a href="{HOME}"><img class="td-retina-data" src="{LOGO}" alt="Daily NK English" title="Daily NK English"/></a></div>'
        '<div class="footer-text-wrap"><div class="block-title"><span>ABOUT US</span></div>'
        "Daily NK is an award-winning online newspaper based in Seoul that reports on North Korea, drawing on a "
        "network of sources inside the country. Its reports cover politics, the economy, society and human rights."
        f'<div class="footer-email-wrap">Contact us: {email_html(CONTACT, "cloudflare", "footer")}</div></div>'
        '<div class="footer-social-wrap td-social-style-2">'
        '<span class="td-social-icon-wrap"><a target="_blank" href="https://www.facebook.com/dailynk" title="Facebook">'
        '<i class="td-icon-font td-icon-facebook"></i></a></span>'
        '<span class="td-social-icon-wrap"><a target="_blank" href="https://twitter.com/DailyNK" title="Twitter">'
        '<i class="td-icon-font td-icon-twitter"></i></a></span>'
        f'<span class="td-social-icon-wrap"><a target="_blank" href="{HOME}feed/" title="RSS"><i class="td-icon-font td-icon-rss"></i></a></span>'
        "</div></div>\n</div>\n</div>\n</div>\n</div>\n"
        '<div class="td-sub-footer-container td-container-wrap ">\n<div class="td-container">\n<div class="td-pb-row">\n'
        '<div class="td-pb-span td-sub-footer-menu"><div class="menu-footer-menu-container"><ul id="menu-footer-menu" class="td-subfooter-menu">'
        f'<li class="menu-item"><a href="{HOME}faq/">FAQ</a></li>'
        f'<li class="menu-item"><a href="{HOME}notices/">Notices</a></li>'
        f'<li class="menu-item"><a href="{STATIC["copyright-notice"].url}">Copyright</a></li>'
        f'<li class="menu-item"><a href="{STATIC["donations"].url}">Support Daily NK</a></li>'
        f'<li class="menu-item"><a href="{STATIC["daily-nk-in-the-news"].url}">In the News</a></li>'
        f'<li class="menu-item"><a href="{HOME}feed/">RSS Feed</a></li>'
        f'<li class="menu-item"><a href="{HOME}privacy-policy/">Privacy Policy</a></li>'
        f'<li class="menu-item"><a href="{HOME}wp-admin/">Admin</a></li>'
        "</ul></div></div>\n"
        f'<div class="td-pb-span td-sub-footer-copy">&copy; Copyright {year} Daily NK. All rights reserved.</div>\n'
        "</div>\n</div>\n</div>"
    )


def footer_scripts(page: Page) -> str:
    blocks = "\n\n".join(page.blocks)
    return (
        '<script data-cfasync="false" src="/cdn-cgi/scripts/5c5dd728/cloudflare-static/email-decode.min.js"></script>'
        f'<script type="text/javascript">\n/* <![CDATA[ */\nvar wpcf7 = {{"apiSettings":{{"root":"https:\\/\\/www.dailynk.com\\/english\\/wp-json\\/contact-form-7\\/v1","namespace":"contact-form-7\\/v1"}}}};\n/* ]]> */\n</script>\n'
        f"{script_tags(FOOTER_SCRIPTS)}\n\n<!-- JS generated by theme -->\n\n<script>\n{blocks}\n\n"
        'jQuery().ready(function jQuery_ready() {\n    tdAjaxCount.tdGetViewsCountsAjax("post","[]");\n});\n</script>\n'
        f'<script type="text/javascript" src="{THEME}/js/td_custom.js"></script>'
    )
