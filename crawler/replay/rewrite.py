"""Point the real site's absolute links at the local fixture server.

Fixture bodies keep the real ``https://www.dailynk.com/...`` URLs. A client of the local
server must follow links back to it, so text bodies (HTML, XML, JSON, also with JSON's
escaped ``https:\\/\\/``) and link-carrying headers are rewritten as they are served.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from crawler.replay.urls import SITE_HOST

#: Headers that carry URLs of the site.
LINK_HEADERS = frozenset({"location", "link", "content-location"})

_TEXT_TYPES = frozenset(
    {
        "application/json",
        "application/xml",
        "application/javascript",
        "application/x-javascript",
    }
)


def _origin_pattern(host: str) -> str:
    # Optional http(s) scheme, then // or JSON's \/\/, then the host not followed by more of
    # a host name (www.dailynk.com.evil.test stays as it is; "dailynk.com." ending a
    # sentence is still the site). An explicit port is dropped with the host.
    return r"(https?:)?(//|\\/\\/)" + re.escape(host) + r"(?::\d+)?(?![\w-]|\.\w)"


class LinkRewriter:
    """Rewrites absolute links to ``host`` so they point at ``base`` (``http://127.0.0.1:P``)."""

    def __init__(self, base: str, host: str = SITE_HOST) -> None:
        self.authority = base.split("://", 1)[-1].rstrip("/")
        pattern = _origin_pattern(host)
        self._text = re.compile(pattern, re.IGNORECASE)
        self._bytes = re.compile(pattern.encode(), re.IGNORECASE)

    def body(self, content_type: str | None, body: bytes) -> bytes:
        """Return ``body`` rewritten if its type is text, else unchanged."""
        if not is_text(content_type):
            return body
        authority = self.authority.encode()

        def replace(match: re.Match[bytes]) -> bytes:
            scheme = b"http:" if match.group(1) else b""
            return scheme + match.group(2) + authority

        return self._bytes.sub(replace, body)

    def text(self, value: str) -> str:
        def replace(match: re.Match[str]) -> str:
            scheme = "http:" if match.group(1) else ""
            return scheme + match.group(2) + self.authority

        return self._text.sub(replace, value)

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Return ``headers`` with the URL-carrying ones rewritten."""
        return {
            name: self.text(value) if name.lower() in LINK_HEADERS else value
            for name, value in headers.items()
        }


def is_text(content_type: str | None) -> bool:
    """True for the types whose bodies can hold links: text/*, JSON, XML, JavaScript."""
    if not content_type:
        return False
    mime = content_type.split(";", 1)[0].strip().lower()
    return (
        mime.startswith("text/")
        or mime in _TEXT_TYPES
        or mime.endswith(("+xml", "+json"))
    )
