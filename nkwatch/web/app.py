"""The application: routes, templates, error pages and headers around a read-only Store.

Only GET (and HEAD) routes exist: nothing a request says can change the store. Every
error a reader can cause is a 400 page naming the parameter; a store that cannot be read
is a 503; anything else is a plain 500 page without a traceback (logged on the server).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from nkwatch.web import api, pages
from nkwatch.web.filters import BadParameter
from nkwatch.web.headers import SecurityHeaders
from nkwatch.web.templating import render, templates
from store.errors import StoreError

if TYPE_CHECKING:
    from store import Store

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
VERSION = "0.1.0"


def create_app(
    store: Store,
    *,
    db_url: str,
    site_url: str,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The web app over ``store`` (open it read-only); ``db_url`` is for the health check."""
    app = FastAPI(
        title="nkwatch",
        version=VERSION,
        description=(
            "Reports on law enforcement in North Korea collected from Daily NK English. "
            "Read-only: every endpoint is a GET."
        ),
        # FastAPI's own docs pages load their scripts from a CDN: ours is drawn here.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.db_url = db_url
    app.state.site_url = site_url
    app.state.clock = clock or (lambda: datetime.now(UTC))
    app.state.templates = templates()
    app.state.facts_cache = {}
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    _add_error_pages(app)
    app.add_middleware(SecurityHeaders)
    return app


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> Response:
        return error_response(request, 400, "Bad request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}"
            for e in exc.errors()
        )
        return error_response(request, 400, "Bad request", problems or "bad parameters")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        titles = {404: "Not found", 405: "Method not allowed"}
        response = error_response(
            request,
            exc.status_code,
            titles.get(exc.status_code, "Error"),
            str(exc.detail),
        )
        if exc.status_code == 405:
            response.headers["allow"] = "GET, HEAD"
        return response

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        logger.warning("store error on %s: %s", request.url.path, exc)
        return error_response(
            request, 503, "Store unavailable", str(exc).splitlines()[0]
        )

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        logger.error("internal error on %s", request.url.path, exc_info=exc)
        return error_response(
            request,
            500,
            "Internal error",
            "something went wrong; the server log says what",
        )


def error_response(request: Request, status: int, title: str, message: str) -> Response:
    """JSON for the API, a page for people: the same one-line message."""
    path = request.url.path
    if path.startswith(("/api/", "/healthz", "/openapi")):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    if path.startswith("/feed"):
        return Response(
            f"{title}: {message}\n", status_code=status, media_type="text/plain"
        )
    html = render(request, "error.html", title=title, message=message, status=status)
    return HTMLResponse(html, status_code=status)
