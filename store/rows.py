"""Report dicts (the JSON contract) <-> table rows.

The store never imports the crawler: it takes and returns the plain dicts of
``Report.to_storage_dict()``. Dates arrive as ISO strings in the site's zone (+09:00),
are stored as UTC, and are given back in the site's zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from store.errors import InvalidReport

#: The site publishes in Korea Standard Time; the Report contract uses this offset.
SITE_TZ = timezone(timedelta(hours=9))

#: The keys of ``Report.to_storage_dict()``, in contract order.
REPORT_KEYS = (
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
    "contact_hidden",
)

#: What the store adds to every report it gives back.
STORE_KEYS = ("id", "first_seen_at", "last_seen_at")

_LIST_KEYS = ("authors", "categories", "tags", "body", "figures")
_TEXT_KEYS = ("subtitle", "translator", "editor", "contact_email", "disclaimer", "korean_url")

#: The columns a revision rewrites (everything the article's page determines).
CONTENT_COLUMNS = (*(k for k in REPORT_KEYS if k != "url"), "law_enforcement")


def report_row(report: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one report dict and turn it into ``reports`` column values.

    Raises InvalidReport with the URL and the problem; nothing is coerced silently
    except absent optional fields, which become None or empty lists.
    """
    url = report.get("url")
    if not isinstance(url, str) or not url.strip():
        raise InvalidReport(url, "url is missing")
    title = report.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InvalidReport(url, "title is missing")
    content_hash = report.get("content_hash")
    if not isinstance(content_hash, str) or not content_hash:
        raise InvalidReport(url, "content_hash is missing")
    row: dict[str, Any] = {
        "url": url,
        "post_id": _optional_int(report.get("post_id"), url, "post_id"),
        "title": title,
        "published_at": _aware(report.get("published_at"), url, "published_at", True),
        "modified_at": _aware(report.get("modified_at"), url, "modified_at", False),
        "image": report.get("image") or None,
        "topic": dict(report.get("topic") or {}),
        "entities": dict(report.get("entities") or {}),
        "content_hash": content_hash,
        "contact_hidden": bool(report.get("contact_hidden", False)),
    }
    for key in _LIST_KEYS:
        row[key] = list(report.get(key) or ())
    for key in _TEXT_KEYS:
        row[key] = report.get(key)
    row["law_enforcement"] = bool(row["topic"].get("law_enforcement", False))
    return row


def report_dict(record: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row back as the Report dict, plus ``id``, ``first_seen_at``, ``last_seen_at``."""
    out = storage_dict(record)
    out["id"] = record["id"]
    out["first_seen_at"] = record["first_seen_at"].isoformat()
    out["last_seen_at"] = record["last_seen_at"].isoformat()
    return out


def storage_dict(record: Mapping[str, Any]) -> dict[str, Any]:
    """Only the Report fields of a row: ``to_storage_dict()`` as it was saved."""
    out: dict[str, Any] = {key: record[key] for key in REPORT_KEYS}
    out["published_at"] = site_iso(record["published_at"])
    out["modified_at"] = site_iso(record["modified_at"])
    return out


def agency_ids(row: Mapping[str, Any]) -> list[str]:
    return _unique(str(a) for a in row["entities"].get("agencies") or ())


def province_keys(row: Mapping[str, Any]) -> list[str]:
    return _unique(province_key(str(p)) for p in row["entities"].get("provinces") or ())


def province_key(name: str) -> str:
    """How provinces are matched: case-insensitive, with or without the word "Province"."""
    key = " ".join(name.casefold().split())
    return key.removesuffix(" province").strip()


def site_iso(value: datetime | None) -> str | None:
    return value.astimezone(SITE_TZ).isoformat() if value is not None else None


def _aware(value: Any, url: str, key: str, required: bool) -> datetime | None:
    if value in (None, ""):
        if required:
            raise InvalidReport(url, f"{key} is missing")
        return None
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidReport(url, f"{key} is not an ISO date: {value!r}") from None
    if parsed.tzinfo is None:
        raise InvalidReport(url, f"{key} has no UTC offset: {value!r}")
    return parsed


def _optional_int(value: Any, url: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidReport(url, f"{key} is not an integer: {value!r}")
    return value


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
