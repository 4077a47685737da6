"""Conditional GET (RFC 9110 §13): does a request's validator make a 304 the right answer?"""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import parsedate_to_datetime


def not_modified(request: Mapping[str, str], response: Mapping[str, str]) -> bool:
    """True when ``If-None-Match`` or ``If-Modified-Since`` says the client's copy is current.

    ``request`` and ``response`` are header mappings with case-insensitive lookup (like
    ``http.client.HTTPMessage``) or lower-case keys. If-None-Match wins when both are sent.
    """
    if_none_match = _get(request, "If-None-Match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":  # any current representation matches
            return True
        etag = _get(response, "ETag")
        return etag is not None and _etag_matches(if_none_match, etag)
    if_modified_since = _get(request, "If-Modified-Since")
    last_modified = _get(response, "Last-Modified")
    if if_modified_since is None or last_modified is None:
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(
            if_modified_since
        )
    except (TypeError, ValueError):  # an unparsable date is ignored, as the RFC says
        return False


def _etag_matches(if_none_match: str, etag: str) -> bool:
    # Weak comparison: W/"x" and "x" are the same tag for If-None-Match.
    wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag.strip().removeprefix("W/") in wanted


def _get(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name.lower()), None)
    return value
