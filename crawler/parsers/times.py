"""Time conventions by source: which offsets on the site are true, which are Korean wall clock.

WordPress runs in UTC while editors enter Korean time, and the sources disagree on what
they print (dailynk-real-pages.md §2). Each reader below is for one kind of source:

- ``wall_clock``: the theme's ``<time datetime>`` and microdata ``datePublished`` print KST
  wall-clock time mislabelled ``+00:00``; no offset at all is KST as well.
- ``true_time``: ``article:*_time`` meta, Yoast JSON-LD, RSS ``pubDate``, REST ``date_gmt``
  and microdata ``dateModified`` carry a correct offset; no offset means UTC.
- ``local_time``: REST ``date``, KST without offset.

All return an aware datetime in KST (+09:00), or None when the value is not a time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from crawler.constants import KST

_MONTH_DAY_YEAR = re.compile(r"([A-Z][a-z]+)\.?\s+(\d{1,2}),\s*(\d{4})")


def wall_clock(value: str | None) -> datetime | None:
    """A time the theme printed: a zero offset, "Z" or no offset is KST wall clock."""
    parsed = _parse(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() == timedelta(0):
        return parsed.replace(tzinfo=KST)
    return parsed.astimezone(KST)


def true_time(value: str | None) -> datetime | None:
    """A time whose offset is true (no offset: UTC), in KST."""
    parsed = _parse(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(KST)


def local_time(value: str | None) -> datetime | None:
    """WordPress's local time (REST ``date``): KST; a stated offset is still honoured."""
    parsed = _parse(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=KST)
    return parsed.astimezone(KST)


def _parse(value: str | None) -> datetime | None:
    return _parse_iso(value) or _parse_rfc822(value) or _parse_month_day_year(value)


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
