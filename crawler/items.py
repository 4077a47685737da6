"""The Report: the contract between the parser, the spider, the store and every output format.

The Report's fields, in the order written here, are the JSON contract. Everything else is
derived from them: ``REPORT_FIELDS`` and ``to_dict``/``from_dict`` here, the store's
columns (store/rows.py) and the CSV columns (nkwatch/commands/export.py), so a field added
once appears everywhere; tests/test_contract.py names any place that misses one.
``FetchFailure`` is the spider's other item: an article that yielded no Report.

Only the standard library is imported here, so ``store`` can depend on this module (and
on ``crawler.constants``) without pulling in Scrapy, BeautifulSoup or the rest of the
crawler.
"""

from __future__ import annotations

import functools
import hashlib
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from datetime import datetime
from typing import Any

#: Field metadata key of the layout flags: fields kept in the store for the text layout
#: but not part of the JSON contract.
LAYOUT_FLAG = "layout_flag"


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
    post_id: int | None = None
    title: str
    subtitle: str | None = None
    published_at: datetime
    modified_at: datetime | None = None
    authors: tuple[Author, ...] = ()
    translator: str | None = None
    editor: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    image: Image | None = None
    body: tuple[str, ...]
    figures: tuple[Figure, ...] = ()
    contact_email: str | None = None
    disclaimer: str | None = None
    korean_url: str | None = None
    topic: Topic = field(default_factory=Topic)
    entities: Entities = field(default_factory=Entities)
    content_hash: str = ""
    contact_hidden: bool = field(default=False, metadata={LAYOUT_FLAG: True})

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract object: exactly REPORT_FIELDS, in order, JSON-ready."""
        return {name: _jsonable(getattr(self, name)) for name in REPORT_FIELDS}

    def to_storage_dict(self) -> dict[str, Any]:
        """The contract object plus the layout flags the text rendering needs."""
        return {name: _jsonable(getattr(self, name)) for name in STORAGE_FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Rebuild a Report from ``to_dict``/``to_storage_dict`` output (or fixture JSON)."""
        return _dataclass_from_json(cls, data)


@dataclass(frozen=True, slots=True)
class FetchFailure:
    """An article URL that yielded no Report this run, and why (one line)."""

    url: str
    reason: str
    kind: str = "transient"  # "transient" | "permanent" (store/runs.py: the back-off)


def _field_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)

#: Every field the store keeps, in the JSON contract's order (the Report's field order).
STORAGE_FIELDS = tuple(f.name for f in fields(Report))

#: Field order of the JSON contract (``nkwatch parse --format json``): the Report's
#: fields without the layout flags.
REPORT_FIELDS = tuple(f.name for f in fields(Report) if not f.metadata.get(LAYOUT_FLAG))

_REPORT_HINTS = _field_hints(Report)

#: Fields that hold a sequence (stored and exported as lists).
LIST_FIELDS = tuple(
    name for name in STORAGE_FIELDS if typing.get_origin(_REPORT_HINTS[name]) is tuple
)

#: Optional plain-text fields (None when the page has none).
TEXT_FIELDS = tuple(
    name for name in STORAGE_FIELDS if _REPORT_HINTS[name] == (str | None)
)


def content_hash(title: str, body: tuple[str, ...] | list[str]) -> str:
    """sha256 of the normalized title and body: NFC, collapsed whitespace, one line each."""
    lines = [_normalize_for_hash(title), *(_normalize_for_hash(p) for p in body)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _normalize_for_hash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _dataclass_from_json(cls: Any, data: dict[str, Any]) -> Any:
    """Build ``cls`` from its JSON object, field by field, following the type hints.

    An absent key (or a null one where the field is not optional) takes the field's
    default; a required sequence is empty. A missing required scalar raises KeyError.
    """
    values: dict[str, Any] = {}
    for name, convert, nullable, has_default, is_sequence in _plan(cls):
        value = data.get(name)
        if value is None and not nullable:
            if has_default:
                continue
            if not is_sequence:
                raise KeyError(name)
        values[name] = convert(value)
    return cls(**values)


@functools.cache
def _plan(cls: Any) -> tuple[tuple[str, Callable[[Any], Any], bool, bool, bool], ...]:
    """Per field of ``cls``: name, converter, optional?, has a default?, a sequence?

    Resolved once per class: reading the string annotations is slow.
    """
    hints = _field_hints(cls)
    return tuple(
        (
            spec.name,
            _converter(hints[spec.name]),
            _is_optional(hints[spec.name]),
            spec.default is not MISSING or spec.default_factory is not MISSING,
            typing.get_origin(hints[spec.name]) is tuple,
        )
        for spec in fields(cls)
    )


def _converter(hint: Any) -> Callable[[Any], Any]:
    """A function from the JSON value of a field of type ``hint`` to the field's value."""
    if _is_optional(hint):
        (inner,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
        convert = _converter(inner)
        return lambda value: None if value is None else convert(value)
    if typing.get_origin(hint) is tuple:
        item = _converter(typing.get_args(hint)[0])
        return lambda value: tuple(item(v) for v in value or ())
    if is_dataclass(hint):
        # A part with its own reader (Topic: bands of topics stored before bands existed).
        own = getattr(hint, "from_dict", None)
        if own is not None:
            return lambda value: own(value or {})
        return lambda value: _dataclass_from_json(hint, value or {})
    if hint is datetime:
        return datetime.fromisoformat
    if hint is bool:
        return bool
    return lambda value: value


def _is_optional(hint: Any) -> bool:
    is_union = typing.get_origin(hint) is types.UnionType
    return is_union and type(None) in typing.get_args(hint)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if is_dataclass(value):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
