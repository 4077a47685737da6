"""Record live pages into a fixture folder: body, URL, status and headers, as the manifest wants.

Redirects are saved as they are (status and ``Location``), not followed, so replay gives a
crawler the same answers the site gave. File names come from the URL but are reduced to
``[a-z0-9-]`` plus a hash, and checked to stay inside the folder.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPException, HTTPMessage
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.robotparser import RobotFileParser

from crawler.replay.manifest import (
    MANIFEST_NAME,
    MANIFEST_VERSION,
    Manifest,
    read_document,
    resolve_inside,
    write_document,
)
from crawler.replay.reply import page_headers
from crawler.replay.urls import lookup_key

RECORDED_DIR = "recorded"
DEFAULT_TIMEOUT = 30.0
DEFAULT_DELAY = 1.0  # seconds between two requests to one host, as the crawler waits
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # real article pages are 100-250 KB
#: Not saved: cookies are a visitor's session, not part of the page.
PRIVATE_HEADERS = frozenset({"set-cookie"})

_EXTENSIONS = (
    ("html", ".html"),
    ("json", ".json"),
    ("xml", ".xml"),
    ("javascript", ".js"),
    ("css", ".css"),
    ("text/plain", ".txt"),
)


def user_agent() -> str:
    try:
        release = version("nkwatch")
    except PackageNotFoundError:  # running from a source tree that isn't installed
        release = "dev"
    return f"nkwatch/{release} fixture recorder (saves pages for offline tests)"


class FetchError(Exception):
    """A page could not be fetched; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then hands the 3xx back as an HTTPError: saved as is


def fetch(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> Fetched:
    """GET ``url`` once, without following redirects; raise FetchError on any failure."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError("not an http(s) URL")
    headers = {
        "User-Agent": user_agent(),
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Encoding": "gzip",  # decoded below: the saved body is always plain
    }
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (scheme checked above)
    opener = urllib.request.build_opener(_KeepRedirects)
    try:
        with _open(opener, request, timeout) as answer:
            status, message = answer.status, answer.headers
            raw = answer.read(max_bytes + 1)
    except (urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
        raise FetchError(_reason(exc)) from None
    if len(raw) > max_bytes:
        raise FetchError(f"larger than {max_bytes} bytes")
    body = _decode(raw, message.get("Content-Encoding", ""))
    return Fetched(url, status, _saved_headers(message), body)


def _open(opener: urllib.request.OpenerDirector, request: Any, timeout: float) -> Any:
    try:
        return opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        return error  # a 3xx/4xx/5xx answer is still a page to save


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    return str(reason).splitlines()[0] if str(reason) else type(exc).__name__


def _decode(raw: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    try:
        if encoding in ("", "identity"):
            return raw
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(raw)
        if encoding == "deflate":
            return zlib.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise FetchError(f"bad {encoding} body: {exc}") from None
    raise FetchError(f"unsupported Content-Encoding {encoding!r}")


def _saved_headers(message: HTTPMessage) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in message.items():
        if name.lower() in PRIVATE_HEADERS:
            continue
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return page_headers(headers)


def file_name_for(url: str, content_type: str | None) -> str:
    """A safe relative file name for ``url``: ``recorded/<path-slug>-<hash>.<ext>``.

    The hash is of the lookup key, so http/https spellings of one page share a file.
    """
    path = unquote(urlsplit(url).path).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", path).strip("-")[:80].strip("-") or "index"
    digest = hashlib.sha256((lookup_key(url) or url).encode()).hexdigest()[:10]
    return f"{RECORDED_DIR}/{slug}-{digest}{_extension(content_type)}"


def _extension(content_type: str | None) -> str:
    mime = (content_type or "").split(";", 1)[0].lower()
    return next((ext for key, ext in _EXTENSIONS if key in mime), ".bin")


class Recorder:
    """Saves fetched pages into one fixture folder, merging with its existing manifest."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root.resolve()
        if (self.root / MANIFEST_NAME).exists():
            Manifest.load(
                self.root
            )  # refuse to merge into a manifest that is already bad
            self.document = read_document(self.root)
        else:
            self.document = {"version": MANIFEST_VERSION, "pages": []}

    def save(self, page: Fetched) -> Path:
        """Write the body and the manifest entry (replacing one for the same URL)."""
        content_type = next(
            (v for k, v in page.headers.items() if k.lower() == "content-type"), None
        )
        name = file_name_for(page.url, content_type)
        path = resolve_inside(self.root, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page.body)
        entry = {
            "url": page.url,
            "file": name,
            "status": page.status,
            "headers": page.headers,
        }
        pages = self.document["pages"]
        key = lookup_key(page.url)
        index = next(
            (i for i, old in enumerate(pages) if lookup_key(old["url"]) == key),
            None,
        )
        if index is None:
            pages.append(entry)
        else:
            pages[index] = entry
        write_document(self.root, self.document)
        return path


class Politeness:
    """What the crawler obeys, for the recorder: robots.txt and a delay per host.

    robots.txt per RFC 9309: 2xx its rules; 4xx (and a redirect, not followed here) no
    rules, everything allowed; 5xx or no answer at all: everything disallowed.
    """

    def __init__(
        self,
        *,
        delay: float = DEFAULT_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
        fetcher: Callable[..., Fetched] = fetch,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay, self.timeout = delay, timeout
        self._fetch, self._clock, self._sleep = fetcher, clock, sleep
        self._rules: dict[str, RobotFileParser | str] = {}
        self._last: dict[str, float] = {}

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids ``url``, or None when it may be fetched."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._rules:
            self._rules[origin] = self._load(origin)
        rules = self._rules[origin]
        if isinstance(rules, str):
            return rules
        if not rules.can_fetch(user_agent(), url):
            return f"disallowed by {origin}/robots.txt"
        return None

    def wait(self, url: str) -> None:
        """Sleep until ``delay`` has passed since the last request to this host."""
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            remaining = self.delay - (self._clock() - last)
            if remaining > 0:
                self._sleep(remaining)
        self._last[host] = self._clock()

    def _load(self, origin: str) -> RobotFileParser | str:
        robots_url = f"{origin}/robots.txt"
        self.wait(robots_url)
        rules = RobotFileParser(robots_url)
        try:
            answer = self._fetch(robots_url, timeout=self.timeout, max_bytes=500 * 1024)
        except FetchError as exc:
            return f"{robots_url} did not answer ({exc}): nothing is fetched from {origin}"
        if answer.status >= 500:
            return (
                f"{robots_url} answered HTTP {answer.status}: the site disallows "
                "everything until it answers (RFC 9309)"
            )
        if 200 <= answer.status < 300:
            rules.parse(answer.body.decode("utf-8", "replace").splitlines())
        else:
            rules.parse([])  # 3xx/4xx: no rules
        return rules
