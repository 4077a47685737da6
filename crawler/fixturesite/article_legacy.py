"""Migrated read.php articles: the classic shell with the old CMS's body and no structured data.

The body habits (one text run split by ``<br />``, ``&nbsp;`` spacing, ``[imText1]``-style
artefacts left as text) live in content.py; here only the page-level defaults differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crawler.fixturesite.article_classic import render_classic

if TYPE_CHECKING:
    from crawler.fixturesite.article_parts import ArticleContext


def render_legacy(ctx: ArticleContext, *, jsonld: bool) -> str:
    return render_classic(ctx, jsonld=jsonld)
