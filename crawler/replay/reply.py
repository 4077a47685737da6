"""A replayed HTTP answer, and the headers that must not be replayed with a stored body."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: Headers that describe one transfer, not the page: a stored body is already decoded and
#: its length is recomputed, so replaying these would make clients mis-read the body.
TRANSFER_HEADERS = frozenset(
    {
        "connection",
        "content-encoding",
        "content-length",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)

#: Served for unknown URLs when the fixtures have no 404 page of their own.
FALLBACK_NOT_FOUND = (
    b"<!DOCTYPE html>\n<html><head><title>Page not found</title></head>"
    b"<body><h1>Ooops... Error 404</h1></body></html>\n"
)


@dataclass(frozen=True, slots=True)
class Reply:
    """Status, headers and body of one answer (the same shape as ``SiteResponse``)."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


def page_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Return ``headers`` without the per-transfer ones (see TRANSFER_HEADERS)."""
    return {k: v for k, v in headers.items() if k.lower() not in TRANSFER_HEADERS}


def fallback_not_found() -> Reply:
    return Reply(404, {"Content-Type": "text/html; charset=UTF-8"}, FALLBACK_NOT_FOUND)
