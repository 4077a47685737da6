"""The theme's bulky <head> assets: stylesheet links, inline CSS and JS config (most of a page's bytes).

Real Newspaper pages are 100-250 KB, and most of that is this kind of markup: a parser and
spider must be tested against pages where the article is a small part of the document.
"""

from __future__ import annotations

import functools
import json

from crawler.fixturesite.spec import HOME

THEME = f"{HOME}wp-content/themes/Newspaper"
PLUGINS = f"{HOME}wp-content/plugins"
INCLUDES = f"{HOME}wp-includes"
THEME_VERSION = "9.7.3"
ACCENT = "#e20013"

STYLESHEETS = (
    ("wp-block-library-css", f"{INCLUDES}/css/dist/block-library/style.min.css?ver=5.4.2"),
    ("contact-form-7-css", f"{PLUGINS}/contact-form-7/includes/css/styles.css?ver=5.1.9"),
    ("kboard-comments-skin-default-css", f"{PLUGINS}/kboard-comments/skin/default/style.css?ver=4.4.6"),
    ("kboard-skin-default-css", f"{PLUGINS}/kboard/skin/default/style.css?ver=5.7"),
    ("printfriendly-frontend-css", f"{PLUGINS}/printfriendly/css/printfriendly.css?ver=4.0.1"),
    ("tablepress-default-css", f"{PLUGINS}/tablepress/css/default.min.css?ver=1.11"),
    ("td-plugin-multi-purpose-css", f"{PLUGINS}/td-composer/td-multi-purpose/style.css?ver=e12f1ed2a2dc9a8b4a2e1dd0c1d6ad96"),
    ("google-fonts-style-css", "https://fonts.googleapis.com/css?family=Open+Sans%3A300italic%2C400%2C400italic%2C600%2C600italic%2C700%7CRoboto%3A300%2C400%2C400italic%2C500%2C500italic%2C700%2C900&#038;ver=9.7.3"),
    ("js_composer_front-css", f"{PLUGINS}/js_composer/assets/css/js_composer.min.css?ver=5.7"),
    ("td-theme-css", f"{THEME}/style.css?ver={THEME_VERSION}"),
    ("td-theme-child-css", f"{HOME}wp-content/themes/Newspaper-child/style.css?ver={THEME_VERSION}c"),
    ("td-legacy-framework-front-style-css", f"{PLUGINS}/td-composer/legacy/Newspaper/assets/css/td_legacy_main.css?ver=e12f1ed2a2dc9a8b4a2e1dd0c1d6ad96"),
    ("td-standard-pack-framework-front-style-css", f"{PLUGINS}/td-standard-pack/Newspaper/assets/css/td-standard-pack-framework-front-style.css?ver=1b3d5bf2c64738aa07b4643e31257da9"),
    ("tdb_front_style-css", f"{PLUGINS}/td-cloud-library/assets/css/tdb_less_front.css?ver=8b5c6d9a2b0a5cf8a0f1e0b5ca3b1d2e"),
)  # fmt: skip

HEAD_SCRIPTS = (
    ("jquery-core-js", f"{INCLUDES}/js/jquery/jquery.js?ver=1.12.4-wp"),
    ("jquery-migrate-js", f"{INCLUDES}/js/jquery/jquery-migrate.min.js?ver=1.4.1"),
    ("printfriendly-js", f"{PLUGINS}/printfriendly/js/printfriendly.js?ver=4.0.1"),
)
FOOTER_SCRIPTS = (
    ("contact-form-7-js", f"{PLUGINS}/contact-form-7/includes/js/scripts.js?ver=5.1.9"),
    ("td-site-min-js", f"{THEME}/js/tagdiv_theme.min.js?ver={THEME_VERSION}"),
    ("comment-reply-js", f"{INCLUDES}/js/comment-reply.min.js?ver=5.4.2"),
    ("wp-embed-js", f"{INCLUDES}/js/wp-embed.min.js?ver=5.4.2"),
    (
        "tdb_js_files_for_front-js",
        f"{PLUGINS}/td-cloud-library/assets/js/js_files_for_front.min.js?ver=8b5c6d9a",
    ),
    (
        "js_composer_front-js",
        f"{PLUGINS}/js_composer/assets/js/dist/js_composer_front.min.js?ver=5.7",
    ),
)

