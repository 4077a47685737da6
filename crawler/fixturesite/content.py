"""The post content HTML (WordPress ``the_content``): body blocks, figures and the closing lines.

The same HTML goes into the article page, the feed's ``content:encoded`` and REST's
``content.rendered``; only the page gets the theme's ad slots (``with_ads``).
"""

from __future__ import annotations

import random
import re
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote

from crawler.fixturesite.markup import (
    attr,
    caption_text,
    email_html,
    esc,
    resized,
    texturize,
)
from crawler.fixturesite.spec import SITE
from crawler.textformat import credit_line

if TYPE_CHECKING:
    from crawler.fixturesite.spec import ArticleSpec, Block, PictureSpec

AD_CLIENT = "ca-pub-7406617935433451"
#: The lazy-load plugin's 1x1 placeholder (the same bytes on every real page).
LAZY_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def post_content(spec: ArticleSpec, *, with_ads: bool = False) -> str:
    """Render the body blocks and the translator/contact/Korean lines as the site shows them.

    ``with_ads`` is the article page itself: only there do the theme's ad slots appear and
    the lazy-load plugin rewrite in-body images (feeds and REST get the stored HTML).
    """
    style = _Style(spec, page=with_ads)
    if spec.template == "column":
        parts = [_column_block(spec, b, i, style) for i, b in enumerate(spec.blocks)]
    elif spec.variant.get("br_paragraphs", spec.template == "legacy"):
        parts = _br_body(spec, style, with_ads)
    else:
        parts = [_block(spec, b, i, style, with_ads) for i, b in enumerate(spec.blocks)]
    parts.extend(_closing_lines(spec, style))
    if spec.disclaimer:
        # Guest columns end with the note in the 2017 editor's markup (real-pages §3).
        parts.append(
            f'<div><font color="#000000"><b><i>*{esc(spec.disclaimer)}</i></b></font></div>'
        )
    return "\n".join(p for p in parts if p)


def content_bottom_ad(seed: str) -> str:
    """The 2019 in-content donation banner (gone by 2020): a link and image, not body text."""
    uid = f"td_uid_2_{sum(map(ord, seed)) * 2654435761 % 16**13:013x}_rand"
    return (
        f'<div class="td-a-rec td-a-rec-id-content_bottom  {uid} td_block_template_1">'
        '<div class="td-all-devices"><a href="http://english.dailynk.com/english/paypal_link.php" '
        'target="_blank"><img src="/english/wp-content/uploads/2018/06/middle_banner.jpg"/></a></div></div>'
    )


def inline_ad(slot: str, seed: str) -> str:
    """A tagDiv ad spot with an AdSense unit: markup a body extractor must skip."""
    ad_slot = 1000000000 + sum(map(ord, seed + slot)) * 7919 % 8999999999
    return (
        f'<div class="td-a-rec td-a-rec-id-{slot}  tdi_{len(seed) % 90 + 3} td_block_template_1">\n'
        '<span class="td-adspot-title">- Advertisement -</span>'
        '<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js'
        f'?client={AD_CLIENT}" crossorigin="anonymous"></script>\n'
        '<ins class="adsbygoogle"\n     style="display:block; text-align:center;"\n'
        '     data-ad-layout="in-article"\n     data-ad-format="fluid"\n'
        f'     data-ad-client="{AD_CLIENT}"\n     data-ad-slot="{ad_slot}"></ins>\n'
        "<script>\n     (adsbygoogle = window.adsbygoogle || []).push({});\n</script></div>"
    )


_KOREAN_HERE = re.compile(r"(Full article in Korean by .+ )here\.")


