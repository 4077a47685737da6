"""How the spider reads Scrapy's answers: plain values from responses and failures.

A one-line failure reason and its kind, the HTTP status, header values, and the HTTP
validators for conditional requests: what the spider hands to the crawl state
(``crawler.crawlstate``, which keeps the walks themselves).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.middlewares import UNREACHABLE_ERRORS

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure


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
