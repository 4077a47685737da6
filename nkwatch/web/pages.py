"""The pages people read: the listing, one report, the trend charts, the Atom feed."""

from __future__ import annotations

import itertools
import math
import time
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from nkwatch.commands._store import public_report
from nkwatch.web import charts, stats
from nkwatch.web.changes import describe_changes
from nkwatch.web.filters import (
    AGENCIES,
    LISTING_PARAMS,
    PAGE_PARAMS,
    PAGE_SIZE,
    PROVINCES,
    BadParameter,
    Filters,
    parse_filters,
)
from nkwatch.web.templating import render

router = APIRouter(include_in_schema=False)
#: A report first seen this recently is marked new.
NEW_WITHIN = timedelta(days=1)
FEED_ENTRIES = 50
# The charts count every report: recounted at most this often.
STATS_TTL_S = 60.0


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    filters = parse_filters(request.query_params, PAGE_PARAMS)
    store = request.app.state.store
    page = filters.extra["page"]
    total = store.count_reports(**filters.store_filters())
    reports = store.query_reports(
        **filters.store_filters(), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    now = request.app.state.clock()
    for report in reports:
        report["is_new"] = _is_new(report, now)
    html = render(
        request,
        "index.html",
        filters=filters,
        reports=reports,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / PAGE_SIZE)),
        new_on_page=sum(r["is_new"] for r in reports),
        agencies=AGENCIES,
        provinces=PROVINCES,
        feed_query=filters.query_string(),
    )
    return HTMLResponse(html)


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: str) -> HTMLResponse:
    report = _stored_report(request, report_id)
    # Version 1 is the report itself until the site edits it: pairs exist only after that.
    _, versions = request.app.state.store.report_versions(report["id"])
    revisions = [
        {**later, "changes": describe_changes(earlier["data"], later["data"])}
        for earlier, later in itertools.pairwise(versions)
    ]
    html = render(
        request,
        "report.html",
        report=report,
        revisions=revisions,
        first_version=versions[0] if versions else None,
        is_new=_is_new(report, request.app.state.clock()),
    )
    return HTMLResponse(html)


@router.get("/stats", response_class=HTMLResponse)
def stats_page(request: Request) -> HTMLResponse:
    filters = parse_filters(request.query_params, ("all",))
    facts = _facts(request, law_enforcement_only=not filters.all)
    months = stats.per_month_by_agency(facts)
    agencies = stats.agencies_in(months)
    provinces = stats.by_province(facts)
    amounts = stats.amounts_by_currency(facts)
    html = render(
        request,
        "stats.html",
        filters=filters,
        reports=len(facts),
        months=months,
        agencies=agencies,
        provinces=provinces,
        amounts=amounts,
        month_chart=charts.stacked_columns(
            "Reports per month by agency", months, agencies
        ),
        province_chart=charts.horizontal_bars("Reports by province", provinces),
        amount_charts={
            currency: charts.horizontal_bars(
                f"Amounts named in {currency} per month", totals, unit=f" {currency}"
            )
            for currency, totals in amounts.items()
        },
    )
    return HTMLResponse(html)


@router.get("/feed.atom")
def feed(request: Request) -> Response:
    from nkwatch.commands.export import atom_feed

    filters = parse_filters(request.query_params, LISTING_PARAMS)
    store = request.app.state.store
    reports = store.query_reports(**filters.store_filters(), limit=FEED_ENTRIES)
    reports.sort(
        key=lambda r: r["published_at"], reverse=True
    )  # best matches, newest first
    query = filters.query_string()
    document = atom_feed(
        [public_report(r) for r in reports],
        request.app.state.site_url,
        "all" if filters.all else "law-enforcement",
        title=feed_title(filters),
        feed_id_suffix=query,
        self_url=str(request.url_for("feed")) + (f"?{query}" if query else ""),
    )
    return Response(document, media_type="application/atom+xml; charset=utf-8")


def feed_title(filters: Filters) -> str:
    """What a feed reader lists: "nkwatch: state security in Yanggang"."""
    parts = [filters.agency.replace("_", " ") if filters.agency else "law enforcement"]
    if filters.all and not filters.agency:
        parts = ["all reports"]
    if filters.province:
        parts.append(f"in {filters.province}")
    if filters.q:
        parts.append(f"matching {filters.q}")
    if filters.since:
        parts.append(f"since {filters.since}")
    if filters.until:
        parts.append(f"until {filters.until}")
    return "nkwatch: " + " ".join(parts) + " (Daily NK English)"


def _stored_report(request: Request, report_id: str) -> dict[str, Any]:
    from starlette.exceptions import HTTPException

    if not report_id.isdigit() or len(report_id) > 12:
        raise BadParameter(f"report id: expected a number, got {report_id!r}")
    report = request.app.state.store.get_report(int(report_id))
    if report is None:
        raise HTTPException(404, f"no report with id {report_id}")
    return report


def _is_new(report: dict[str, Any], now: datetime) -> bool:
    seen = report.get("first_seen_at")
    return bool(seen) and datetime.fromisoformat(seen) >= now - NEW_WITHIN


def _facts(request: Request, *, law_enforcement_only: bool) -> list[dict[str, Any]]:
    cache = request.app.state.facts_cache
    cached = cache.get(law_enforcement_only)
    if cached is not None and time.monotonic() - cached[0] < STATS_TTL_S:
        return cached[1]
    facts = request.app.state.store.report_facts(law_enforcement_only)
    cache[law_enforcement_only] = (time.monotonic(), facts)
    return facts
