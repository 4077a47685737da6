"""URL normalization: absolute, https for the site, trailing slash, no fragment."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

SITE_HOSTS = ("dailynk.com", "www.dailynk.com", "english.dailynk.com")
# Korean originals: /YYYYMMDD-N/ (2021 on) or a percent-encoded Hangul slug (2018-2020).
KOREAN_ARTICLE = re.compile(
    r"^https?://(?:www\.)?dailynk\.com/(?:\d{8}-\d+|[^/?#]*%[0-9A-Fa-f]{2}[^/?#]*)/?$"
)


def absolute_url(href: str | None, base: str | None = None) -> str | None:
    """href resolved against base, http(s) only, without fragment; None if unusable."""
    if not href:
        return None
    href = href.strip()
    try:
        joined = urljoin(base or "", href)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path, parts.query, ""))


def canonical_url(href: str | None, base: str | None = None) -> str | None:
    """The canonical form of a page URL: https on the site, a trailing slash on paths."""
    url = absolute_url(href, base)
    if url is None:
        return None
    parts = urlsplit(url)
    scheme = "https" if parts.netloc.endswith("dailynk.com") else parts.scheme
    path = parts.path or "/"
    last_segment = path.rsplit("/", 1)[-1]
    if not path.endswith("/") and not parts.query and "." not in last_segment:
        path += "/"
    return urlunsplit((scheme, parts.netloc, path, parts.query, ""))


def is_korean_article(url: str | None) -> bool:
    return bool(url and KOREAN_ARTICLE.match(url))
