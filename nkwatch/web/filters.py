"""The query parameters every listing takes (pages, feed, API), checked into one Filters.

Anything a reader can type in the address bar is checked here: a wrong value is a
``BadParameter`` saying which parameter and why, shown as a 400 page, never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from crawler.analysis.entities import AGENCY_PATTERNS
from crawler.analysis.gazetteer import PROVINCE_SPELLINGS
from store.search_query import BadSearchQuery, SearchQuery, parse_query

AGENCIES = tuple(sorted(AGENCY_PATTERNS))
PROVINCES = tuple(sorted(PROVINCE_SPELLINGS))
PAGE_SIZE = 20
MAX_PAGE = 10_000
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
_MAX_TEXT = 100

LISTING_PARAMS = ("q", "agency", "province", "since", "until", "all")
PAGE_PARAMS = (*LISTING_PARAMS, "page")
API_PARAMS = (*LISTING_PARAMS, "limit", "offset")


class BadParameter(ValueError):
    """A query parameter with a value that cannot be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What a reader asked for; ``store_filters()`` gives the Store's keyword arguments."""

    q: str = ""
    search: SearchQuery | None = None
    agency: str | None = None
    province: str | None = None
    since: date | None = None
    until: date | None = None
    all: bool = False
    extra: dict[str, int] = field(default_factory=dict)

    def store_filters(self) -> dict[str, Any]:
        return {
            "search": self.search,
            "agency": self.agency,
            "province": self.province,
            "since": self.since,
            "until": self.until,
            "law_enforcement_only": not self.all,
        }

    def query_string(self, **changes: Any) -> str:
        """These filters as URL parameters (the defaults left out), with ``changes``."""
        values = {
            "q": self.q,
            "agency": self.agency,
            "province": self.province,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "all": "1" if self.all else None,
            **changes,
        }
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    @property
    def active(self) -> bool:
        return any(
            (self.q, self.agency, self.province, self.since, self.until, self.all)
        )


def parse_filters(params: Mapping[str, str], allowed: tuple[str, ...]) -> Filters:
    """Check the parameters of a listing; raise BadParameter for the first bad one."""
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise BadParameter(
            f"unknown parameter {unknown[0]!r} (this page takes: {', '.join(allowed)})"
        )
    q = _text(params, "q")
    try:
        search = parse_query(q) if q.strip() else None
    except BadSearchQuery as exc:
        raise BadParameter(f"q: {exc.problem}") from None
    agency = _text(params, "agency") or None
    if agency is not None and agency not in AGENCIES:
        raise BadParameter(
            f"agency: unknown agency {agency!r} (one of: {', '.join(AGENCIES)})"
        )
    since, until = _day(params, "since"), _day(params, "until")
    if since and until and since > until:
        raise BadParameter(f"since ({since}) is after until ({until})")
    extra = {}
    if "page" in allowed:
        extra["page"] = _number(params, "page", 1, 1, MAX_PAGE)
    if "limit" in allowed:
        extra["limit"] = _number(params, "limit", PAGE_SIZE, 1, MAX_LIMIT)
        extra["offset"] = _number(params, "offset", 0, 0, MAX_OFFSET)
    return Filters(
        q=q.strip(),
        search=search,
        agency=agency,
        province=_text(params, "province") or None,
        since=since,
        until=until,
        all=_flag(params, "all"),
        extra=extra,
    )


def _text(params: Mapping[str, str], name: str) -> str:
    value = params.get(name, "")
    limit = 500 if name == "q" else _MAX_TEXT
    if len(value) > limit:
        raise BadParameter(f"{name}: longer than {limit} characters")
    if any(ord(c) < 32 for c in value):
        raise BadParameter(f"{name}: control characters are not allowed")
    return value.strip()


def _day(params: Mapping[str, str], name: str) -> date | None:
    value = _text(params, name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            f"{name}: expected a date like 2024-01-31, got {value!r}"
        ) from None


def _number(
    params: Mapping[str, str], name: str, default: int, low: int, high: int
) -> int:
    value = _text(params, name)
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadParameter(
            f"{name}: expected a whole number from {low} to {high}, got {value!r}"
        )
    return int(value)


def _flag(params: Mapping[str, str], name: str) -> bool:
    value = _text(params, name)
    if value in ("", "0"):
        return False
    if value == "1":
        return True
    raise BadParameter(f"{name}: expected 1 or 0, got {value!r}")
