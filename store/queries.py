"""Reading reports back: known URLs, filtered listings, one report, recent URLs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Connection, Select, func, select

from store.models import ReportAgency, ReportProvince, ReportRecord
from store.rows import SITE_TZ, province_key, report_dict
from store.statements import chunks

_REPORTS = ReportRecord.__table__


def known_urls(conn: Connection, urls: Iterable[str]) -> set[str]:
    """Which of ``urls`` are stored, in one indexed IN query per chunk."""
    wanted = list(dict.fromkeys(urls))
    found: set[str] = set()
    for chunk in chunks(wanted):
        found.update(
            conn.scalars(select(ReportRecord.url).where(ReportRecord.url.in_(chunk)))
        )
    return found


def iter_reports(
    conn: Connection,
    *,
    limit: int | None = None,
    **filters: Any,
) -> Iterator[dict[str, Any]]:
    """Reports newest first (by published_at), streamed; dates are inclusive, in site time.

    Filters (all optional, see ``filtered``): since, until, agency, province,
    law_enforcement_only (default True), seen_since.
    """
    query, dated = filtered(**filters)
    query = query.order_by(dated.desc(), ReportRecord.id.desc()).limit(limit)
    for row in conn.execute(query.execution_options(yield_per=500)).mappings():
        yield report_dict(row)


def count_reports(conn: Connection, **filters: Any) -> int:
    """How many reports ``iter_reports`` would give without a limit."""
    query, _ = filtered(**filters)
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return int(conn.scalar(counted) or 0)


def filtered(
    *,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    agency: str | Sequence[str] | None = None,
    province: str | Sequence[str] | None = None,
    law_enforcement_only: bool = True,
    seen_since: date | datetime | None = None,
) -> tuple[Select[Any], Any]:
    """(query, column to sort by) for these filters; several agencies or provinces are OR'ed."""
    agencies, provinces = _values(agency), _values(province)
    # Order by the date copy in the filter table when filtering by one value, so one index
    # both filters and sorts (no sort of every matching report for a LIMIT 20).
    dated: Any = ReportRecord.published_at
    query: Select[Any] = select(_REPORTS)
    if len(agencies) == 1:
        query = query.join(
            ReportAgency, ReportAgency.report_id == ReportRecord.id
        ).where(ReportAgency.agency == agencies[0])
        dated = ReportAgency.published_at
    elif agencies:  # a subquery, so a report naming two of them is listed once
        query = query.where(
            ReportRecord.id.in_(
                select(ReportAgency.report_id).where(ReportAgency.agency.in_(agencies))
            )
        )
    keys = [province_key(p) for p in provinces]
    if len(keys) == 1:
        query = query.join(
            ReportProvince, ReportProvince.report_id == ReportRecord.id
        ).where(ReportProvince.province == keys[0])
        dated = ReportProvince.published_at if len(agencies) != 1 else dated
    elif keys:
        query = query.where(
            ReportRecord.id.in_(
                select(ReportProvince.report_id).where(ReportProvince.province.in_(keys))
            )
        )
    if law_enforcement_only:
        query = query.where(ReportRecord.law_enforcement.is_(True))
    if since is not None:
        query = query.where(dated >= _start(since))
    if until is not None:
        query = query.where(dated < _end(until))
    if seen_since is not None:
        query = query.where(ReportRecord.first_seen_at >= _start(seen_since))
    return query, dated


def _values(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(dict.fromkeys(value))


def get_report(conn: Connection, ref: str | int) -> dict[str, Any] | None:
    """One report by id, or by URL (http/https, with or without the trailing slash)."""
    if isinstance(ref, int) or ref.strip().isdigit():
        query = select(_REPORTS).where(ReportRecord.id == int(ref))
        row = conn.execute(query).mappings().first()
        return report_dict(row) if row else None
    candidates = url_variants(ref)
    rows = conn.execute(
        select(_REPORTS).where(ReportRecord.url.in_(candidates))
    ).mappings()
    by_url = {row["url"]: row for row in rows}
    for url in candidates:
        if url in by_url:
            return report_dict(by_url[url])
    return None


def url_variants(ref: str) -> list[str]:
    """The spellings of a URL a user may paste for one stored article, most likely first."""
    text = ref.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.netloc.lower()
    path = parts.path or "/"
    paths = [path] if path.endswith("/") else [path + "/", path]
    variants = [text]
    for scheme in ("https", "http"):
        for candidate_path in paths:
            variants.append(urlunsplit((scheme, host, candidate_path, parts.query, "")))
    return list(dict.fromkeys(variants))


def recent_urls(conn: Connection, days: int, now: datetime) -> list[str]:
    """URLs of reports published in the last ``days`` days, newest first."""
    query = (
        select(ReportRecord.url)
        .where(ReportRecord.published_at >= now - timedelta(days=days))
        .order_by(ReportRecord.published_at.desc())
    )
    return list(conn.scalars(query))


def has_reports(conn: Connection) -> bool:
    return conn.scalar(select(ReportRecord.id).limit(1)) is not None


# Days a bound may name: 0001-01-01 in +09:00 is before datetime.min in UTC, and the day
# after 9999-12-31 does not exist; a bound beyond these means "no bound" anyway.
_FIRST_DAY = date(1, 1, 2)
_LAST_DAY = date(9999, 12, 30)


def _start(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(max(value, _FIRST_DAY), time.min, tzinfo=SITE_TZ)


def _end(value: date | datetime) -> datetime:
    # ``until`` is inclusive: a datetime up to its microsecond, a date through its last moment.
    if isinstance(value, datetime):
        return value + timedelta(microseconds=1)
    last = min(value, _LAST_DAY)
    return datetime.combine(last + timedelta(days=1), time.min, tzinfo=SITE_TZ)
