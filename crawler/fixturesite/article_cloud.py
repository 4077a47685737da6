"""The tagDiv Cloud Library single template: every part is a ``tdb_*`` block in composer rows."""

from __future__ import annotations

from crawler.fixturesite import chrome
from crawler.fixturesite.article_parts import (
    ArticleContext,
    avatar,
    bio_html,
    byline_names,
    comments_form,
    featured_figure,
    head_meta,
    next_prev,
    post_classes,
    related,
    share_links,
    tag_items,
)
from crawler.fixturesite.content import inline_ad, post_content
from crawler.fixturesite.entry import category_url
from crawler.fixturesite.markup import esc, long_date, quirk_iso
from crawler.fixturesite.theme_assets import block_css


class _Uids:
    """tdb blocks are numbered tdi_N in document order, with a <style> per block."""

    def __init__(self) -> None:
        self.n = 38

    def block(self, name: str, inner: str, extra_class: str = "") -> str:
        self.n += 2
        uid = f"tdi_{self.n}"
        return (
            f'{block_css(uid)}<div class="td_block_wrap {name} {uid} {extra_class} td-pb-border-top '
            f'td_block_template_1"  data-td-block-uid="{uid}" >\n<div class="tdb-block-inner td-fix-index">{inner}</div></div>'
        )

    def row(self, columns: list[tuple[str, str]]) -> str:
        self.n += 2
        cols = "".join(
            f'<div class="vc_column tdi_{self.n + i}  wpb_column vc_column_container tdc-column {span}">\n'
            f'<div class="wpb_wrapper">{body}</div></div>'
            for i, (span, body) in enumerate(columns)
        )
        return f'<div id="tdi_{self.n}" class="tdc-row"><div class="vc_row tdi_{self.n + 1}  wpb_row td-pb-row" >{cols}</div></div>'


def render_cloud(ctx: ArticleContext, *, jsonld: bool) -> str:
    spec = ctx.spec
    page = chrome.Page(
        title=f"{spec.title} - Daily NK English",
        canonical=spec.url,
        date=spec.published,
        body_class=f"post-template-default single single-post postid-{ctx.entry.post_id} single-format-standard "
        "tdb_template_1261 tdb-template td-standard-pack wpb-js-composer js-comp-ver-5.7 vc_responsive",
        recent=ctx.older,
        head_meta=head_meta(
            ctx, og=not spec.variant.get("no_og", False), jsonld=jsonld
        ),
    )
    u = _Uids()
    top = u.row([("td-pb-span12", _top_blocks(ctx, u))])
    content = u.row(
        [
            ("td-pb-span8", _content_blocks(ctx, u, page)),
            ("td-pb-span4", chrome.newsletter_box()),
        ]
    )
    main = (
        '<div class="td-pb-span12 td-main-content" role="main">\n'
        f'<div id="tdb-autoload-article" data-autoload="off" data-autoload-org-post-id="{ctx.entry.post_id}">\n'
        f'<article class="{post_classes(ctx)}">\n<div class="tdc-content-wrap">\n'
        f'<div id="tdi_36" class="tdc-zone"><div class="tdc_zone tdi_37  wpb_row td-pb-row"  >\n{top}\n{content}\n'
        "</div></div>\n</div>\n</article>\n</div>\n</div>"
    )
    return chrome.document(page, main)


def _top_blocks(ctx: ArticleContext, u: _Uids) -> str:
    spec = ctx.spec
    crumbs = chrome.breadcrumbs(
        [(spec.categories[0], category_url(spec.categories[0])), (spec.title, None)]
    )
    cats = "".join(
        f'<a class="tdb-entry-category" href="{category_url(c)}"><span class="tdb-cat-bg"></span>{esc(c)}</a>'
        for c in spec.categories
    )
    parts = [
        u.block(
            "tdb_breadcrumbs", crumbs.replace("td-crumb-container", "tdb-crumbs-wrap")
        ),
        u.block(
            "tdb_single_categories",
            f'<div class="tdb-category td-fix-index">{cats}</div>',
        ),
        u.block(
            "tdb_title",
            f'<h1 class="tdb-title-text">{esc(spec.title)}</h1><div></div><div class="tdb-title-line"></div>',
            "tdb-single-title",
        ),
    ]
    if spec.subtitle:
        parts.append(u.block("tdb_single_subtitle", f"<p>{esc(spec.subtitle)}</p>"))
    first = spec.authors[0]
    photo = (
        f'<a class="tdb-author-photo" href="{first.url}" title="{esc(first.name)}">{avatar(first, 20)}</a>'
        if first.url
        else ""
    )
    if first.url:
        names = byline_names(spec, "tdb-author-name")
    else:
        names = f'<span class="tdb-author-name">{byline_names(spec)}</span>'
    parts += [
        u.block(
            "tdb_single_author",
            f'{photo}<div class="tdb-author-name-wrap"><span class="tdb-author-by">By</span> {names}</div>',
            "tdb-post-meta",
        ),
        u.block(
            "tdb_single_date",
            f'<time class="entry-date updated td-module-date" datetime="{quirk_iso(spec.published)}" >{long_date(spec.published)}</time>',
            "tdb-post-meta",
        ),
        u.block("tdb_single_post_share", share_links(ctx, "top")),
    ]
    return "\n".join(parts)


def _content_blocks(ctx: ArticleContext, u: _Uids, page: chrome.Page) -> str:
    spec = ctx.spec
    parts = []
    figure = featured_figure(ctx, "tdb-caption-text")
    if figure:
        parts.append(
            u.block("tdb_single_featured_image", figure, "tdb-content-horiz-left")
        )
    body = f"{inline_ad('content_top', ctx.seed)}\n{post_content(spec, with_ads=True)}\n{inline_ad('content_bottom', ctx.seed)}"
    parts.append(u.block("tdb_single_content", body, "td-post-content tagdiv-type"))
    if spec.tags:
        parts.append(
            u.block(
                "tdb_single_tags",
                f'<ul class="tdb-tags"><li><span>TAGS</span></li>{tag_items(spec)}</ul>',
            )
        )
    parts.append(u.block("tdb_single_post_share", share_links(ctx, "bottom")))
    if ctx.older:
        parts.append(u.block("tdb_single_next_prev", next_prev(ctx)))
    for author in spec.authors:
        if author.bio is None:
            continue
        if author.url:
            head = (
                f'<a href="{author.url}" class="tdb-author-photo">{avatar(author)}</a>'
            )
            name = (
                f'<a href="{author.url}" class="tdb-author-name">{esc(author.name)}</a>'
            )
        else:
            head, name = avatar(author), ""
        parts.append(
            u.block(
                "tdb_single_author_box",
                f'{head}<div class="tdb-author-info">{name}<div class="tdb-author-descr">{bio_html(author, ctx.seed)}</div>'
                '<div class="tdb-author-icons"></div></div>',
                "tdb-content-vert-top",
            )
        )
    parts.append(u.block("tdb_single_related", related(ctx, page)))
    parts.append(u.block("tdb_single_comments", comments_form(ctx)))
    return "\n".join(parts)
