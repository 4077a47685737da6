"""The fixture manifest (docs/fixtures.md): load it safely, look pages up by URL, write it back.

Safety rests on two rules. URLs are only ever looked up in the manifest, never turned into
file paths. Every ``file`` entry is resolved when the manifest is loaded and rejected unless
it is a regular file inside the fixture folder, so a bad manifest fails loudly at start-up.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from crawler.replay.reply import Reply, fallback_not_found, page_headers
from crawler.replay.urls import lookup_key

MANIFEST_NAME = "manifest.json"
#: The site's folder inside ``fixtures/``: callers may name either of the two.
SITE_DIR_NAME = "dailynk"
MANIFEST_VERSION = 1
#: Where the theme's 404 page is, when the manifest does not list a page with status 404.
NOT_FOUND_FILE = "pages/404.html"


class ManifestError(ValueError):
    """The manifest is missing, malformed or points outside the fixture folder."""


def find_site_root(directory: Path) -> Path:
    """Return the folder holding ``manifest.json``: ``directory`` or its ``dailynk/``."""
    for candidate in (directory, directory / SITE_DIR_NAME):
        if (candidate / MANIFEST_NAME).is_file():
            return candidate.resolve()
    raise ManifestError(
        f"no {MANIFEST_NAME} in {directory} or {directory / SITE_DIR_NAME}"
    )


@dataclass(frozen=True, slots=True)
class Page:
    """One manifest entry, with its file already resolved and checked."""

    url: str
    path: Path
    status: int
    headers: Mapping[str, str]


class Manifest:
    """The saved pages of one fixture folder, answering by URL."""

    def __init__(self, root: Path, pages: list[Page]) -> None:
        self.root = root
        self.pages = pages
        self._by_key: dict[str, Page] = {}
        for page in pages:
            key = lookup_key(page.url)
            if key is None:
                raise ManifestError(f"not an http(s) URL: {page.url!r}")
            if key in self._by_key:
                raise ManifestError(
                    f"{page.url} is listed twice (also as {self._by_key[key].url})"
                )
            self._by_key[key] = page

    @classmethod
    def load(cls, directory: Path) -> Manifest:
        """Load ``fixtures/`` or ``fixtures/dailynk/``; raise ManifestError if unusable."""
        root = find_site_root(directory)
        document = read_document(root)
        entries = document.get("pages")
        if not isinstance(entries, list):
            raise ManifestError(f"{root / MANIFEST_NAME}: 'pages' must be a list")
        pages = [_page(root, entry, index) for index, entry in enumerate(entries)]
        return cls(root, pages)

    def lookup(self, url: str) -> Page | None:
        key = lookup_key(url)
        return None if key is None else self._by_key.get(key)

    def respond(self, url: str) -> Reply:
        """Answer ``url`` as saved, or with the site's 404 page."""
        page = self.lookup(url)
        if page is None:
            return self.not_found()
        return Reply(page.status, page_headers(page.headers), page.path.read_bytes())

    @cached_property
    def _not_found(self) -> Reply:
        page = next((p for p in self.pages if p.status == 404), None)
        if page is not None:
            return Reply(404, page_headers(page.headers), page.path.read_bytes())
        try:
            path = resolve_inside(self.root, NOT_FOUND_FILE)
        except ManifestError:  # a symlinked pages/ pointing out: ignore it
            return fallback_not_found()
        if not path.is_file():
            return fallback_not_found()
        headers = {"Content-Type": "text/html; charset=UTF-8"}
        return Reply(404, headers, path.read_bytes())

    def not_found(self) -> Reply:
        """The site's 404 page: a manifest page with status 404, pages/404.html, or ours."""
        return self._not_found


def read_document(root: Path) -> dict[str, Any]:
    """Return the raw manifest of ``root`` (the folder holding manifest.json)."""
    path = root / MANIFEST_NAME
    try:
        document = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"cannot read {path}: {exc}") from None
    if not isinstance(document, dict):
        raise ManifestError(f"{path}: not a JSON object")
    if document.get("version") != MANIFEST_VERSION:
        raise ManifestError(f"{path}: unsupported version {document.get('version')!r}")
    return document


def write_document(root: Path, document: Mapping[str, Any]) -> None:
    """Replace ``root/manifest.json`` atomically (a crash never leaves half a manifest)."""
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".json", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(root / MANIFEST_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def resolve_inside(root: Path, relative: str) -> Path:
    """Return ``root/relative`` resolved, or raise ManifestError if it leaves ``root``.

    Absolute paths, ``..`` and symlinks pointing out are all rejected: the check is made
    on the resolved path, so no spelling of the name can escape.
    """
    if not relative or PurePosixPath(relative).is_absolute() or "\\" in relative:
        raise ManifestError(f"file {relative!r} must be a relative path")
    root = root.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or path == root:
        raise ManifestError(f"file {relative!r} is outside the fixture folder")
    return path


def _page(root: Path, entry: object, index: int) -> Page:
    where = f"{root / MANIFEST_NAME}: pages[{index}]"
    if not isinstance(entry, dict):
        raise ManifestError(f"{where}: not an object")
    url, file, status = entry.get("url"), entry.get("file"), entry.get("status", 200)
    headers = entry.get("headers", {})
    if not isinstance(url, str) or not isinstance(file, str):
        raise ManifestError(f"{where}: 'url' and 'file' must be strings")
    if not isinstance(status, int) or not 100 <= status <= 599:
        raise ManifestError(f"{where}: bad status {status!r}")
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise ManifestError(f"{where}: 'headers' must map strings to strings")
    try:
        path = resolve_inside(root, file)
    except ManifestError as exc:
        raise ManifestError(f"{where}: {exc}") from None
    if not path.is_file():
        raise ManifestError(f"{where}: file {file!r} does not exist")
    return Page(url=url, path=path, status=status, headers=headers)