class _Style:
    """Per-article markup habits, fixed by the post id so a rebuild is byte-identical."""

    def __init__(self, spec: ArticleSpec, *, page: bool = False) -> None:
        self.seed = f"{spec.post_id}-{spec.slug}"
        self.rng = random.Random(self.seed)  # noqa: S311 - layout noise, not security
        #: The classic template as real pages show it (real-pages §3): every paragraph a
        #: <p><span style="font-weight: 400;">, subheadings the same <p> in upper case.
        self.real = spec.template == "classic"
        default_tag = "p" if self.real else ("h2", "strong", "h3")[(spec.post_id or 0) % 3]
        self.subheading = spec.variant.get("subheading_tag", default_tag)
        self.entities = spec.variant.get("entity_quotes", (spec.post_id or 0) % 2 == 0)
        self.new_figures = (
            self.real or spec.template == "cloud" or spec.published.year >= 2020
        )
        self.lazy_figures = self.real and page
        self.contact_tag = "i" if self.real else "em"
        self.published = spec.published

    def text(self, text: str) -> str:
        return texturize(text, entities=self.entities)


def _block(
    spec: ArticleSpec, block: Block, index: int, style: _Style, with_ads: bool
) -> str:
    if block.kind == "p":
        return _paragraph(block.text, style, index)
    if block.kind == "h":
        return _subheading(block.text, style)
    if block.kind == "figure" and block.figure:
        return figure_html(
            block.figure, spec, index, style.new_figures, lazy=style.lazy_figures
        )
    if block.kind == "artefact":
        return f"<p>{esc(block.text)}</p>"
    return inline_ad("content_inline", style.seed + str(index)) if with_ads else ""


def _paragraph(text: str, style: _Style, index: int = 0) -> str:
    """One <p>, with the irregular wrappers editors and paste-from-Word leave behind."""
    body = _korean_here_link(style.text(text), style, index)
    if style.real:
        # Real pages: the editor's span on every paragraph, often with a trailing space.
        tail = " " if style.rng.random() < 0.4 else ""
        return f'<p><span style="font-weight: 400;">{body}{tail}</span></p>'
    roll = style.rng.random()
    if roll < 0.15:
        body = f'<span style="font-weight: 400;">{body}</span>'
    elif roll < 0.22:
        body = f"\n{body}"
    tail = "&nbsp;" if style.rng.random() < 0.2 else ""
    opening = style.rng.choice(
        ("<p>", "<p>", "<p>", '<p dir="ltr">', '<p style="text-align: justify;">')
    )
    empty = "\n<p>&nbsp;</p>" if style.rng.random() < 0.08 else ""
    return f"{opening}{body}{tail}</p>{empty}"


def _korean_here_link(body: str, style: _Style, index: int) -> str:
    """Snapshots items end "Full article in Korean by <Name> here." with "here" as the link."""
    match = _KOREAN_HERE.fullmatch(body)
    if not match:
        return body
    day = style.published - timedelta(days=index % 3)
    if day.year >= 2021:
        url = f"{SITE}/{day:%Y%m%d}-{index % 5 + 1}/"
    else:  # 2018-2020 Korean posts had percent-encoded Hangul slugs
        url = (
            f"{SITE}/"
            + quote(f"데일리nk-북한-소식-{day:%Y%m%d}-{index}", safe="-").lower()
            + "/"
        )
    return f'{match.group(1)}<a href="{url}" target="_blank" rel="noopener">here</a>.'


def _subheading(text: str, style: _Style) -> str:
    if style.subheading == "p":
        # A real subheading is no heading element: a plain paragraph, trailing space kept.
        return f'<p><span style="font-weight: 400;">{style.text(text)} </span></p>'
    if style.subheading == "strong":
        return f"<p><strong>{style.text(text)}</strong></p>"
    return f"<{style.subheading}>{style.text(text)}</{style.subheading}>"


