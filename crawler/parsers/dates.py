"""Publication times: the site's Korean wall-clock convention and RFC 822 feed dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

KST = timezone(timedelta(hours=9), "KST")

_MONTH_DAY_YEAR = re.compile(r"([A-Z][a-z]+)\.?\s+(\d{1,2}),\s*(\d{4})")


def site_datetime(value: str | None) -> datetime | None:
    """Parse a time the site printed and return it in KST (+09:00), or None.

    The theme prints Korean wall-clock time with a "+00:00" offset (WordPress runs in UTC
    while editors enter KST), so a zero offset, "Z" or no offset at all is taken as KST
    wall-clock time. Any other offset is real and is converted.
    """
    parsed = _parse_iso(value) or _parse_rfc822(value) or _parse_month_day_year(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() == timedelta(0):
        return parsed.replace(tzinfo=KST)
    return parsed.astimezone(KST)


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip()
    if not re.match(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_rfc822(value: str | None) -> datetime | None:
    if not value or not re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d", value):
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is not None and parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _parse_month_day_year(value: str | None) -> datetime | None:
    """The visible "November 14, 2019" (a date without time of day: midnight KST)."""
    match = _MONTH_DAY_YEAR.search(value or "")
    if not match:
        return None
    month, day, year = match.groups()
    for candidate, fmt in ((month, "%B %d %Y"), (month[:3], "%b %d %Y")):
        try:
            return datetime.strptime(f"{candidate} {day} {year}", fmt)
        except ValueError:
            continue
    return None