_SELECTORS = (
    ".td-header-wrap .black-menu .sf-menu > .current-menu-item > a",
    ".td-header-wrap .black-menu .sf-menu > .current-menu-ancestor > a",
    ".td_module_wrap:hover .entry-title a", ".td-post-category", ".td-category-header .td-page-title",
    ".td-pulldown-filter-display-option", ".td-pulldown-filter-link:hover", ".td-post-content h2",
    ".td-post-content h3", ".td-post-content p", ".td-post-sub-title", ".td-post-author-name a",
    ".td-author-description", ".author-box-wrap .td-author-name a", ".td-post-source-tags a",
    ".td-post-sharing-visible a", ".td-social-sharing-button", ".td-related-title a",
    ".td_block_related_posts .entry-title a", ".td-post-next-prev-content a", ".page-nav .current",
    ".page-nav a:hover", ".td-next-prev-wrap a:hover", ".td-ajax-load-more:hover",
    ".td-scroll-up", ".td-weather-top-widget .td-weather-now", ".td_data_time", ".td-header-top-menu",
    ".top-header-menu a", ".td-header-menu-wrap-full", ".sf-menu > li > a", ".td_block_mega_menu .td-next-prev-wrap a",
    ".td-mega-span .entry-title a", ".td-mobile-content .current-menu-item > a", ".td-mobile-content a",
    ".td-menu-background:before", ".td-search-background:before", ".td-footer-wrapper", ".td-footer-wrapper a",
    ".td-sub-footer-container", ".td-sub-footer-copy", ".td-sub-footer-menu a", ".block-title > span",
    ".block-title > a", ".td-block-title-wrap .td-subcat-link", ".td_block_template_1 .td-related-title .td-cur-simple-item",
    ".td-theme-wrap .td-subcat-filter .td-subcat-dropdown:hover .td-subcat-more", ".td-excerpt", ".td-module-meta-info",
    ".td-post-date", ".widget_archive a:hover", ".widget_calendar a:hover", ".widget_categories a:hover",
    ".td-a-rec-id-content_inline", ".td-a-rec-id-content_top", ".td-a-rec-id-content_bottom", ".td-adspot-title",
    ".wp-caption-text", ".wp-caption .wp-caption-text", ".td-post-featured-image figcaption", ".tdb-caption-text",
    ".tdb_single_content .tdb-block-inner p", ".tdb-title-text", ".tdb_single_subtitle p", ".tdb-author-name",
    ".tdb_single_tags a", ".tdb-author-descr", ".tdb_single_date time", ".td-newsletter .td-newsletter-button",
    ".td_block_social_counter .td-social-box", ".td-instagram-header", ".td-header-style-8 .td-main-menu-logo img",
    ".td-comments-title-wrap h4", ".comment-respond .comment-reply-title", ".td-form-comment textarea",
    ".comment-form .submit", ".td-404-title", ".td-404-sub-title", ".td-404-sub-sub-title a", ".td-author-counters",
    ".td-author-post-count", ".td-page-header h1", ".kboard-list table", ".kboard-document-title",
)  # fmt: skip

_DECLARATIONS = (
    f"color: {ACCENT};",
    f"background-color: {ACCENT};",
    f"border-color: {ACCENT};",
    "font-family: Roboto, sans-serif;",
    "font-family: 'Open Sans', 'Open Sans Regular', sans-serif;",
    "font-size: 15px; line-height: 26px;",
    "font-weight: 500; text-transform: uppercase;",
    "margin: 0 0 26px 0;",
    "padding: 6px 10px 7px;",
    "line-height: 1.4;",
    "color: #111111;",
    "color: #767676;",
    "background-color: #222222;",
    "-webkit-transition: all 0.2s ease; transition: all 0.2s ease;",
    "opacity: 0.95;",
    "display: inline-block; vertical-align: top;",
)


@functools.cache
def theme_css() -> str:
    """The theme panel's generated CSS: every selector with a few declarations, per breakpoint."""
    rules = []
    for width in (None, 1018, 767):
        for i, selector in enumerate(_SELECTORS):
            decls = " ".join(
                _DECLARATIONS[(i * k) % len(_DECLARATIONS)] for k in (1, 3, 5, 7)
            )
            rules.append(f"{selector} {{\n    {decls}\n}}")
        if width is not None:
            rules[-len(_SELECTORS)] = (
                f"@media (max-width: {width}px) {{\n" + rules[-len(_SELECTORS)]
            )
            rules[-1] += "\n}"
    return "\n".join(rules)


@functools.cache
def block_css(uid: str) -> str:
    """The per-block <style> a Cloud Library template emits before each tdb block."""
    return (
        f"<style>.{uid}{{margin-bottom:16px!important}}@media (min-width:1019px) and (max-width:1140px){{"
        f".{uid}{{margin-bottom:12px!important}}}}@media (min-width:768px) and (max-width:1018px){{"
        f".{uid}{{margin-bottom:10px!important}}}}.{uid} .tdb-block-inner{{font-family:Roboto!important;"
        f"font-size:16px!important;line-height:1.7!important;font-weight:400!important}}"
        f".{uid} .td_spot_img_all img{{border-style:none}}</style>"
    )


def stylesheet_links() -> str:
    return "\n".join(
        f"<link rel='stylesheet' id='{sid}'  href='{href}' type='text/css' media='all' />"
        for sid, href in STYLESHEETS
    )


