"""URL rules of the site: canonical form, scope (host + path prefix), article and listing kinds.

Every URL the spider meets goes through ``Scope.canonicalize`` first, so that the form a
listing links to, the form the store keys reports by and the form the spider requests are
the same string; otherwise a known article would look new on every run.

Canonical form: the scheme and host of ``--base-url`` (``http://`` links and the bare
``dailynk.com`` host are aliases), no fragment, no default port, a trailing slash on
article and listing paths, and no query string: the only URLs that keep one are the legacy
``read.php?num=N&cataId=C`` articles (parameters in that fixed order) and the WP REST API.
Links with any other query (``?filter_by=``, ``?share=``, ``?replytocom=``) are refused, so
filtered listings and share links are never followed; only ``utm_*`` tracking parameters
are stripped, since they name the same page.

Legacy ``read.php`` URLs are treated as article URLs: the live site redirects them to the
slug URL (Scrapy follows the redirect) and the parser takes the page's canonical URL, so
the store keys them by slug. They are rare (only pre-2018 content links to them), which is
why they are not mapped ahead of the request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import (
    SplitResult,
    parse_qsl,
    urlencode,
    urljoin,
    urlsplit,
    urlunsplit,
)

#: Hosts that serve the same edition as the key host (the pre-2018 English host included).
HOST_ALIASES = {
    "www.dailynk.com": frozenset({"dailynk.com", "english.dailynk.com"}),
}

#: First path segments (after the prefix) that are never articles.
RESERVED_SEGMENTS = frozenset(
    {
        "author",
        "category",
        "comments",
        "embed",
        "feed",
        "page",
        "search",
        "tag",
        "trackback",
        "wp-admin",
        "wp-content",
        "wp-includes",
        "wp-json",
        "wp-login.php",
        "xmlrpc.php",
    }
)

#: Static pages of the site whose URLs look like article slugs.
STATIC_PAGES = frozenset(
    {
        "about",
        "about-us",
        "advertise",
        "contact",
        "contact-us",
        "donate",
        "faq",
        "notices",
        "privacy-policy",
        "subscribe",
        "terms-of-use",
    }
)

LISTING_KINDS = frozenset({"category", "tag", "author"})

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_PAGE_NUMBER = re.compile(r"[1-9][0-9]*")
_LEGACY_PARAMS = ("num", "cataId")
_LEGACY_VALUE = {"num": re.compile(r"\d+"), "cataId": re.compile(r"nk\d+")}
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Scope:
    """The part of the web the spider may visit: one host and one path prefix."""

    scheme: str
    host: str  # lower case, with ":port" when not the default
    prefix: str  # starts and ends with "/"

    @classmethod
    def from_base_url(cls, base_url: str) -> Scope:
        """Build the scope of ``--base-url``; raise ValueError if it is not http(s)."""
        parts = urlsplit(base_url.strip())
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise ValueError(f"base URL must be http(s)://host/path/: {base_url!r}")
        prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
        return cls(parts.scheme, _netloc(parts.scheme, parts), prefix)

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}{self.prefix}"

    def url(self, relative: str) -> str:
        """The absolute URL of ``relative`` (no leading slash) under the prefix."""
        return self.base_url + relative.lstrip("/")

    def canonicalize(self, url: str, base: str | None = None) -> str | None:
        """Return the canonical on-site form of ``url`` (resolved against ``base``), or None.

        None means: not http(s), off the host, outside the prefix, or carrying a query
        string that makes it another page (see the module docstring).
        """
        try:
            parts = urlsplit(urljoin(base, url.strip()) if base else url.strip())
            scheme, hostname = parts.scheme.lower(), parts.hostname
            netloc = _netloc(scheme, parts) if hostname else ""
        except ValueError:  # bad port or IPv6 literal
            return None
        if scheme not in _DEFAULT_PORTS or not self._is_our_host(netloc):
            return None
        path = parts.path or "/"
        if not (path + "/").startswith(self.prefix):
            return None
        rest = path[len(self.prefix) :]
        if rest == "read.php":
            query = _legacy_query(parts.query)
            return None if query is None else self._build("read.php", query)
        if not _query_is_harmless(parts.query, rest):
            return None
        if rest.startswith("wp-json/"):
            return self._build(rest, parts.query)
        if rest and not rest.endswith("/") and "." not in rest.rsplit("/", 1)[-1]:
            rest += "/"
        return self._build(rest, "")

    def on_site(self, url: str) -> bool:
        return self.canonicalize(url) is not None

    def article_url(self, url: str, base: str | None = None) -> str | None:
        """Canonical form of ``url`` if it is an article URL, else None."""
        canonical = self.canonicalize(url, base)
        if canonical is None or not is_article_path(self._rest(canonical)):
            return None
        return canonical

    def listing_url(self, url: str, base: str | None = None) -> str | None:
        """Canonical form of ``url`` if it is a listing page (home, category, tag, author)."""
        canonical = self.canonicalize(url, base)
        if canonical is None or listing_parts(self._rest(canonical)) is None:
            return None
        return canonical

    def is_article_url(self, url: str) -> bool:
        return self.article_url(url) is not None

    def is_listing_url(self, url: str) -> bool:
        return self.listing_url(url) is not None

    def listing_page(self, listing: str, page: int) -> str:
        """URL of page ``page`` of the listing whose first page is ``listing``."""
        if page <= 1:
            return listing
        return f"{listing}page/{page}/"

    def page_number(self, url: str) -> int:
        """The page number of a listing URL (1 for its first page)."""
        parts = listing_parts(self._rest(url))
        return parts[1] if parts else 1

    def first_page(self, url: str) -> str:
        """The first page of the listing ``url`` belongs to."""
        parts = listing_parts(self._rest(url))
        return self.url(parts[0]) if parts else url

    def _rest(self, canonical: str) -> str:
        parts = urlsplit(canonical)
        rest = parts.path[len(self.prefix) :]
        return f"{rest}?{parts.query}" if parts.query else rest

    def _is_our_host(self, netloc: str) -> bool:
        if netloc == self.host:
            return True
        return netloc in HOST_ALIASES.get(self.host, ())

    def _build(self, rest: str, query: str) -> str:
        return urlunsplit((self.scheme, self.host, self.prefix + rest, query, ""))


def is_article_path(rest: str) -> bool:
    """True for ``<slug>/`` and ``read.php?num=…&cataId=…`` (paths below the prefix)."""
    if rest.startswith("read.php?"):
        return True
    slug = rest[:-1] if rest.endswith("/") else None
    return bool(
        slug
        and _SLUG.fullmatch(slug)
        and not slug.isdigit()  # /english/2019/ is a date archive
        and slug not in RESERVED_SEGMENTS
        and slug not in STATIC_PAGES
    )


def listing_parts(rest: str) -> tuple[str, int] | None:
    """Split a listing path into (first page path, page number), or None if not a listing.

    Listings: the home page (``""``, ``page/N/``) and ``category|tag|author/<slug>/``
    with an optional ``page/N/``.
    """
    segments = rest.split("/")
    if not rest.endswith("/") and rest != "":
        return None
    segments = segments[:-1] if rest else []
    head: list[str] = []
    if len(segments) >= 2 and segments[0] in LISTING_KINDS:
        if not _SLUG.fullmatch(segments[1]):
            return None
        head, segments = segments[:2], segments[2:]
    if not segments:
        return ("/".join(head) + "/" if head else ""), 1
    if (
        len(segments) == 2
        and segments[0] == "page"
        and _PAGE_NUMBER.fullmatch(segments[1])
    ):
        return ("/".join(head) + "/" if head else ""), int(segments[1])
    return None


def _netloc(scheme: str, parts: SplitResult) -> str:
    host = (parts.hostname or "").lower()
    port = parts.port  # raises ValueError on a bad port
    return host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"


def _legacy_query(query: str) -> str | None:
    """``num=N&cataId=C`` in that order, or None if the legacy parameters are missing."""
    params = dict(parse_qsl(query))
    if not all(_LEGACY_VALUE[k].fullmatch(params.get(k, "")) for k in _LEGACY_PARAMS):
        return None
    return urlencode([(k, params[k]) for k in _LEGACY_PARAMS])


def _query_is_harmless(query: str, rest: str) -> bool:
    if not query or rest.startswith("wp-json/"):
        return True
    return all(
        key.startswith("utm_") for key, _ in parse_qsl(query, keep_blank_values=True)
    )


# -- One canonical form for the parser's URLs too ----------------------------------------
#: The site's own scope: page URLs on any Daily NK host are keyed under it.
SITE_BASE_URL = "https://www.dailynk.com/"
# Korean originals: /YYYYMMDD-N/ (2021 on) or a percent-encoded Hangul slug (2018-2020).
KOREAN_ARTICLE = re.compile(
    r"^https?://(?:www\.)?dailynk\.com/(?:\d{8}-\d+|[^/?#]*%[0-9A-Fa-f]{2}[^/?#]*)/?$"
)


def absolute_url(href: str | None, base: str | None = None) -> str | None:
    """href resolved against base, http(s) only, without fragment; None if unusable."""
    if not href:
        return None
    try:
        parts = urlsplit(urljoin(base or "", href.strip()))
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path, parts.query, ""))


def canonical_url(href: str | None, base: str | None = None) -> str | None:
    """The canonical form of a page URL found in a page, feed or REST post.

    The same rules as the spider's (``Scope.canonicalize``), with the URL's own site as the
    scope: Daily NK hosts are keyed under https://www.dailynk.com/, any other host (a local
    fixture server) under itself. A URL the scope refuses (a query that names another page,
    such as a ``?p=N`` shortlink) keeps its absolute form.
    """
    url = absolute_url(href, base)
    if url is None:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    on_site = host == "dailynk.com" or host.endswith(".dailynk.com")
    try:
        scope = Scope.from_base_url(
            SITE_BASE_URL if on_site else f"{parts.scheme}://{parts.netloc}/"
        )
    except ValueError:
        return url
    return scope.canonicalize(url) or url


def is_korean_article(url: str | None) -> bool:
    return bool(url and KOREAN_ARTICLE.match(url))
