"""Reading reports back: known URLs, filtered listings, one report, recent URLs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Connection, Select, and_, func, or_, select

from crawler.constants import KST
from store.labels import LABEL_COLUMNS, apply_label
from store.models import ReportAgency, ReportLabel, ReportProvince, ReportRecord
from store.rows import province_key, report_dict
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
    agency: str | Sequence[str] | None = None,
    province: str | Sequence[str] | None = None,
    law_enforcement_only: bool = True,
    possible: bool = False,
    search: SearchQuery | None = None,
    seen_since: date | datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[dict[str, Any]]:
    """Reports newest first (by published_at), streamed; dates are inclusive, in site time.

    A user's label wins over the classifier in the filter and in the reports given back.
    ``possible`` adds, to the law-enforcement ones, the reports the classifier put in its
    "possible" band (close to the line) that no label has decided. With ``search``, only
    the reports whose text matches, best match first, each with a ``snippet`` (see
    store.search).
    """
    query, dated, by_band = _filtered(
        since, until, agency, province, law_enforcement_only, possible, seen_since
    )
    filters = (since, until, agency, province, seen_since)
    if search is not None and _index_decides(conn, filters, by_band):
        query = fts5_page(search, law_enforcement_only, limit, offset)
        limit, offset = None, 0  # the page is cut inside the index
    elif search is not None:
        # The index's own law-enforcement mark is the classifier's: with labels in the
        # store, the label-aware filter above decides instead.
        query = add_search(conn, query, search, law_enforcement_only=False)
    else:
        query = query.order_by(dated.desc(), ReportRecord.id.desc())
    if not by_band:
        query = query.limit(limit).offset(offset or None)
    rows = conn.execute(query.execution_options(yield_per=500)).mappings()
    given = skipped = 0
    # A page at a time, so that search snippets are read in one query per page.
    for page in iter(lambda: list(itertools.islice(rows, 500)), []):
        found = snippets(conn, search, [row["id"] for row in page]) if search else None
        for row in page:
            report = apply_label(report_dict(row), row)
            if by_band:
                if not _law_enforcement_or_possible(report["topic"] or {}):
                    continue
                if skipped < offset:
                    skipped += 1
                    continue
            if found is not None:
                report["snippet"] = found.get(row["id"], [])
            yield report
            given += 1
            if by_band and limit is not None and given >= limit:
                return


def count_reports(
    conn: Connection,
    *,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    agency: str | Sequence[str] | None = None,
    province: str | Sequence[str] | None = None,
    law_enforcement_only: bool = True,
    search: SearchQuery | None = None,
    seen_since: date | datetime | None = None,
    possible: bool = False,
) -> int:
    """How many reports ``iter_reports`` would give with these filters and no limit."""
    if possible and law_enforcement_only:  # the band is read row by row
        return sum(
            1
            for _ in iter_reports(
                conn,
                since=since,
                until=until,
                agency=agency,
                province=province,
                possible=True,
                search=search,
                seen_since=seen_since,
            )
        )
    filters = (since, until, agency, province, seen_since)
    if search is not None and _index_decides(conn, filters, False):
        return conn.scalar(fts5_count(search, law_enforcement_only)) or 0
    query, _, _ = _filtered(
        since, until, agency, province, law_enforcement_only, False, seen_since
    )
    query = query.with_only_columns(ReportRecord.id)
    if search is not None:
        query = add_search(conn, query, search, ranked=False, law_enforcement_only=False)
    return conn.scalar(select(func.count()).select_from(query.subquery())) or 0


def _index_decides(conn: Connection, filters: tuple[Any, ...], by_band: bool) -> bool:
    """Whether the SQLite FTS5 index alone can select and page a search: no filter but
    the kind, and no user label that could overrule the kind the index records."""
    return (
        all(value is None for value in filters)
        and not by_band
        and conn.dialect.name == "sqlite"
        and conn.scalar(select(ReportLabel.url).limit(1)) is None
    )


def _filtered(
    since: date | datetime | None,
    until: date | datetime | None,
    agency: str | Sequence[str] | None,
    province: str | Sequence[str] | None,
    law_enforcement_only: bool,
    possible: bool,
    seen_since: date | datetime | None = None,
) -> tuple[Select[Any], Any, bool]:
    """The filtered SELECT of report rows (with their labels), the date column to order
    it by, and whether the "possible" band must still be checked row by row. Several
    agencies or provinces are OR'ed."""
    agencies, provinces = _values(agency), _values(province)
    # Order by the date copy in the filter table when filtering by one value, so one index
    # both filters and sorts (no sort of every matching report for a LIMIT 20).
    dated: Any = ReportRecord.published_at
    query: Select[Any] = _labelled(select(_REPORTS, *LABEL_COLUMNS))
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
    unlabelled = ReportLabel.url.is_(None)
    # The band is inside the topic document: "possible" is then checked row by row.
    by_band = law_enforcement_only and possible
    if law_enforcement_only and not possible:
        query = query.where(
            or_(
                ReportLabel.law_enforcement.is_(True),
                and_(unlabelled, ReportRecord.law_enforcement.is_(True)),
            )
        )
    elif by_band:
        query = query.where(or_(ReportLabel.law_enforcement.is_(True), unlabelled))
    if since is not None:
        query = query.where(dated >= _start(since))
    if until is not None:
        query = query.where(dated < _end(until))
    if seen_since is not None:
        query = query.where(ReportRecord.first_seen_at >= _start(seen_since))
    return query, dated, by_band


def _values(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(dict.fromkeys(value))


def get_report(conn: Connection, ref: str | int) -> dict[str, Any] | None:
    """One report by id, or by URL (http/https, with or without the trailing slash)."""
    labelled = _labelled(select(_REPORTS, *LABEL_COLUMNS))
    if isinstance(ref, int) or ref.strip().isdigit():
        query = labelled.where(ReportRecord.id == int(ref))
        row = conn.execute(query).mappings().first()
        return apply_label(report_dict(row), row) if row else None
    candidates = url_variants(ref)
    rows = conn.execute(labelled.where(ReportRecord.url.in_(candidates))).mappings()
    by_url = {row["url"]: row for row in rows}
    for url in candidates:
        if url in by_url:
            return apply_label(report_dict(by_url[url]), by_url[url])
    return None


def _law_enforcement_or_possible(topic: dict[str, Any]) -> bool:
    return bool(topic.get("law_enforcement")) or topic.get("band") == "possible"


def _labelled(query: Select[Any]) -> Select[Any]:
    return query.outerjoin(ReportLabel, ReportLabel.url == ReportRecord.url)


def canonical_url(ref: str) -> str:
    """How the parser writes an article URL: https, lower-case host, a trailing slash."""
    text = ref.strip()
    parts = urlsplit(text if "://" in text else "https://" + text)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit(("https", parts.netloc.lower(), path, parts.query, ""))


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
    return datetime.combine(max(value, _FIRST_DAY), time.min, tzinfo=KST)


def _end(value: date | datetime) -> datetime:
    # ``until`` is inclusive: a datetime up to its microsecond, a date through its last moment.
    if isinstance(value, datetime):
        return value + timedelta(microseconds=1)
    last = min(value, _LAST_DAY)
    return datetime.combine(last + timedelta(days=1), time.min, tzinfo=KST)
