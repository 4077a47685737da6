"""Entry: what listings, menus, the feed and REST need of an article, without its rendered body."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from crawler.fixturesite.markup import slugify, stable_int
from crawler.fixturesite.spec import HOME, ArticleSpec, PictureSpec

EXCERPT_WORDS = 25


@dataclass(frozen=True, slots=True)
class Entry:
    url: str
    slug: str
    post_id: int
    title: str
    published: datetime
    modified: datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    authors: tuple[tuple[str, str | None], ...]  # (name, login or None)
    image: PictureSpec | None
    excerpt: str
    template: str
    synthetic: int | None = (
        None  # index in the synthetic archive, None for a fixture spec
    )

    @property
    def updated(self) -> datetime:
        return self.modified or self.published

    @property
    def sort_key(self) -> tuple[datetime, int]:
        return (self.published, self.post_id)

    @property
    def shortlink(self) -> str:
        return f"{HOME}?p={self.post_id}"


def entry_of(spec: ArticleSpec, synthetic: int | None = None) -> Entry:
    return Entry(
        url=spec.url,
        slug=spec.slug,
        post_id=spec.post_id or stable_int(spec.slug, 200000, 249999),
        title=spec.title,
        published=spec.published,
        modified=spec.modified,
        categories=spec.categories,
        tags=spec.tags,
        authors=tuple((a.name, a.login) for a in spec.authors),
        image=spec.image,
        excerpt=spec.listing_excerpt or excerpt_of(spec),
        template=spec.template,
        synthetic=synthetic,
    )


def excerpt_of(spec: ArticleSpec) -> str:
    """The theme's trimmed excerpt: the first words of the content text, artefacts included."""
    words: list[str] = []
    for block in spec.blocks:
        if block.kind in ("p", "h", "artefact"):
            words.extend(block.text.split())
        if len(words) >= EXCERPT_WORDS:
            break
    return " ".join(words[:EXCERPT_WORDS])


def category_url(name: str) -> str:
    return f"{HOME}category/{slugify(name)}/"


def tag_url(name: str) -> str:
    return f"{HOME}tag/{slugify(name)}/"


def author_url(login: str) -> str:
    return f"{HOME}author/{login}/"
