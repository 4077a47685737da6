"""The JSON API (``/api/reports``, ``/api/reports/{id}``), ``/healthz`` and the API's docs page.

Parameters are declared so the OpenAPI document lists them, but typed as plain text and
checked by ``filters.parse_filters``, so a wrong value gets the same one-line message as
on the pages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from nkwatch.commands._store import public_report, with_snippet
from nkwatch.web.filters import API_PARAMS, MAX_LIMIT, PAGE_SIZE, parse_filters
from nkwatch.web.templating import render

router = APIRouter()

Text = Annotated[str | None, Query()]
_PARAMS_DOC = {
    "q": 'Full-text search: words, "exact phrases", OR, -exclusions; best match first.',
    "agency": "Agency id: police, state_security, prosecutors, courts, border_guards, ...",
    "province": 'Province named in the report ("Yanggang", case and "Province" ignored).',
    "since": "First day, YYYY-MM-DD in Korean time (inclusive).",
    "until": "Last day, YYYY-MM-DD in Korean time (inclusive).",
    "all": "1: every report, not only law-enforcement ones.",
    "limit": f"Reports to return, 1 to {MAX_LIMIT} (default {PAGE_SIZE}).",
    "offset": "Reports to skip (default 0).",
}


def _doc(name: str) -> Any:
    return Query(None, description=_PARAMS_DOC[name])


@router.get("/api/reports", summary="List reports", tags=["reports"])
def list_reports(
    request: Request,
    q: str | None = _doc("q"),
    agency: str | None = _doc("agency"),
    province: str | None = _doc("province"),
    since: str | None = _doc("since"),
    until: str | None = _doc("until"),
    all: str | None = _doc("all"),
    limit: str | None = _doc("limit"),
    offset: str | None = _doc("offset"),
) -> JSONResponse:
    """Reports newest first (best match first with ``q``), each the Report schema plus
    ``id``, ``first_seen_at`` and ``last_seen_at`` (and ``snippet`` segments with ``q``).
    ``total`` counts every match, for paging with ``limit`` and ``offset``."""
    filters = parse_filters(request.query_params, API_PARAMS)
    store = request.app.state.store
    limit, offset = filters.extra["limit"], filters.extra["offset"]
    stored = store.query_reports(**filters.store_filters(), limit=limit, offset=offset)
    body = {
        "total": store.count_reports(**filters.store_filters()),
        "limit": limit,
        "offset": offset,
        "reports": [with_snippet(public_report(r), r) for r in stored],
    }
    return JSONResponse(body)


@router.get(
    "/api/reports/{report_id}",
    summary="One report",
    tags=["reports"],
    responses={404: {"description": "No report with that id"}},
)
def get_report(request: Request, report_id: str) -> JSONResponse:
    """The Report schema plus ``id``, ``first_seen_at``, ``last_seen_at``."""
    from nkwatch.web.pages import _stored_report

    parse_filters(request.query_params, ())
    return JSONResponse(public_report(_stored_report(request, report_id)))


@router.get(
    "/healthz",
    summary="Health verdict",
    tags=["service"],
    responses={503: {"description": "Unhealthy, or the store cannot be read"}},
)
def healthz(request: Request) -> JSONResponse:
    """The ``nkwatch status`` verdict as JSON: 200 when healthy, 503 when not."""
    from scheduler import status

    try:
        next_run, schedule = status.scheduled_job(request.app.state.db_url)
        report = status.collect(
            request.app.state.store,
            next_run=next_run,
            schedule=schedule,
            now=datetime.now(UTC),
        )
    except Exception as exc:  # noqa: BLE001 (an unreadable store is unhealthy, not a crash)
        message = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return JSONResponse(
            {"healthy": False, "verdict": "unhealthy", "error": message},
            status_code=503,
        )
    return JSONResponse(report, status_code=200 if report["healthy"] else 503)


@router.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI document drawn as a page (FastAPI's own docs need a CDN and scripts)."""
    spec = request.app.openapi()
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]
    return HTMLResponse(
        render(request, "api_docs.html", spec=spec, operations=operations)
    )
