"""Lookup keys for fixture URLs: the same page whatever the scheme, host case or default port."""

from __future__ import annotations

from urllib.parse import urlsplit

from w3lib.url import safe_url_string

#: The real site's host: the only host a ``Site`` answers for.
SITE_HOST = "www.dailynk.com"

_DEFAULT_PORTS = {"http": 80, "https": 443}


def lookup_key(url: str) -> str | None:
    """Return the key a URL is saved under, or None for a URL that can't be a fixture.

    http and https are the same page (the site serves both); the host is case-insensitive
    and a default port is dropped. The path and the query string are kept exactly as
    percent-encoded by Scrapy (query order matters, as saved), and the fragment is dropped.
    """
    try:
        parts = urlsplit(safe_url_string(url.strip()))
        port = parts.port
    except ValueError:  # malformed host or port: not a page we could have saved
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    netloc = parts.hostname.lower()
    if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
        netloc = f"{netloc}:{port}"
    query = f"?{parts.query}" if parts.query else ""
    return f"{netloc}{parts.path or '/'}{query}"


def site_path(url: str, host: str = SITE_HOST) -> str | None:
    """Return the path and query of a URL on ``host`` (for ``Site.respond``), else None."""
    key = lookup_key(url)
    if key is None or not key.startswith(f"{host}/"):
        return None
    return key[len(host) :]
