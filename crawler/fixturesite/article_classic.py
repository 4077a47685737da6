"""The classic tagDiv Newspaper single-post template, tag for tag as real pages show it.

Modelled on the saved 2019/2020 pages (shared/dailynk-real-pages.md §3, checked against the
skeleton in shared/real-markup/): Yoast's head block and JSON-LD graph, the breadcrumbs in the
post container, the featured image inside ``.td-post-content``, the footer's tags box, share
bar, next/prev, the author (a 2020 ``author-box-wrap`` or the 2019 hidden vcard) and
microdata, then the related posts after ``</article>``.

``legacy`` (migrated read.php posts) and ``column`` (the 2017 ``td-post-template-5`` guest
column) use this shell too; only their bodies (content.py) and a few switches differ.
"""

from __future__ import annotations

from urllib.parse import quote, quote_plus

from crawler.fixturesite import chrome
from crawler.fixturesite.article_parts import (
    ArticleContext,
    avatar,
    bio_html,
    byline_names,
    comments_form,
    next_prev,
    post_classes,
    related,
    tag_items,
)
from crawler.fixturesite.content import content_bottom_ad, post_content
from crawler.fixturesite.entry import category_url
from crawler.fixturesite.markup import attr, esc, kst_iso, quirk_iso, theme_date
from crawler.fixturesite.shape import shows_author_box, shows_content_bottom_ad
from crawler.fixturesite.yoast import (
    IMAGE_HEIGHT,
    IMAGE_WIDTH,
    article_feed_link,
    featured_picture,
    late_links,
    seo_head,
    site_title,
)

#: The logo the theme's microdata names (a site-relative path on real pages).
MICRODATA_LOGO = "/english/wp-content/uploads/2017/09/top_logo@1x.png"


def render_classic(ctx: ArticleContext, *, jsonld: bool) -> str:
    """The page; ``jsonld`` is ignored: Yoast prints its graph whenever it prints its meta."""
    spec = ctx.spec
    template_5 = spec.template == "column"
    single = "single_template_5" if template_5 else "single_template"
    page = chrome.Page(
        title=site_title(spec.title),
        canonical=None,  # Yoast's block carries the canonical link
        date=spec.published,
        body_class=(
            f"post-template-default single single-post postid-{ctx.entry.post_id} single-format-standard "
            f"{spec.slug} global-block-template-1 {single} wpb-js-composer js-comp-ver-5.2 vc_responsive td-full-layout"
        ),
        exact_body_class=True,
        recent=ctx.older,
        robots=None,
        head_meta=seo_head(ctx),
        container_class=f"td-container td-post-template-{5 if template_5 else 'default'} ",
        above_row=chrome.breadcrumbs(
            [(spec.categories[0], category_url(spec.categories[0])), (spec.title, None)]
        )
        + "\n",
        extra_feeds=article_feed_link(spec),
        late_meta=late_links(ctx),
    )
    ad = content_bottom_ad(ctx.seed) if shows_content_bottom_ad(spec) else ""
    article = (
        f'    <article id="post-{ctx.entry.post_id}" class="{post_classes(ctx)}" itemscope itemtype="https://schema.org/Article">\n'
        f"{_header(ctx)}\n\n        \n\n"
        f'        <div class="td-post-content">\n\n        {_featured(ctx)}'
        f"{post_content(spec, with_ads=True)}\n{ad}        </div>\n\n\n"
        f"        <footer>\n{_tags(ctx)}\n{_sharing(ctx)}{next_prev(ctx)}{_author(ctx)}"
        f"{_microdata(ctx)}        </footer>\n\n    </article> <!-- /.post -->\n"
    )
    main = (
        '<div class="td-pb-span8 td-main-content" role="main">\n<div class="td-ss-main-content">\n'
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
        f'                                    <p class="td-post-sub-title">{esc(spec.subtitle)}</p>\n'
        if spec.subtitle
        else ""
    )
    return (
        '        <div class="td-post-header">\n\n'
        f'            <ul class="td-category">{cats}</ul>\n'
        '            <header class="td-post-title">\n'
        f'                <h1 class="entry-title">{esc(spec.title)}</h1>\n\n{subtitle}\n\n'
        '                <div class="td-module-meta-info">\n'
        f'                    <div class="td-post-author-name"><div class="td-author-by">By</div> {byline_names(spec)}'
        '<div class="td-author-line"> - </div> </div>'
        '                    <span class="td-post-date td-post-date-no-dot"><time class="entry-date updated td-module-date" '
        f'datetime="{quirk_iso(spec.published)}" >{theme_date(spec.published)}</time></span>'
        "                                                        </div>\n\n"
        "            </header>\n\n        </div>"
    )


def _featured(ctx: ArticleContext) -> str:
    """The featured image as the theme prints it inside the content, caption in data-caption."""
    figure = featured_picture(ctx.spec.image)
    return f'<div class="td-post-featured-image">{figure}</div>\n        ' if figure else ""


def _tags(ctx: ArticleContext) -> str:
    """The tags box; a post without tags (the guest column) still gets the empty box."""
    return (
        '            <div class="td-post-source-tags">\n'
        '                                <ul class="td-tags td-post-small-box clearfix">'
        f"<li><span>TAGS</span></li>{tag_items(ctx.spec)}</ul>            </div>\n"
    )


