"""Which parts a page of each generation shows: rules shared by the renderers and expected.py.

The real saved pages (shared/dailynk-real-pages.md §3) differ by year: December 2019 pages
have no author box (only a hidden vcard; the bio is in Yoast's JSON-LD Person) and carry the
in-content donation banner; by May 2020 the author box is back and the banner is gone. A
fixture page is a snapshot from its publication, so its year picks the generation; a spec's
``variant`` may force either switch.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.fixturesite.spec import ArticleSpec, AuthorSpec

#: Templates rendered in the classic theme's shell (and so carrying Yoast's head block).
CLASSIC_SHELL = ("classic", "legacy", "column")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def shows_author_box(spec: ArticleSpec) -> bool:
    """The visible author box; migrated posts and cloud pages always had one."""
    if spec.template not in ("classic", "column"):
        return True
    return spec.variant.get("author_box", spec.published.year >= 2020)


def shows_content_bottom_ad(spec: ArticleSpec) -> bool:
    if spec.template not in CLASSIC_SHELL:
        return False
    return spec.variant.get("content_bottom_ad", spec.published.year < 2020)


def has_seo_graph(spec: ArticleSpec) -> bool:
    """Yoast's JSON-LD graph on a classic-shell page (``no_og``: the plugin printed nothing)."""
    return spec.template in CLASSIC_SHELL and not spec.variant.get("no_og", False)


def graph_description(spec: ArticleSpec, author: AuthorSpec) -> str | None:
    """The Person ``description`` Yoast prints: the user's profile bio.

    Without an author box it is the only bio on the page, written out in full (JSON-LD is
    not e-mail-obfuscated). Beside a box it is the profile's shorter wording: the sentence
    with the address left out, so the box stays the one source of the address.
    """
    if author.bio is None:
        return None
    if not shows_author_box(spec):
        return author.bio.replace("{email}", author.email or "")
    kept = [s for s in _SENTENCE_END.split(author.bio) if "{email}" not in s]
    return " ".join(kept) or None
