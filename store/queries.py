"""Reading reports back: known URLs, filtered listings, one report, recent URLs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Connection, Select, func, select

from store.models import ReportAgency, ReportProvince, ReportRecord
from store.rows import SITE_TZ, province_key, report_dict
from store.search import add_search, fts5_count, fts5_page, snippets
from store.statements import chunks

if TYPE_CHECKING:
    from store.search_query import SearchQuery

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
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    agency: str | None = None,
    province: str | None = None,
    law_enforcement_only: bool = True,
    search: SearchQuery | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[dict[str, Any]]:
    """Reports newest first (by published_at), streamed; dates are inclusive, in site time.

    With ``search``, only the reports whose text matches, best match first, each with a
    ``snippet`` (see store.search).
    """
    query, dated = _filtered(since, until, agency, province, law_enforcement_only)
    only_kind = since is None and until is None and agency is None and province is None
    if search is not None and only_kind and conn.dialect.name == "sqlite":
        query = fts5_page(search, law_enforcement_only, limit, offset)
        limit, offset = None, 0  # the page is cut inside the index
    elif search is not None:
        query = add_search(
            conn, query, search, law_enforcement_only=law_enforcement_only
        )
    else:
        query = query.order_by(dated.desc(), ReportRecord.id.desc())
    query = query.limit(limit).offset(offset or None)
    if search is None:
        for row in conn.execute(query.execution_options(yield_per=500)).mappings():
            yield report_dict(row)
        return
    # Search results come a page at a time (limit), each page with its snippets.
    rows = conn.execute(query.execution_options(yield_per=500)).mappings()
    for page in iter(lambda: list(itertools.islice(rows, 500)), []):
        found = snippets(conn, search, [row["id"] for row in page])
        for row in page:
            yield {**report_dict(row), "snippet": found.get(row["id"], [])}


def count_reports(
    conn: Connection,
    *,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    agency: str | None = None,
    province: str | None = None,
    law_enforcement_only: bool = True,
    search: SearchQuery | None = None,
) -> int:
    """How many reports ``iter_reports`` would give with these filters and no limit."""
    only_kind = since is None and until is None and agency is None and province is None
    if search is not None and only_kind and conn.dialect.name == "sqlite":
        return conn.scalar(fts5_count(search, law_enforcement_only)) or 0
    query, _ = _filtered(since, until, agency, province, law_enforcement_only)
    query = query.with_only_columns(ReportRecord.id)
    if search is not None:
        query = add_search(
            conn,
            query,
            search,
            ranked=False,
            law_enforcement_only=law_enforcement_only,
        )
    return conn.scalar(select(func.count()).select_from(query.subquery())) or 0


def _filtered(
    since: date | datetime | None,
    until: date | datetime | None,
    agency: str | None,
    province: str | None,
    law_enforcement_only: bool,
) -> tuple[Select[Any], Any]:
    """The filtered SELECT of report rows, and the date column to order it by."""
    # Order by the date copy in the filter table when filtering, so one index both
    # filters and sorts (no sort of every matching report for a LIMIT 20).
    dated: Any = ReportRecord.published_at
    query: Select[Any] = select(_REPORTS)
    if agency is not None:
        query = query.join(
            ReportAgency, ReportAgency.report_id == ReportRecord.id
        ).where(ReportAgency.agency == agency)
        dated = ReportAgency.published_at
    if province is not None:
        query = query.join(
            ReportProvince, ReportProvince.report_id == ReportRecord.id
        ).where(ReportProvince.province == province_key(province))
        dated = ReportProvince.published_at if agency is None else dated
    if law_enforcement_only:
        query = query.where(ReportRecord.law_enforcement.is_(True))
    if since is not None:
        query = query.where(dated >= _start(since))
    if until is not None:
        query = query.where(dated < _end(until))
    return query, dated


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


def _start(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time.min, tzinfo=SITE_TZ)


def _end(value: date | datetime) -> datetime:
    # ``until`` is inclusive: a datetime up to its microsecond, a date through its last moment.
    if isinstance(value, datetime):
        return value + timedelta(microseconds=1)
    return datetime.combine(value + timedelta(days=1), time.min, tzinfo=SITE_TZ)