def _sharing(ctx: ArticleContext) -> str:
    """The 2019-2020 share bar: the default buttons plus the like/tweet widgets."""
    spec = ctx.spec
    url = quote(spec.url, safe="")
    title = quote_plus(spec.title)
    media = spec.image.url if spec.image else ""
    popup = "onclick=\"window.open(this.href, 'mywin','left=50,top=50,width=600,height=350,toolbar=0'); return false;\""
    buttons = (
        f'\t            <a class="td-social-sharing-buttons td-social-facebook" href="https://www.facebook.com/sharer.php?u={url}" {popup}>'
        '<i class="td-icon-facebook"></i><div class="td-social-but-text">Facebook</div></a>\n'
        f'\t            <a class="td-social-sharing-buttons td-social-twitter" href="https://twitter.com/intent/tweet?text={title}&url={url}&via=The_Daily_NK">'
        '<i class="td-icon-twitter"></i><div class="td-social-but-text">Twitter</div></a>\n'
        f'\t            <a class="td-social-sharing-buttons td-social-google" href="https://plus.google.com/share?url={spec.url}" {popup}>'
        '<i class="td-icon-googleplus"></i></a>\n'
        f'\t            <a class="td-social-sharing-buttons td-social-pinterest" href="https://pinterest.com/pin/create/button/?url={spec.url}'
        f'&amp;media={attr(media)}&description={attr(ctx.entry.excerpt)}" {popup}><i class="td-icon-pinterest"></i></a>\n'
        f'\t            <a class="td-social-sharing-buttons td-social-whatsapp" href="whatsapp://send?text={title}%20-%20{url}" >'
        '<i class="td-icon-whatsapp"></i></a>\n'
    )
    like = (
        '<div class="td-classic-sharing"><ul><li class="td-classic-facebook"><iframe frameBorder="0" '
        f'src="https://www.facebook.com/plugins/like.php?href={spec.url}&amp;layout=button_count&amp;show_faces=false&amp;width=105'
        '&amp;action=like&amp;colorscheme=light&amp;height=21" style="border:none; overflow:hidden; width:105px; height:21px; '
        'background-color:transparent;"></iframe></li><li class="td-classic-twitter"><a href="https://twitter.com/share" '
        f'class="twitter-share-button" data-url="{spec.url}" data-text="{attr(spec.title)}" data-via="" data-lang="en">tweet</a> '
        "</li></ul></div>"
    )
    return (
        '            <div class="td-post-sharing td-post-sharing-bottom td-with-like"><span class="td-post-share-title">SHARE</span>\n'
        f'            <div class="td-default-sharing">\n{buttons}            </div>{like}</div>'
    )


def _author(ctx: ArticleContext) -> str:
    """2020: one author-box-wrap per author with a bio; 2019: only the hidden vcard."""
    spec = ctx.spec
    if not shows_author_box(spec):
        first = spec.authors[0]
        name = (
            f'<a href="{first.url}">{esc(first.name)}</a>' if first.url else esc(first.name)
        )
        return (
            '                        <div class="td-author-name vcard author" style="display: none">'
            f'<span class="fn">{name}</span></div>\t        '
        )
    boxes = []
    for author in spec.authors:
        if author.bio is None:
            continue
        if author.url:
            photo = f'<a href="{author.url}">{avatar(author)}</a>'
            name = (
                '<div class="td-author-name vcard author"><span class="fn">'
                f'<a href="{author.url}">{esc(author.name)}</a></span></div>'
            )
            link = f'<div class="td-author-url"><a href="{author.url}">{author.url}</a></div>'
        else:
            # Seed 000: the box shows the bio alone, no name line (a byline without a login).
            photo, name, link = avatar(author), "", ""
        boxes.append(
            f'<div class="author-box-wrap">{photo}<div class="desc">{name}'
            f'<div class="td-author-description">{bio_html(author, ctx.seed)}</div>{link}'
            '<div class="td-author-social"></div><div class="clearfix"></div></div></div>'
        )
    return "".join(boxes)


def _microdata(ctx: ArticleContext) -> str:
    """The theme's hidden schema.org metas; dateModified is the one with a correct offset."""
    spec = ctx.spec
    people = "".join(
        '<span style="display: none;" itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'<meta itemprop="name" content="{attr(a.name)}"></span>'
        for a in spec.authors
    )
    image = (
        '<span style="display: none;" itemprop="image" itemscope itemtype="https://schema.org/ImageObject">'
        f'<meta itemprop="url" content="{attr(spec.image.url)}"><meta itemprop="width" content="{IMAGE_WIDTH}">'
        f'<meta itemprop="height" content="{IMAGE_HEIGHT}"></span>'
        if spec.image
        else ""
    )
    return (
        f'{people}<meta itemprop="datePublished" content="{quirk_iso(spec.published)}">'
        f'<meta itemprop="dateModified" content="{kst_iso(spec.updated)}">'
        f'<meta itemscope itemprop="mainEntityOfPage" itemType="https://schema.org/WebPage" itemid="{attr(spec.url)}"/>'
        '<span style="display: none;" itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
        '<span style="display: none;" itemprop="logo" itemscope itemtype="https://schema.org/ImageObject">'
        f'<meta itemprop="url" content="{MICRODATA_LOGO}"></span><meta itemprop="name" content="Daily NK"></span>'
        # "headline " with a trailing space: the theme's own typo, kept for fidelity.
        f'<meta itemprop="headline " content="{attr(spec.title)}">{image}'
    )
