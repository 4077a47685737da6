"""The classic shell's <head> as Yoast SEO and WordPress print it on real post pages.

Real pages (shared/dailynk-real-pages.md §2-3): Yoast's block holds the canonical link, the
og:* and ``article:*`` metas (``article:section`` the first category only, one
``article:tag`` per tag, times in TRUE UTC) and the ``yoast-schema-graph`` JSON-LD (WebSite,
the primary ImageObject, the WebPage with UTC datePublished/dateModified, the author Person
with the profile bio as ``description``). WordPress adds the post's comments feed and, late
in the head, the ``?p=N`` shortlink and oEmbed discovery links.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING
from urllib.parse import quote

from crawler.fixturesite.markup import attr, caption_text, esc, resized, utc_iso
from crawler.fixturesite.shape import graph_description, has_seo_graph
from crawler.fixturesite.spec import HOME

if TYPE_CHECKING:
    from crawler.fixturesite.article_parts import ArticleContext
    from crawler.fixturesite.spec import ArticleSpec, AuthorSpec, PictureSpec

SITE_TITLE = "Daily NK"
#: The featured image's full size on the real pages (the theme shows a 696x463 copy).
IMAGE_WIDTH, IMAGE_HEIGHT = 741, 493
#: The plugin version in the comment: 12.6.2 on the December 2019 pages, 14.1 in May 2020.
YOAST_VERSIONS = ((2020, "14.1"), (0, "12.6.2"))


def site_title(title: str) -> str:
    return f"{title} - {SITE_TITLE}"


def seo_head(ctx: ArticleContext) -> str:
    """The theme's early og:image, then Yoast's block (or a bare canonical without Yoast)."""
    spec = ctx.spec
    if not has_seo_graph(spec):
        return f'<link rel="canonical" href="{attr(spec.url)}" />\n'
    image = spec.image.url if spec.image else None
    title = attr(site_title(spec.title))
    description = attr(ctx.entry.excerpt)
    lines = [f'<meta property="og:image" content="{attr(image)}" />'] if image else []
    lines += [
        f"<!-- This site is optimized with the Yoast SEO plugin v{_version(spec)} - https://yoast.com/wordpress/plugins/seo/ -->",
        f'<meta name="description" content="{description}"/>',
        '<meta name="robots" content="max-snippet:-1, max-image-preview:large, max-video-preview:-1"/>',
        f'<link rel="canonical" href="{attr(spec.url)}" />',
        '<meta property="og:locale" content="en_US" />',
        '<meta property="og:type" content="article" />',
        f'<meta property="og:title" content="{title}" />',
        f'<meta property="og:description" content="{description}" />',
        f'<meta property="og:url" content="{attr(spec.url)}" />',
        f'<meta property="og:site_name" content="{SITE_TITLE}" />',
        *(f'<meta property="article:tag" content="{attr(t)}" />' for t in spec.tags),
        f'<meta property="article:section" content="{attr(spec.categories[0])}" />',
        f'<meta property="article:published_time" content="{utc_iso(spec.published)}" />',
    ]
    if spec.modified:
        lines += [
            f'<meta property="article:modified_time" content="{utc_iso(spec.modified)}" />',
            f'<meta property="og:updated_time" content="{utc_iso(spec.modified)}" />',
        ]
    if image:
        lines += [
            f'<meta property="og:image" content="{attr(image)}" />',
            f'<meta property="og:image:secure_url" content="{attr(image)}" />',
            f'<meta property="og:image:width" content="{IMAGE_WIDTH}" />',
            f'<meta property="og:image:height" content="{IMAGE_HEIGHT}" />',
        ]
    lines += [
        '<meta name="twitter:card" content="summary_large_image" />',
        f'<meta name="twitter:description" content="{description}" />',
        f'<meta name="twitter:title" content="{title}" />',
        *([f'<meta name="twitter:image" content="{attr(image)}" />'] if image else []),
        ("<script type='application/ld+json' class='yoast-schema-graph yoast-schema-graph--main'>"
        f"{json.dumps(schema_graph(ctx), ensure_ascii=False, separators=(',', ':'))}</script>"),
        "<!-- / Yoast SEO plugin. -->",
        "",
        "",
        "<!-- WordPress KBoard plugin 5.3.4 - http://www.cosmosfarm.com/products/kboard -->",
        (f'<link rel="alternate" href="{HOME}wp-content/plugins/kboard/rss.php" type="application/rss+xml" '
        'title="Daily NK &raquo; KBoard Integrated feed">'),
    ]
    return "\n".join(lines) + "\n"


def _version(spec: ArticleSpec) -> str:
    return next(v for year, v in YOAST_VERSIONS if spec.published.year >= year)


def schema_graph(ctx: ArticleContext) -> dict:
    spec = ctx.spec
    url = spec.url
    website = f"{HOME}#website"
    graph: list[dict] = [
        {
            "@type": "WebSite",
            "@id": website,
            "url": HOME,
            "name": SITE_TITLE,
            "potentialAction": {
                "@type": "SearchAction",
                "target": f"{HOME}?s={{search_term_string}}",
                "query-input": "required name=search_term_string",
            },
        }
    ]
    page = {
        "@type": "WebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "inLanguage": "en-US",
        "name": site_title(spec.title),
        "isPartOf": {"@id": website},
    }
    if spec.image:
        graph.append(
            {
                "@type": "ImageObject",
                "@id": f"{url}#primaryimage",
                "url": spec.image.url,
                "width": IMAGE_WIDTH,
                "height": IMAGE_HEIGHT,
                "caption": spec.image.alt,
            }
        )
        page["primaryImageOfPage"] = {"@id": f"{url}#primaryimage"}
    author = spec.authors[0]
    person_id = f"{HOME}#/schema/person/{_digest(author.login or author.name)}"
    page.update(
        datePublished=utc_iso(spec.published),
        dateModified=utc_iso(spec.updated),
        author={"@id": person_id},
        description=ctx.entry.excerpt,
    )
    graph.append(page)
    graph.append(_person(spec, author, person_id))
    return {"@context": "https://schema.org", "@graph": graph}


def _person(spec: ArticleSpec, author: AuthorSpec, person_id: str) -> dict:
    avatar = f"https://secure.gravatar.com/avatar/{_digest(author.name)}?s=96&d=mm&r=g"
    person: dict = {
        "@type": ["Person"],
        "@id": person_id,
        "name": author.name,
        "image": {
            "@type": "ImageObject",
            "@id": f"{HOME}#authorlogo",
            "url": avatar,
            "caption": author.name,
        },
    }
    description = graph_description(spec, author)
    if description:
        person["description"] = description
    person["sameAs"] = []
    return person


def _digest(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def article_feed_link(spec: ArticleSpec) -> str:
    return (
        f'<link rel="alternate" type="application/rss+xml" title="Daily NK &raquo; {attr(spec.title)} Comments Feed" '
        f'href="{attr(spec.url)}feed/" />\n'
    )


def late_links(ctx: ArticleContext) -> str:
    url = quote(ctx.spec.url, safe="")
    return (
        f"<link rel='shortlink' href='{ctx.entry.shortlink}' />\n"
        f'<link rel="alternate" type="application/json+oembed" href="{HOME}wp-json/oembed/1.0/embed?url={url}" />\n'
        f'<link rel="alternate" type="text/xml+oembed" href="{HOME}wp-json/oembed/1.0/embed?url={url}&#038;format=xml" />\n'
    )


def featured_picture(image: PictureSpec | None) -> str:
    """``figure > a[data-caption] > img.entry-thumb.td-modal-image`` plus the figcaption."""
    if image is None:
        return ""
    full = image.url
    shown = resized(full, 696, 463)
    srcset = (
        f"{shown} 696w, {resized(full, 300, 200)} 300w, {resized(full, 631, 420)} 631w, "
        f"{full} {IMAGE_WIDTH}w"
    )
    caption = caption_text(image)
    data_caption = f' data-caption="{attr(caption)}"' if caption else ""
    figcaption = (
        f'<figcaption class="wp-caption-text">{esc(caption)}</figcaption>'
        if caption
        else ""
    )
    title = image.title or image.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return (
        f'<figure><a href="{attr(full)}"{data_caption}><img width="696" height="463" '
        f'class="entry-thumb td-modal-image" src="{attr(shown)}" srcset="{attr(srcset)}" '
        f'sizes="(max-width: 696px) 100vw, 696px" alt="{attr(image.alt)}" title="{attr(title)}"/></a>'
        f"{figcaption}</figure>"
    )
