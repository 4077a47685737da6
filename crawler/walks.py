"""What a crawl keeps while it reads paginated sources, and how it reads their answers.

A ``Walk`` is one listing (or the REST API) being paginated; its ``cursor`` is where an
interrupted backfill resumes. The helpers turn Scrapy responses and failures into the
plain values the spider decides on: a one-line failure reason, header values, and the
HTTP validators for conditional requests.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.middlewares import UNREACHABLE_ERRORS

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure


@dataclasses.dataclass(slots=True)
class Walk:
    """One listing (or the REST API) being paginated in this run."""

    key: str  # canonical URL of the listing's page 1, or "rest"
    start_page: int = 1
    pages_read: int = 0
    complete: bool = False  # reached the end, the stop rule, or ``since``
    cut_short: bool = False  # stopped early (max pages, a failed page): not complete
    pending: dict[int, set[str]] = dataclasses.field(default_factory=dict)
    deferred: tuple[str, int] | None = None  # next page left to the REST walk

    @property
    def cursor(self) -> int | None:
        """The first page not fully done (its articles all handled); None when finished."""
        unfinished = [page for page, urls in self.pending.items() if urls]
        if self.complete and not unfinished:
            return None
        return min([*unfinished, self.start_page + self.pages_read])


def describe_failure(failure: Failure) -> str:
    """One line saying why a request failed: "HTTP 500", "DNS lookup failed: …", …"""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, (IgnoreRequest, *UNREACHABLE_ERRORS)):
        return text or type(exc).__name__  # these messages say it all
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


#: HTTP answers that settle an article URL: it is not requested again for a long while.
PERMANENT_STATUSES = frozenset({404, 410})


def failure_kind(failure: Failure) -> str:
    """ "permanent" for answers that will not change by retrying soon (404, 410, a redirect
    off the site or in a loop, robots.txt forbids it); "transient" for the rest (5xx, 429,
    timeouts, resets, DNS), which the next runs retry with back-off."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return "permanent" if exc.response.status in PERMANENT_STATUSES else "transient"
    if isinstance(exc, IgnoreRequest):
        return "permanent"  # off-site or looping redirect, forbidden by robots.txt
    return "transient"


def http_status(failure: Failure) -> int | None:
    exc = failure.value
    return exc.response.status if isinstance(exc, HttpError) else None


def is_json_list(response: Response) -> bool:
    return response.body.lstrip()[:1] == b"["


def header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def int_header(response: Response, name: str) -> int | None:
    value = header(response, name)
    return int(value) if value and value.strip().isdigit() else None


def validators_of(response: Response) -> dict[str, str]:
    """The response's ETag and Last-Modified, under the names the crawl keeps them by."""
    found = {
        "etag": header(response, "ETag"),
        "last_modified": header(response, "Last-Modified"),
    }
    return {name: value for name, value in found.items() if value}


def conditional_headers(validators: dict[str, str]) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for validators kept from an earlier run."""
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    return headers
