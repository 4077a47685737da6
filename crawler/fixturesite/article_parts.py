"""Pieces of an article page that the three templates share: head meta, sharing, tags, comments."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from crawler.fixturesite import modules
from crawler.fixturesite.chrome import LOGO, SITE_NAME, Page
from crawler.fixturesite.entry import Entry, category_url, tag_url
from crawler.fixturesite.markup import (
    attr,
    caption_text,
    email_html,
    esc,
    kst_iso,
    quirk_iso,
    resized,
    slugify,
    utc_iso,
)
from crawler.fixturesite.spec import HOME, ArticleSpec, AuthorSpec


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """An article and the site as it was when it was published (only older posts are linked)."""

    spec: ArticleSpec
    entry: Entry
    older: Sequence[Entry]  # newest first, all published before this article

    @property
    def seed(self) -> str:
        return f"{self.entry.post_id}-{self.spec.slug}"


def head_meta(ctx: ArticleContext, *, og: bool, jsonld: bool) -> str:
    spec, entry = ctx.spec, ctx.entry
    lines = []
    if og:
        lines += [
            '<meta property="og:locale" content="en_US" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:title" content="{attr(spec.title)}" />',
            f'<meta property="og:description" content="{attr(entry.excerpt)}" />',
            f'<meta property="og:url" content="{attr(spec.url)}" />',
            f'<meta property="og:site_name" content="{SITE_NAME}" />',
            '<meta property="article:publisher" content="https://www.facebook.com/dailynk" />',
            *(
                f'<meta property="article:tag" content="{attr(t)}" />'
                for t in spec.tags
            ),
            f'<meta property="article:section" content="{attr(spec.categories[0])}" />',
            # article:* metas carry true UTC on every template (real-pages §2).
            f'<meta property="article:published_time" content="{utc_iso(spec.published)}" />',
        ]
        if spec.modified:
            lines.append(
                f'<meta property="article:modified_time" content="{utc_iso(spec.modified)}" />'
            )
        if spec.image:
            lines += [
                f'<meta property="og:image" content="{attr(spec.image.url)}" />',
                '<meta property="og:image:width" content="1000" />',
                '<meta property="og:image:height" content="667" />',
            ]
        lines.append('<meta name="twitter:card" content="summary_large_image" />')
    lines += [
        f"<link rel='shortlink' href='{entry.shortlink}' />",
        f'<link rel="alternate" type="application/json+oembed" href="{HOME}wp-json/oembed/1.0/embed?url={quote(spec.url, safe="")}" />',
        f'<link rel="alternate" type="application/json" href="{HOME}wp-json/wp/v2/posts/{entry.post_id}" />',
    ]
    if jsonld:
        lines.append(
            f'<script type="application/ld+json">{json.dumps(news_article(ctx), ensure_ascii=False)}</script>'
        )
    return "\n".join(lines) + "\n"


def news_article(ctx: ArticleContext) -> dict:
    spec = ctx.spec
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": spec.url},
        "headline": spec.title,
        "description": ctx.entry.excerpt,
        "datePublished": utc_iso(spec.published),
        "dateModified": utc_iso(spec.updated),
        "author": [
            {"@type": "Person", "name": a.name, **({"url": a.url} if a.url else {})}
            for a in spec.authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": "Daily NK",
            "logo": {"@type": "ImageObject", "url": LOGO},
        },
        "articleSection": list(spec.categories),
        "keywords": ", ".join(spec.tags),
    }
    if spec.image:
        data["image"] = {
            "@type": "ImageObject",
            "url": spec.image.url,
            "width": 1000,
            "height": 667,
        }
    return data


def breadcrumb_jsonld(ctx: ArticleContext) -> str:
    category = ctx.spec.categories[0]
    items = [
        {
            "@type": "ListItem",
            "position": 1,
            "item": {"@type": "WebSite", "@id": HOME, "name": "Home"},
        },
        {
            "@type": "ListItem",
            "position": 2,
            "item": {
                "@type": "WebPage",
                "@id": category_url(category),
                "name": category,
            },
        },
        {
            "@type": "ListItem",
            "position": 3,
            "item": {"@type": "WebPage", "@id": ctx.spec.url, "name": ctx.spec.title},
        },
    ]
    return (
        '<script type="application/ld+json">\n'
        + json.dumps(
            {
                "@context": "http://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": items,
            }
        )
        + "\n</script>"
    )


def share_links(ctx: ArticleContext, position: str) -> str:
    """Share buttons: facebook/twitter/pinterest/whatsapp/mail links a spider must not follow."""
    url, title = quote(ctx.spec.url, safe=""), quote(ctx.spec.title, safe="")
    media = quote(ctx.spec.image.url if ctx.spec.image else LOGO, safe="")
    networks = (
        ("facebook", "Facebook", f"https://www.facebook.com/sharer.php?u={url}"),
        (
            "twitter",
            "Twitter",
            f"https://twitter.com/intent/tweet?text={title}&amp;url={url}&amp;via=DailyNK",
        ),
        (
            "pinterest",
            "Pinterest",
            f"https://pinterest.com/pin/create/button/?url={url}&amp;media={media}&amp;description={title}",
        ),
        (
            "whatsapp",
            "WhatsApp",
            f"https://api.whatsapp.com/send?text={title}%20%0A%0A%20{url}",
        ),
        ("mail", "Email", f"mailto:?subject={title}&amp;body={url}"),
        ("print", "Print", "#"),
    )
    buttons = "".join(
        f'<a class="td-social-sharing-button td-social-sharing-button-js td-social-network td-social-{key}" '
        f'href="{href}" title="{label}" ><div class="td-social-but-icon"><i class="td-icon-{key}"></i></div>'
        f'<div class="td-social-but-text">{label}</div></a>'
        for key, label, href in networks
    )
    share_title = (
        '<span class="td-post-share-title">SHARE</span>' if position == "bottom" else ""
    )
    return (
        f'<div class="td-post-sharing-{position}"><div id="td_social_sharing_article_{position}" '
        f'class="td-post-sharing td-ps-bg td-ps-notext td-post-sharing-style1 ">{share_title}'
        '<div class="td-post-sharing-visible"><a class="td-social-sharing-button td-social-sharing-button-js '
        'td-social-handler td-social-expand-tabs" href="#" data-block-uid="td_social_sharing_article_top" title="">'
        f'<div class="td-social-but-icon"><i class="td-icon-share"></i></div></a>{buttons}</div></div></div>'
    )


def tag_items(spec: ArticleSpec) -> str:
    return "".join(f'<li><a href="{tag_url(t)}">{esc(t)}</a></li>' for t in spec.tags)


def byline_names(spec: ArticleSpec, link_class: str = "") -> str:
    cls = f' class="{link_class}"' if link_class else ""
    return " and ".join(
        f'<a{cls} href="{a.url}">{esc(a.name)}</a>' if a.url else esc(a.name)
        for a in spec.authors
    )


def avatar(author: AuthorSpec, size: int = 96) -> str:
    digest = hashlib.md5(author.name.encode("utf-8"), usedforsecurity=False).hexdigest()
    base = f"https://secure.gravatar.com/avatar/{digest}"
    return (
        f"<img alt='' src='{base}?s={size}&#038;d=mm&#038;r=g' srcset='{base}?s={size * 2}&#038;d=mm&#038;r=g 2x' "
        f"class='avatar avatar-{size} photo' height='{size}' width='{size}' loading='lazy'/>"
    )


def bio_html(author: AuthorSpec, seed: str) -> str:
    text = esc(author.bio or "")
    if author.email and "{email}" in text:
        text = text.replace(
            "{email}", email_html(author.email, author.email_markup, seed + author.name)
        )
    return text


def next_prev(ctx: ArticleContext) -> str:
    """Previous article only: the page is a snapshot from publication, so no newer post exists yet."""
    if not ctx.older:
        return ""
    prev = ctx.older[0]
    return (
        '<div class="td-block-row td-post-next-prev"><div class="td-block-span6 td-post-prev-post">'
        '<div class="td-post-next-prev-content"><span>Previous article</span>'
        f'<a href="{attr(prev.url)}">{esc(prev.title)}</a></div></div><div class="td-next-prev-separator"></div>'
        '<div class="td-block-span6 td-post-next-post"></div></div>'
    )


def related(ctx: ArticleContext, page: Page) -> str:
    if ctx.spec.variant.get("no_related"):
        return ""
    category = ctx.spec.categories[0]
    picks = [e for e in ctx.older[:200] if category in e.categories][:3] or list(
        ctx.older[:3]
    )
    if not picks:
        return ""
    uid = page.block("td_block_related_posts", len(picks), len(picks) * 9, per_page=3)
    return (
        f'<div class="td_block_wrap td_block_related_posts {uid} td_with_ajax_pagination td-pb-border-top '
        f'td_block_template_1"  data-td-block-uid="{uid}" ><h4 class="td-related-title td-block-title">'
        f'<a id="{uid}_a" class="td-related-left td-cur-simple-item" data-td_filter_value="" data-td_block_id="{uid}" '
        f'href="#">RELATED ARTICLES</a><a id="{uid}_b" class="td-related-right" data-td_filter_value="td_related_more_from_author" '
        f'data-td_block_id="{uid}" href="#">MORE FROM AUTHOR</a></h4><div id={uid} class="td_block_inner">\n'
        f'<div class="td-related-row">\n{"".join(modules.module_related(e) for e in picks)}</div><!--./row-fluid--></div>'
        f'<div class="td-next-prev-wrap"><a href="#" class="td-ajax-prev-page ajax-page-disabled" id="prev-page-{uid}" '
        f'data-td_block_id="{uid}"><i class="td-icon-font td-icon-menu-left"></i></a><a href="#"  class="td-ajax-next-page" '
        f'id="next-page-{uid}" data-td_block_id="{uid}"><i class="td-icon-font td-icon-menu-right"></i></a></div></div>'
    )


def comments_form(ctx: ArticleContext) -> str:
    url = attr(ctx.spec.url)
    return (
        '<div class="comments" id="comments">\n<div id="respond" class="comment-respond">\n'
        '<h3 id="reply-title" class="comment-reply-title">LEAVE A REPLY <small><a rel="nofollow" '
        f'id="cancel-comment-reply-link" href="{url}#respond" style="display:none;">Cancel reply</a></small></h3>'
        f'<form action="{HOME}wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>'
        '<div class="clearfix"></div>\n<div class="comment-form-input-wrap td-form-comment">\n'
        '<textarea placeholder="Comment:" id="comment" name="comment" cols="45" rows="8" aria-required="true"></textarea>\n'
        '<div class="td-warning-comment">Please enter your comment!</div>\n</div>\n'
        '<div class="comment-form-input-wrap td-form-author">\n<input class="" id="author" name="author" placeholder="Name:*" '
        'type="text" value="" size="30"  aria-required=\'true\' />\n'
        '<div class="td-warning-author">Please enter your name here</div>\n</div>\n'
        '<div class="comment-form-input-wrap td-form-email">\n<input class="" id="email" name="email" placeholder="Email:*" '
        'type="text" value="" size="30"  aria-required=\'true\' />\n'
        '<div class="td-warning-email-error">You have entered an incorrect email address!</div>\n'
        '<div class="td-warning-email">Please enter your email address here</div>\n</div>\n'
        '<div class="comment-form-input-wrap td-form-url">\n<input class="" id="url" name="url" placeholder="Website:" '
        'type="text" value="" size="30" />\n</div>\n'
        '<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" '
        'type="checkbox" value="yes" /><label for="wp-comment-cookies-consent">Save my name, email, and website in this '
        "browser for the next time I comment.</label></p>\n"
        '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /> '
        f"<input type='hidden' name='comment_post_ID' value='{ctx.entry.post_id}' id='comment_post_ID' />\n"
        "<input type='hidden' name='comment_parent' id='comment_parent' value='0' />\n</p></form>\t</div><!-- #respond -->\n</div>"
    )


def featured_figure(ctx: ArticleContext, caption_class: str) -> str:
    """The featured image: a link to the full upload around a resized copy, then the caption."""
    image = ctx.spec.image
    if image is None:
        return ""
    caption = caption_text(image)
    full = image.url
    srcset = f"{resized(full, 696, 464)} 696w, {resized(full, 300, 200)} 300w, {resized(full, 768, 512)} 768w, {full} 1000w"
    data_caption = f' data-caption="{attr(caption)}"' if caption else ""
    figcaption = (
        f'<figcaption class="{caption_class}">{esc(caption)}</figcaption>'
        if caption
        else ""
    )
    stem = image.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return (
        f'<figure><a href="{attr(full)}"{data_caption}><img width="696" height="464" class="entry-thumb td-modal-image" '
        f'src="{attr(resized(full, 696, 464))}" srcset="{attr(srcset)}" sizes="(max-width: 696px) 100vw, 696px" '
        f'alt="{attr(image.alt)}" title="{attr(stem)}"/></a>{figcaption}</figure>'
    )


def microdata(ctx: ArticleContext) -> str:
    spec = ctx.spec
    people = "".join(
        '<span class="td-page-meta" itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'<meta itemprop="name" content="{attr(a.name)}">'
        + (f'<meta itemprop="url" content="{a.url}">' if a.url else "")
        + "</span>"
        for a in spec.authors
    )
    image = spec.image.url if spec.image else LOGO
    return (
        f'{people}<meta itemprop="datePublished" content="{quirk_iso(spec.published)}">'
        f'<meta itemprop="dateModified" content="{kst_iso(spec.updated)}">'
        f'<meta itemscope itemprop="mainEntityOfPage" itemType="https://schema.org/WebPage" itemid="{attr(spec.url)}"/>'
        '<span class="td-page-meta" itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
        '<span class="td-page-meta" itemprop="logo" itemscope itemtype="https://schema.org/ImageObject">'
        f'<meta itemprop="url" content="{LOGO}"></span><meta itemprop="name" content="{SITE_NAME}"></span>'
        # "headline " with a trailing space: the theme's own typo, kept for fidelity.
        f'<meta itemprop="headline " content="{attr(spec.title)}">'
        '<span class="td-page-meta" itemprop="image" itemscope itemtype="https://schema.org/ImageObject">'
        f'<meta itemprop="url" content="{attr(image)}"><meta itemprop="width" content="1000"><meta itemprop="height" content="667"></span>'
    )


def post_classes(ctx: ArticleContext) -> str:
    spec = ctx.spec
    pid = ctx.entry.post_id
    thumb = " has-post-thumbnail" if spec.image else ""
    cats = " ".join(f"category-{slugify(c)}" for c in spec.categories)
    tags = " ".join(f"tag-{slugify(t)}" for t in spec.tags)
    return f"post-{pid} post type-post status-publish format-standard{thumb} hentry {cats} {tags}".strip()


def views_count(ctx: ArticleContext) -> str:
    if ctx.spec.variant.get("no_views"):
        return ""
    count = ctx.entry.post_id % 9000 + 120
    return f'<div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-{ctx.entry.post_id}">{count}</span></div>'
