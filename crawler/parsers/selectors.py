"""Every CSS selector the parser reads with, as data (no code): change markup rules here.

Selectors in a tuple are tried in order and the first that finds something wins. Three
template generations are known: tagDiv Newspaper "classic" (td-post-*; the real site in
2019-2020), the tagDiv Cloud Library ("tdb_*" blocks) and migrated "legacy" articles. The
generic fallbacks (JSON-LD, OpenGraph, microdata, the densest block) are in fallback.py.
"""

from __future__ import annotations

# -- page facts (page.py) --------------------------------------------------------------
# Where the article is: fields are looked for inside it first, then in the whole page.
ARTICLE = (
    "article[id^=post-]",
    "article.post",
    ".td-post-template",
    "article",
    "main",
)
CANONICAL_LINK = "link[rel=canonical][href]"
SHORTLINK = "link[rel=shortlink][href]"
REST_LINK = 'link[rel=alternate][href*="/wp/v2/posts/"]'
# Furniture inside the article that no field is read from: removed before any field is read.
NEVER_READ = (
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
LISTING_ITEMS = (
    ".td_module_wrap, .td-module-container, .td_module_flex, article.type-post"
)

# -- title and dates (heading.py) ------------------------------------------------------
TITLE = (
    "h1.entry-title",
    "h1.tdb-title-text",
    ".td-post-title h1",
    ".tdb_title h1",
)
TITLE_LAST_RESORT = ("article h1",)
SUBTITLE = (
    "p.td-post-sub-title",
    ".td-post-sub-title",
    ".tdb_single_subtitle p",
    ".tdb_single_subtitle",
)
# The theme's <time>: Korean wall clock labelled +00:00 (dailynk-real-pages.md §2). Only the
# article header's: related-post modules carry other articles' times.
HEADER_TIME = (
    ".td-post-header time[datetime]",
    ".td-post-title time[datetime]",
    ".tdb_single_date time[datetime]",
    "article time.entry-date[datetime]",
    "time.entry-date[datetime]",
)
HEADER_TIME_TEXT = (
    ".td-post-header time",
    ".tdb_single_date time",
    "article time",
)
CATEGORIES = (
    ".td-post-header .td-category a",
    "ul.td-category a",
    ".tdb_single_categories a",
    ".tdb-category a",
    "article a[rel~=category]",
)
TAGS = (
    ".td-post-source-tags a",
    ".tdb_single_tags a",
    "ul.td-tags a",
    ".tdb-tags a",
    "article a[rel~=tag]",
)

# -- people (people.py) -----------------------------------------------------------------
BYLINE = (
    ".td-post-header .td-post-author-name",
    ".td-post-title .td-post-author-name",
    ".tdb_single_author",
    "article .td-post-author-name",
    "article .author.vcard",
    "article [rel=author]",
)
AUTHOR_BOX = (".author-box-wrap", ".tdb_single_author_box", ".tdb-author-box")
AUTHOR_BOX_NAME = (".td-author-name", ".tdb-author-name", ".author-name", ".fn")
AUTHOR_BOX_BIO = (
    ".td-author-description",
    ".tdb-author-descr",
    ".author-description",
    "[itemprop=description]",
)

# -- images and captions (images.py) ----------------------------------------------------
FEATURED = (
    ".td-post-featured-image",
    ".tdb_single_featured_image",
    "article .post-thumbnail",
)
CAPTION = ("figcaption", ".wp-caption-text", ".wp-element-caption", ".caption")
CAPTION_LINK = "a[data-caption]"
# Attributes holding the picture's address, real one first (lazy loading puts a
# placeholder in src and the real URL in data-lazy-src).
IMAGE_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "src")
# In-body pictures with their captions: read as figures, then removed from the text.
FIGURES = ("figure", ".wp-caption", ".wp-block-image", "div[id^=attachment_]")
# What a picture block is in any theme: a <div> holding an image and at most one short
# paragraph (its caption); the paragraph count and text length are checked in code.
PICTURE_BLOCK = "div:has(img)"

# -- body (body.py) ---------------------------------------------------------------------
CONTENT = (
    ".tdb_single_content .tdb-block-inner",
    ".tdb_single_content",
    ".td-post-content",
    "[itemprop=articleBody]",
    ".entry-content",
    ".post-content",
    ".article-content",
)
# Blocks inside the content that are never body text. Order does not matter.
JUNK = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "svg",
    "ins.adsbygoogle",
    ".td-a-rec",
    ".td-g-rec",
    ".td-a-ad",
    ".tdb_single_post_share",
    ".td-post-sharing",
    ".td-post-sharing-top",
    ".td-post-sharing-bottom",
    ".td-social-sharing-buttons",
    ".sharedaddy",
    ".addtoany_share_save_container",
    ".td-post-source-tags",
    ".td-tags",
    ".tdb_single_tags",
    ".author-box-wrap",
    ".tdb_single_author_box",
    ".td_block_related_posts",
    ".tdb_single_related",
    ".jp-relatedposts",
    ".yarpp-related",
    ".td-post-next-prev",
    "#comments",
    ".comments",
    "#respond",
    ".td-post-featured-image",
    ".tdb_single_featured_image",
    ".code-block",
    ".printfriendly",
    ".pf-content-buttons",
    "aside",
    ".widget",
    ".tdn_block_newsletter_subscribe",
    ".td-newsletter",
    ".tdb_breadcrumbs",
    ".entry-crumbs",
)
LINKS = "a[href]"
# What a "Read in Korean" link looks like to lxml (an XPath: CSS cannot test text), to
# know whether the page outside the article may have one; footer.py reads the link itself.
KOREAN_LINK_HINT = (
    "//text()[contains(., 'orean')]/ancestor::a[@href][1]"
    "[string-length(normalize-space(.)) <= 60]"
)
