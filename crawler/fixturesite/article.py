"""Render an article page with the template its spec names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from crawler.fixturesite.article_classic import render_classic
from crawler.fixturesite.article_cloud import render_cloud
from crawler.fixturesite.article_legacy import render_legacy
from crawler.fixturesite.article_parts import ArticleContext
from crawler.fixturesite.entry import Entry, entry_of

if TYPE_CHECKING:
    from crawler.fixturesite.spec import ArticleSpec

_RENDERERS = {
    "classic": render_classic,
    "cloud": render_cloud,
    "legacy": render_legacy,
    "column": render_classic,
}


def render_article(
    spec: ArticleSpec, older: Sequence[Entry], entry: Entry | None = None
) -> str:
    """The full page; ``older`` (newest first) is what menus, sidebar and related may link to."""
    ctx = ArticleContext(spec=spec, entry=entry or entry_of(spec), older=older)
    return _RENDERERS[spec.template](ctx, jsonld=_wants_jsonld(ctx))


def _wants_jsonld(ctx: ArticleContext) -> bool:
    """JSON-LD is unverified on the real site, so only some pages carry it."""
    if "jsonld" in ctx.spec.variant:
        return bool(ctx.spec.variant["jsonld"])
    if ctx.spec.template == "cloud":
        return True
    return ctx.spec.template == "classic" and ctx.entry.post_id % 3 == 1