def figure_html(
    picture: PictureSpec, spec: ArticleSpec, index: int, new: bool, *, lazy: bool = False
) -> str:
    """A mid-body captioned image: WordPress' [caption] shortcode output, old or new form.

    ``lazy``: the page as the lazy-load plugin serves it (real-pages §3): a 1x1 GIF in src,
    the real URL in data-lazy-src, and the untouched <img> again inside <noscript>.
    """
    attachment = (spec.post_id or 100000) - 40 - index
    caption = caption_text(picture)
    width, height = 696, 464
    src = picture.url
    if lazy or spec.template == "classic":
        large = resized(src, 1024, 683)
        srcset = (
            f"{large} 1024w, {resized(src, 300, 200)} 300w, {resized(src, 768, 512)} 768w, "
            f"{resized(src, 696, 464)} 696w, {src} 1200w"
        )
        plain = (
            f'<img  class="size-large wp-image-{attachment}"  src="{attr(large)}"  alt="{attr(picture.alt)}" '
            f'width="{width}" height="{height}" srcset="{attr(srcset)}" sizes="(max-width: {width}px) 100vw, {width}px" />'
        )
        img = (
            plain.replace(f'src="{attr(large)}"', f'src="{LAZY_GIF}" data-lazy-src="{attr(large)}"', 1)
            + f"<noscript>{plain}</noscript>"
            if lazy
            else plain
        )
    else:
        srcset = (
            f"{src} 1000w, {resized(src, 300, 200)} 300w, {resized(src, 768, 512)} 768w"
        )
        img = (
            f'<img loading="lazy" class="size-full wp-image-{attachment}" src="{attr(src)}" alt="" '
            f'width="{width}" height="{height}" srcset="{attr(srcset)}" '
            f'sizes="(max-width: {width}px) 100vw, {width}px" />'
        )
    align = "alignnone" if spec.template == "classic" else "aligncenter"
    if caption is None:
        return f'<p><img class="aligncenter size-full wp-image-{attachment}" src="{attr(src)}" alt="" /></p>'
    text = esc(caption)
    if new:
        return (
            f'<figure id="attachment_{attachment}" aria-describedby="caption-attachment-{attachment}" '
            f'style="width: {width}px" class="wp-caption {align}">{img}'
            f'<figcaption id="caption-attachment-{attachment}" class="wp-caption-text">{text}</figcaption></figure>'
        )
    return (
        f'<div id="attachment_{attachment}" style="width: {width + 10}px" class="wp-caption aligncenter">'
        f'<img aria-describedby="caption-attachment-{attachment}"{img[4:]}'
        f'<p id="caption-attachment-{attachment}" class="wp-caption-text">{text}</p></div>'
    )


def _br_body(spec: ArticleSpec, style: _Style, with_ads: bool) -> list[str]:
    """A migrated read.php body: one text run with <br /> line breaks and &nbsp; spacing."""
    parts: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            parts.append("<p>" + "<br />\n<br />\n".join(run) + "</p>")
            run.clear()

    for index, block in enumerate(spec.blocks):
        if block.kind in ("p", "artefact"):
            run.append(_legacy_spacing(style.text(block.text)))
        elif block.kind == "h":
            run.append(f"<strong>{style.text(block.text)}</strong>")
        else:
            flush()
            parts.append(_block(spec, block, index, style, with_ads))
    flush()
    return parts


def _legacy_spacing(text: str) -> str:
    """Old CMS habit: two spaces after a sentence, the first one a non-breaking space."""
    return text.replace(". ", ".&nbsp; ")


def _column_block(spec: ArticleSpec, block: Block, index: int, style: _Style) -> str:
    """A 2017 guest column's body: a run of bare <div>s, not one <p> (real-pages §3)."""
    if block.kind == "p":
        return f"<div>{style.text(block.text)}</div>"
    if block.kind == "h":
        return f"<div><b>{style.text(block.text)}</b></div>"
    if block.kind == "figure" and block.figure:
        return figure_html(block.figure, spec, index, style.new_figures)
    return ""


def _closing_lines(spec: ArticleSpec, style: _Style) -> list[str]:
    lines = []
    credits = credit_line(spec.translator, spec.editor)
    if credits:
        lines.append(f"<p><em>{esc(credits)}</em></p>")
    if spec.contact:
        address = email_html(spec.contact.email, spec.contact.email_markup, style.seed)
        if spec.contact.style == "legacy":
            lines.append(
                f"<p>Questions or comments about this article? Contact us at {address}.</p>"
            )
        else:
            tag = style.contact_tag
            lines.append(
                f"<p><{tag}>Please direct any comments or questions about this article to {address}.</{tag}></p>"
            )
    if spec.korean_url:
        target = (
            ' target="_blank" rel="noopener noreferrer"'
            if style.rng.random() < 0.5
            else ""
        )
        lines.append(
            f'<p><a href="{attr(spec.korean_url)}"{target}>Read in Korean</a></p>'
        )
    return lines
