"""Build the fixture folder: articles/, pages/ and manifest.json from specs/ (deterministically)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.fixturesite import listing
from crawler.fixturesite.expected import expected_json
from crawler.fixturesite.markup import slugify
from crawler.fixturesite.site import Site, SiteResponse
from crawler.fixturesite.spec import SITE, load_specs
from crawler.fixturesite.static_pages import PAGES as STATIC_PAGES

if TYPE_CHECKING:
    from crawler.fixturesite.entry import Entry

REST_SIZES = (10, 100)
NOTICE_IDS = (61, 62, 63)
_EXTENSIONS = {
    "text/html": ".html",
    "application/rss+xml": ".xml",
    "application/json": ".json",
    "text/plain": ".txt",
}


@dataclass
class BuildReport:
    """What a build wrote: page counts per kind and total bytes."""

    counts: Counter = field(default_factory=Counter)
    sizes: dict[str, list[int]] = field(default_factory=dict)

    def add(self, kind: str, size: int) -> None:
        self.counts[kind] += 1
        self.sizes.setdefault(kind, []).append(size)

    def lines(self) -> list[str]:
        out = []
        for kind, count in sorted(self.counts.items()):
            sizes = self.sizes[kind]
            out.append(
                f"{kind}: {count} (min {min(sizes) // 1024} KB, max {max(sizes) // 1024} KB)"
            )
        return out


def build(root: Path) -> BuildReport:
    """Render every spec and every static page into ``root``; return what was written."""
    root = Path(root).resolve()
    specs = load_specs(root / "specs")
    site = Site(specs)
    report = BuildReport()
    pages: list[dict] = []
    written: set[Path] = set()
    for spec in sorted(specs, key=lambda s: s.url):
        html_file = root / "articles" / f"{spec.slug}.html"
        response = site.respond(spec.url[len(SITE) :])
        _write(html_file, response.body, written)
        expected = json.dumps(expected_json(spec), ensure_ascii=False, indent=2) + "\n"
        _write(
            root / "articles" / f"{spec.slug}.json", expected.encode("utf-8"), written
        )
        pages.append(_manifest_entry(spec.url, html_file, root, response))
        report.add(f"article ({spec.template})", len(response.body))
    for kind, path in static_paths(site):
        response = site.respond(path)
        if response.status != 200:
            raise RuntimeError(f"build: {path} answered {response.status}")
        file = root / "pages" / _file_name(path, response.headers["Content-Type"])
        _write(file, response.body, written)
        pages.append(_manifest_entry(SITE + path, file, root, response))
        report.add(kind, len(response.body))
    not_found = site.respond("/english/this-page-does-not-exist/")
    _write(root / "pages" / "404.html", not_found.body, written)
    report.add("404 page", len(not_found.body))
    manifest = (
        json.dumps({"version": 1, "pages": pages}, ensure_ascii=False, indent=1) + "\n"
    )
    _write(root / "manifest.json", manifest.encode("utf-8"), written)
    _remove_stale(root, written)
    return report


def static_paths(site: Site) -> list[tuple[str, str]]:
    """(kind, path) of every non-article page the offline site publishes in the manifest."""
    entries = site.visible_entries
    paths = [("home", "/english/"), ("feed", "/english/feed/"), ("comments feed", "/english/comments/feed/"),
             ("robots.txt", "/robots.txt"), ("faq", "/english/faq/"), ("notices", "/english/notices/")]  # fmt: skip
    paths += [
        ("notices", f"/english/notices/?mod=document&uid={n}") for n in NOTICE_IDS
    ]
    paths += [("static page", f"/english/{page.slug}/") for page in STATIC_PAGES]
    terms = {
        "category": sorted({slugify(c) for e in entries for c in e.categories}),
        "tag": sorted({slugify(t) for e in entries for t in e.tags}),
        "author": sorted({login for e in entries for _, login in e.authors if login}),
    }
    for kind, keys in terms.items():
        for key in keys:
            count = sum(1 for e in entries if _has_term(e, kind, key))
            for n in range(1, listing.page_count(count) + 1):
                suffix = f"page/{n}/" if n > 1 else ""
                paths.append((f"{kind} listing", f"/english/{kind}/{key}/{suffix}"))
    paths.append(("rest list", "/english/wp-json/wp/v2/posts"))
    for size in REST_SIZES:
        for n in range(1, max(1, -(-len(entries) // size)) + 1):
            paths.append(
                ("rest list", f"/english/wp-json/wp/v2/posts?per_page={size}&page={n}")
            )
    paths += [
        ("rest post", f"/english/wp-json/wp/v2/posts/{e.post_id}") for e in entries
    ]
    return paths


def _has_term(entry: Entry, kind: str, key: str) -> bool:
    if kind == "author":
        return any(login == key for _, login in entry.authors)
    terms = entry.categories if kind == "category" else entry.tags
    return any(slugify(t) == key for t in terms)


def _file_name(path: str, content_type: str) -> str:
    """A readable, safe file name for a URL path: folders for segments, the query flattened."""
    raw_path, _, query = path.partition("?")
    segments = [s for s in raw_path.split("/") if s and s != "english"]
    stem = "/".join(segments) or "home"
    if query:
        stem += "/" + re.sub(r"[^A-Za-z0-9]+", "-", query)
    elif raw_path.endswith("/") and segments:
        stem += "/index"
    if segments and "." in segments[-1] and not query:
        return stem  # robots.txt keeps its own name
    return stem + _EXTENSIONS.get(content_type.split(";")[0], ".bin")


def _manifest_entry(url: str, file: Path, root: Path, response: SiteResponse) -> dict:
    return {
        "url": url,
        "file": file.relative_to(root).as_posix(),
        "status": response.status,
        "headers": response.headers,
    }


def _write(path: Path, data: bytes, written: set[Path]) -> None:
    """Write only when the bytes differ, so an unchanged rebuild leaves mtimes alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    written.add(path.resolve())


def _remove_stale(root: Path, written: set[Path]) -> None:
    """Delete generated files that no spec or page produces any more (renamed specs)."""
    for folder in ("articles", "pages"):
        for path in sorted((root / folder).rglob("*"), reverse=True):
            if path.is_file() and path.resolve() not in written:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
