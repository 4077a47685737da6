"""The classic tagDiv Newspaper single-post template (shared/dailynk-site.md §3.2).

``legacy`` articles (migrated read.php posts) use the same shell: article_legacy only changes
the defaults (no JSON-LD, <br /> body), so both render through ``render_classic``.
"""

from __future__ import annotations

from crawler.fixturesite import chrome
from crawler.fixturesite.article_parts import (
    ArticleContext,
    avatar,
    bio_html,
    breadcrumb_jsonld,
    byline_names,
    comments_form,
    featured_figure,
    head_meta,
    microdata,
    next_prev,
    post_classes,
    related,
    share_links,
    tag_items,
    views_count,
)
from crawler.fixturesite.content import inline_ad, post_content
from crawler.fixturesite.entry import category_url
from crawler.fixturesite.markup import esc, long_date, quirk_iso


def render_classic(ctx: ArticleContext, *, jsonld: bool) -> str:
    spec = ctx.spec
    page = chrome.Page(
        title=f"{spec.title} | Daily NK English",
        canonical=spec.url,
        date=spec.published,
        body_class=f"post-template-default single single-post postid-{ctx.entry.post_id} single-format-standard "
        "td-standard-pack wpb-js-composer js-comp-ver-5.7 vc_responsive",
        recent=ctx.older,
        head_meta=head_meta(ctx, og=not spec.variant.get("no_og", False), jsonld=jsonld)
        + breadcrumb_jsonld(ctx),
    )
    article = (
        f'<article id="post-{ctx.entry.post_id}" class="{post_classes(ctx)}" itemscope itemtype="https://schema.org/Article">\n'
        f"{_header(ctx)}\n{share_links(ctx, 'top')}\n"
        f'<div class="td-post-content tagdiv-type">\n{_featured(ctx)}'
        f"{inline_ad('content_top', ctx.seed)}\n{post_content(spec, with_ads=True)}\n"
        f"{inline_ad('content_bottom', ctx.seed)}</div>\n\n"
        f"<footer>\n{_tags(ctx)}{share_links(ctx, 'bottom')}{next_prev(ctx)}{_author_boxes(ctx)}"
        f"{microdata(ctx)}</footer>\n\n</article> <!-- /.post -->\n"
    )
    main = (
        '<div class="td-pb-span8 td-main-content" role="main">\n<div class="td-ss-main-content">\n'
        f'<div class="clearfix"></div>\n{chrome.breadcrumbs([(spec.categories[0], category_url(spec.categories[0])), (spec.title, None)])}\n'
        f"{article}\n{related(ctx, page)}\n{comments_form(ctx)}\n</div>\n</div>"
    )
    return chrome.document(page, main)


def _header(ctx: ArticleContext) -> str:
    spec = ctx.spec
    cats = "".join(
        f'<li class="entry-category"><a  href="{category_url(c)}">{esc(c)}</a></li>'
        for c in spec.categories
    )
    subtitle = (
        f'<p class="td-post-sub-title">{esc(spec.subtitle)}</p>\n'
        if spec.subtitle
        else ""
    )
    return (
        f'<div class="td-post-header">\n\n<ul class="td-category">{cats}</ul>\n'
        f'<header class="td-post-title">\n<h1 class="entry-title">{esc(spec.title)}</h1>\n{subtitle}\n'
        '<div class="td-module-meta-info">\n'
        f'<div class="td-post-author-name"><div class="td-author-by">By</div> {byline_names(spec)}'
        '<div class="td-author-line"> - </div> </div>\n'
        f'<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{quirk_iso(spec.published)}" >'
        f"{long_date(spec.published)}</time></span>\n"
        f'<div class="td-post-comments"><a href="{spec.url}#respond"><i class="td-icon-comments"></i>0</a></div>\n'
        f"{views_count(ctx)}\n</div>\n\n</header>\n\n</div>"
    )


def _featured(ctx: ArticleContext) -> str:
    figure = featured_figure(ctx, "wp-caption-text")
    return f'<div class="td-post-featured-image">{figure}</div>\n' if figure else ""


def _tags(ctx: ArticleContext) -> str:
    if not ctx.spec.tags:
        return ""
    return (
        '<div class="td-post-source-tags">\n<ul class="td-tags td-post-small-box clearfix">'
        f"<li><span>TAGS</span></li>{tag_items(ctx.spec)}</ul>\n</div>\n"
    )


def _author_boxes(ctx: ArticleContext) -> str:
    """One box per author with a bio; a byline without a login gets the bio alone, no name."""
    boxes = []
    for author in ctx.spec.authors:
        if author.bio is None:
            continue
        if author.url:
            photo = (
                f'<a href="{author.url}" aria-label="author-photo">{avatar(author)}</a>'
            )
            name = f'<div class="td-author-name vcard author"><span class="fn"><a href="{author.url}">{esc(author.name)}</a></span></div>'
        else:
            photo, name = avatar(author), ""
        boxes.append(
            f'<div class="author-box-wrap">{photo}<div class="desc">{name}'
            f'<div class="td-author-description">{bio_html(author, ctx.seed)}</div>'
            '<div class="td-author-social"></div><div class="clearfix"></div></div></div>'
        )
    return "\n".join(boxes)
