"""The expected Report of a spec: what a correct parser must extract from its rendered page."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from crawler.constants import KST
from crawler.fixturesite.markup import dotted
from crawler.fixturesite.shape import graph_description, has_seo_graph, shows_author_box
from crawler.items import (
    Amount,
    Author,
    Entities,
    Figure,
    Image,
    Place,
    Report,
    Topic,
    content_hash,
)

if TYPE_CHECKING:
    from crawler.fixturesite.spec import ArticleSpec, AuthorSpec, PictureSpec



def expected_report(spec: ArticleSpec) -> Report:
    """Build the Report the page of ``spec`` must parse into (docs/fixtures.md rules)."""
    body = tuple(spec.paragraphs)
    contact = spec.contact
    hidden = contact is not None and contact.email_markup == "stripped"
    return Report(
        url=spec.url,
        post_id=spec.post_id,
        title=spec.title,
        subtitle=spec.subtitle,
        published_at=_kst(spec.published),
        # The contract: modified_at is null when the page's modified time equals publication.
        modified_at=(
            _kst(spec.modified) if spec.modified and spec.modified != spec.published else None
        ),
        authors=tuple(_author(spec, a, i) for i, a in enumerate(spec.authors)),
        translator=spec.translator,
        editor=spec.editor,
        categories=spec.categories,
        tags=spec.tags,
        image=_image(spec.image) if spec.image else None,
        body=body,
        figures=tuple(_figure(b.figure) for b in spec.blocks if b.figure),
        contact_email=None if contact is None or hidden else contact.email,
        disclaimer=spec.disclaimer,
        korean_url=spec.korean_url,
        topic=Topic(law_enforcement=spec.labels["law_enforcement"]),
        entities=_entities(spec.labels),
        content_hash=content_hash(spec.title, body),
        contact_hidden=hidden,
    )


def expected_json(spec: ArticleSpec) -> dict[str, Any]:
    """``articles/<slug>.json``: the contract dict, with topic reduced to the hand label."""
    expected = expected_report(spec).to_storage_dict()
    expected["topic"] = {"law_enforcement": spec.labels["law_enforcement"]}
    return {"url": spec.url, "template": spec.template, "expected": expected}


def _kst(value: datetime) -> datetime:
    return value.replace(tzinfo=KST)


def _author(spec: ArticleSpec, a: AuthorSpec, index: int) -> Author:
    if a.bio is None:
        # No bio anywhere: neither the bio nor its address is on the page.
        return Author(name=a.name, url=a.url)
    if not shows_author_box(spec):
        # 2019 pages: no box; the bio is only Yoast's Person description (first author only),
        # written out with its address in plain text.
        described = graph_description(spec, a) if has_seo_graph(spec) and index == 0 else None
        if described is None:
            return Author(name=a.name, url=a.url)
        return Author(
            name=a.name,
            url=a.url,
            bio=described,
            email=a.email if "{email}" in a.bio else None,
        )
    hidden = a.email_markup == "stripped"
    if hidden:
        bio = a.bio.replace(" {email}", "").replace("{email}", "")
    else:
        bio = a.bio.replace("{email}", a.email or "")
    has_address = "{email}" in a.bio and not hidden
    return Author(
        name=a.name, url=a.url, bio=bio, email=a.email if has_address else None
    )


def _caption_and_credit(picture: PictureSpec) -> tuple[str | None, str | None]:
    if picture.caption_style == "none":
        return None, None
    if picture.caption_style == "dot" and picture.caption:
        # The page prints "caption. Image: credit": the caption is what precedes "Image:".
        return dotted(picture.caption), picture.credit
    if picture.caption_style == "file_photo" and picture.caption:
        # The rule: "FILE PHOTO: … (Daily NK)" -> caption "FILE PHOTO: …".
        return f"FILE PHOTO: {picture.caption}", picture.credit
    return picture.caption, picture.credit


def _image(picture: PictureSpec) -> Image:
    caption, credit = _caption_and_credit(picture)
    return Image(
        url=picture.url, alt=picture.alt or None, caption=caption, credit=credit
    )


def _figure(picture: PictureSpec) -> Figure:
    caption, credit = _caption_and_credit(picture)
    return Figure(url=picture.url, caption=caption, credit=credit)


def _entities(labels: dict[str, Any]) -> Entities:
    return Entities(
        agencies=tuple(labels["agencies"]),
        provinces=tuple(labels["provinces"]),
        places=tuple(Place(**p) for p in labels["places"]),
        amounts=tuple(Amount(**a) for a in labels["amounts"]),
    )