def script_tags(scripts: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(
        f"<script type='text/javascript' src='{src}' id='{sid}'></script>"
        for sid, src in scripts
    )


TD_GLOBAL = json.dumps(
    {
        "adminUrl": f"{HOME}wp-admin/",
        "wpRestNonce": "5b3c0e1a9f",
        "wpRestUrl": f"{HOME}wp-json/",
        "permalinkStructure": "/%postname%/",
    }
).replace("/", "\\/")

TD_BLOCK_JS = """var tdBlocksArray = []; //here we store all the items for the current page

//td_block class - each ajax block uses a object of this class for requests
function tdBlock() {
    this.id = '';
    this.block_type = 1; //block type id (1-234 etc)
    this.atts = '';
    this.td_column_number = '';
    this.td_current_page = 1; //
    this.post_count = 0; //from wp
    this.found_posts = 0; //from wp
    this.max_num_pages = 0; //from wp
    this.td_filter_value = ''; //current live filter value
    this.is_ajax_running = false;
    this.td_user_action = ''; // load more or infinite loader (used by the animation)
    this.header_color = '';
    this.ajax_pagination_infinite_stop = ''; //show load more at page x
}

// td_js_generator - mini detector
(function(){
    var htmlTag = document.getElementsByTagName("html")[0];
    if ( navigator.userAgent.indexOf("MSIE 10.0") > -1 ) {
        htmlTag.className += ' ie10';
    }
    if ( !!navigator.userAgent.match(/Trident.*rv\\:11\\./) ) {
        htmlTag.className += ' ie11';
    }
    if ( navigator.userAgent.indexOf("Edge") > -1 ) {
        htmlTag.className += ' ieEdge';
    }
    if ( /(iPad|iPhone|iPod)/g.test(navigator.userAgent) ) {
        htmlTag.className += ' td-md-is-ios';
    }
    var user_agent = navigator.userAgent.toLowerCase();
    if ( user_agent.indexOf("android") > -1 ) {
        htmlTag.className += ' td-md-is-android';
    }
    if ( -1 !== navigator.userAgent.indexOf('Mac OS X')  ) {
        htmlTag.className += ' td-md-is-os-x';
    }
    if ( /chrom(e|ium)/.test(navigator.userAgent.toLowerCase()) ) {
       htmlTag.className += ' td-md-is-chrome';
    }
    if ( -1 !== navigator.userAgent.indexOf('Firefox') ) {
        htmlTag.className += ' td-md-is-firefox';
    }
    if ( -1 !== navigator.userAgent.indexOf('Safari') && -1 === navigator.userAgent.indexOf('Chrome') ) {
        htmlTag.className += ' td-md-is-safari';
    }
    if( -1 !== navigator.userAgent.indexOf('IEMobile') ){
        htmlTag.className += ' td-md-is-iemobile';
    }
})();

var tdLocalCache = {};

( function () {
    "use strict";

    tdLocalCache = {
        data: {},
        remove: function (resource_id) {
            delete tdLocalCache.data[resource_id];
        },
        exist: function (resource_id) {
            return tdLocalCache.data.hasOwnProperty(resource_id) && tdLocalCache.data[resource_id] !== null;
        },
        get: function (resource_id) {
            return tdLocalCache.data[resource_id];
        },
        set: function (resource_id, cachedData) {
            tdLocalCache.remove(resource_id);
            tdLocalCache.data[resource_id] = cachedData;
        }
    };
})();
"""

TD_VARS = f"""var td_viewport_interval_list=[{{"limitBottom":767,"sidebarWidth":228}},{{"limitBottom":1018,"sidebarWidth":300}},{{"limitBottom":1140,"sidebarWidth":324}}];
var tdc_is_installed="yes";
var td_ajax_url="https:\\/\\/www.dailynk.com\\/english\\/wp-admin\\/admin-ajax.php?td_theme_name=Newspaper&v={THEME_VERSION}";
var td_get_template_directory_uri="https:\\/\\/www.dailynk.com\\/english\\/wp-content\\/plugins\\/td-composer\\/legacy\\/common";
var tds_snap_menu="smart_snap_always";
var tds_logo_on_sticky="show_header_logo";
var tds_header_style="8";
var td_please_wait="Please wait...";
var td_email_user_pass_incorrect="User or password incorrect!";
var td_email_user_incorrect="Email or username incorrect!";
var td_email_incorrect="Email incorrect!";
var tds_more_articles_on_post_enable="show";
var tds_more_articles_on_post_time_to_wait="";
var tds_more_articles_on_post_pages_distance_from_top=0;
var tds_theme_color_site_wide="\\{ACCENT}";
var tds_smart_sidebar="enabled";
var tdThemeName="Newspaper";
var td_magnific_popup_translation_tPrev="Previous (Left arrow key)";
var td_magnific_popup_translation_tNext="Next (Right arrow key)";
var td_magnific_popup_translation_tCounter="%curr% of %total%";
var td_magnific_popup_translation_ajax_tError="The content from %url% could not be loaded.";
var td_magnific_popup_translation_image_tError="The image #%curr% could not be loaded.";
var tdBlockNonce="8c6b1a2f4d";
var tdDateNamesI18n={{"month_names":["January","February","March","April","May","June","July","August","September","October","November","December"],"month_names_short":["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"],"day_names":["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"],"day_names_short":["Sun","Mon","Tue","Wed","Thu","Fri","Sat"]}};
var td_ad_background_click_link="";
var td_ad_background_click_target="";
"""

GA_SNIPPET = """<!-- Global site tag (gtag.js) - Google Analytics -->
<script async src="https://www.googletagmanager.com/gtag/js?id=UA-16252287-3"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());

  gtag('config', 'UA-16252287-3');
</script>"""
