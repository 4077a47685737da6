"""The Report: the contract between the parser, the spider, the store and every output format.

Only the standard library is imported here, so ``store`` can depend on it without pulling
in Scrapy or BeautifulSoup.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

#: Field order of the JSON contract (``nkwatch parse --format json``).
REPORT_FIELDS = (
    "url",
    "post_id",
    "title",
    "subtitle",
    "published_at",
    "modified_at",
    "authors",
    "translator",
    "editor",
    "categories",
    "tags",
    "image",
    "body",
    "figures",
    "contact_email",
    "disclaimer",
    "korean_url",
    "topic",
    "entities",
    "content_hash",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    name: str
    url: str | None = None
    bio: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """The featured image; ``caption`` and ``credit`` are split ("… / Image: Daily NK")."""

    url: str
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """An image inside the body, with its own caption."""

    url: str
    caption: str | None = None
    credit: str | None = None


#: Topic.band values: law enforcement, close to the line (worth a look), not.
TOPIC_BANDS = ("yes", "possible", "no")


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic:
    law_enforcement: bool = False
    score: float = 0.0
    matched: tuple[str, ...] = ()
    band: str = "no"  # one of TOPIC_BANDS; "yes" exactly when law_enforcement

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Topic:
        """From ``to_dict`` output; a topic stored before bands existed gets yes/no."""
        law_enforcement = bool(data.get("law_enforcement", False))
        band = data.get("band")
        if band not in TOPIC_BANDS:
            band = "yes" if law_enforcement else "no"
        return cls(
            law_enforcement=law_enforcement,
            score=float(data.get("score", 0.0)),
            matched=tuple(data.get("matched") or ()),
            band=band,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    name: str
    province: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Amount:
    value: float
    currency: str  # ISO 4217: USD, CNY, KRW, KPW, ...
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Entities:
    agencies: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    amounts: tuple[Amount, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One Daily NK English article, normalized.

    ``published_at``/``modified_at`` are aware datetimes in the site's zone (+09:00).
    ``contact_hidden`` is not part of the JSON contract: it records that the page shows the
    "Please direct any comments …" sentence but its address was hidden beyond decoding, so
    the text layout can still print the line (seed 000 has exactly that).
    """

    url: str
    title: str
    body: tuple[str, ...]
    published_at: datetime
    post_id: int | None = None
    subtitle: str | None = None
    modified_at: datetime | None = None
    authors: tuple[Author, ...] = ()
    translator: str | None = None
    editor: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    image: Image | None = None
    figures: tuple[Figure, ...] = ()
    contact_email: str | None = None
    disclaimer: str | None = None
    korean_url: str | None = None
    topic: Topic = field(default_factory=Topic)
    entities: Entities = field(default_factory=Entities)
    content_hash: str = ""
    contact_hidden: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract object: exactly REPORT_FIELDS, in order, JSON-ready."""
        raw = asdict(self)
        return {name: _jsonable(raw[name]) for name in REPORT_FIELDS}

    def to_storage_dict(self) -> dict[str, Any]:
        """The contract object plus the layout flags the text rendering needs."""
        out = self.to_dict()
        out["contact_hidden"] = self.contact_hidden
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Rebuild a Report from ``to_dict``/``to_storage_dict`` output (or fixture JSON)."""
        topic = data.get("topic") or {}
        entities = data.get("entities") or {}
        image = data.get("image")
        return cls(
            url=data["url"],
            post_id=data.get("post_id"),
            title=data["title"],
            subtitle=data.get("subtitle"),
            published_at=datetime.fromisoformat(data["published_at"]),
            modified_at=_parse_optional_datetime(data.get("modified_at")),
            authors=tuple(Author(**a) for a in data.get("authors") or ()),
            translator=data.get("translator"),
            editor=data.get("editor"),
            categories=tuple(data.get("categories") or ()),
            tags=tuple(data.get("tags") or ()),
            image=Image(**image) if image else None,
            body=tuple(data.get("body") or ()),
            figures=tuple(Figure(**f) for f in data.get("figures") or ()),
            contact_email=data.get("contact_email"),
            disclaimer=data.get("disclaimer"),
            korean_url=data.get("korean_url"),
            topic=Topic.from_dict(topic),
            entities=Entities(
                agencies=tuple(entities.get("agencies") or ()),
                provinces=tuple(entities.get("provinces") or ()),
                places=tuple(Place(**p) for p in entities.get("places") or ()),
                amounts=tuple(Amount(**a) for a in entities.get("amounts") or ()),
            ),
            content_hash=data.get("content_hash") or "",
            contact_hidden=bool(data.get("contact_hidden", False)),
        )


def content_hash(title: str, body: tuple[str, ...] | list[str]) -> str:
    """sha256 of the normalized title and body: NFC, collapsed whitespace, one line each."""
    lines = [_normalize_for_hash(title), *(_normalize_for_hash(p) for p in body)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _normalize_for_hash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _parse_optional_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
