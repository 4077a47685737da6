"""The offline site as a whole: answers any path of www.dailynk.com from the visible article set.

Article pages come from the fixture files (or are rendered from a spec or the synthetic
archive when no file exists); listings, the feed, REST, the 404 page and the other
non-article pages are rendered from the *visible* articles, so ``hold_back=K`` hides the K
newest articles everywhere until ``publish_next()``. No request path is ever turned into a
file path: files are only those the manifest names, checked to lie inside the fixture root.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode

from crawler.fixturesite import home, listing, pages, rest
from crawler.fixturesite.article import render_article
from crawler.fixturesite.entry import Entry, entry_of
from crawler.fixturesite.feed import FEED_SIZE, comments_feed_xml, feed_xml
from crawler.fixturesite.markup import etag_for, http_date, slugify
from crawler.fixturesite.spec import HOME, SITE, ArticleSpec, AuthorSpec, load_specs
from crawler.fixturesite.static_pages import BY_SLUG as STATIC_PAGES
from crawler.fixturesite.synthetic import SyntheticArchive

HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
TEXT = "text/plain; charset=utf-8"
_SAFE_STATUS = (200, 301, 304, 400, 404)


@dataclass(frozen=True, slots=True)
class SiteResponse:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class StoredPage:
    """A manifest entry: a file inside the root, with the status and headers it was saved with."""

    file: Path
    status: int
    headers: dict[str, str]


class Site:
    """www.dailynk.com/english/ rendered from fixtures plus an optional synthetic archive."""

    def __init__(
        self,
        specs: Sequence[ArticleSpec],
        *,
        stored: dict[str, StoredPage] | None = None,
        archive: int = 0,
        hold_back: int = 0,
        seed: int = 0,
    ) -> None:
        self._stored = stored or {}
        self._specs = {spec.url: spec for spec in specs}
        self._synthetic = SyntheticArchive(archive, seed=seed)
        entries = [entry_of(s) for s in specs] + self._synthetic.entries()
        self._all = sorted(entries, key=lambda e: e.sort_key, reverse=True)
        self._position = {e.url: i for i, e in enumerate(self._all)}
        self._by_slug = {e.slug: e for e in self._all}
        self._hidden = [e.url for e in self._all[: max(0, hold_back)]]
        self._authors = _authors_by_login(specs)
        self._refresh()

    @classmethod
    def from_fixtures(
        cls, root: Path, *, archive: int = 0, hold_back: int = 0, seed: int = 0
    ) -> Site:
        """The site of a fixture folder (``fixtures/dailynk``): its specs and its manifest."""
        root = Path(root).resolve()
        specs_dir = root / "specs"
        specs = load_specs(specs_dir) if specs_dir.is_dir() else []
        return cls(
            specs,
            stored=load_manifest(root),
            archive=archive,
            hold_back=hold_back,
            seed=seed,
        )

    # -- the public API ---------------------------------------------------------------

    @property
    def held_back(self) -> list[str]:
        return list(self._hidden)

    @property
    def article_urls(self) -> list[str]:
        return [e.url for e in self._visible]

    @property
    def visible_entries(self) -> list[Entry]:
        """The visible articles, newest first (listing metadata only, no bodies)."""
        return list(self._visible)

    def publish_next(self) -> str | None:
        """Make the oldest held-back article visible everywhere; return its URL."""
        if not self._hidden:
            return None
        url = self._hidden.pop()
        self._refresh()
        return url

    def respond(self, path_and_query: str) -> SiteResponse:
        """Answer a request for a path (and query) of www.dailynk.com, as the real site would."""
        raw_path, _, query = path_and_query.partition("?")
        path = unquote(raw_path)
        if not raw_path.startswith("/") or _unsafe(path):
            return self._not_found()
        routed = self._route(path, query)
        if routed is not None:
            return routed
        stored = self._stored.get(SITE + path_and_query)
        if stored is not None and stored.status in _SAFE_STATUS:
            return SiteResponse(
                stored.status, dict(stored.headers), stored.file.read_bytes()
            )
        return self._not_found()

    # -- routing ------------------------------------------------------------------------

    def _route(self, path: str, query: str) -> SiteResponse | None:
        if path == "/robots.txt":
            return _ok(pages.ROBOTS_TXT.encode(), TEXT, self._newest_date())
        if path == "/english":
            return _redirect(HOME)
        if not path.startswith("/english/"):
            return None
        rest_of_path = path[len("/english/") :]
        params = parse_qs(query, keep_blank_values=True)
        if rest_of_path.startswith("wp-json/"):
            return self._rest(rest_of_path[len("wp-json/") :], params)
        parts = rest_of_path.split("/")
        if parts[-1] and "." not in parts[-1] and not query:
            # WordPress adds a missing trailing slash to any URL that exists.
            found = self._route(path + "/", query)
            return (
                _redirect(f"{HOME}{rest_of_path}/")
                if found and found.status != 404
                else found
            )
        parts = [p for p in parts if p]
        handler = self._handlers().get(parts[0] if parts else "")
        if handler is not None:
            return handler(parts[1:], params) or self._not_found()
        if parts and parts[0] in self._by_slug:
            return self._article_route(parts, params) or self._not_found()
        if len(parts) == 1 and parts[0] in STATIC_PAGES:
            return self._html(pages.static_page_html(STATIC_PAGES[parts[0]], self._recent()))
        return None  # not a path this site generates: the manifest may still have it

    def _handlers(
        self,
    ) -> dict[str, Callable[[list[str], dict[str, list[str]]], SiteResponse | None]]:
        return {
            "": self._home,
            "feed": self._feed,
            "comments": self._comments,
            "category": lambda p, q: self._archive("category", p),
            "tag": lambda p, q: self._archive("tag", p),
            "author": lambda p, q: self._archive("author", p),
            "faq": lambda p, q: (
                None if p else self._html(pages.faq_html(self._recent()))
            ),
            "notices": self._notices,
        }

    def _home(
        self, parts: list[str], params: dict[str, list[str]]
    ) -> SiteResponse | None:
        if parts:
            return (
                None  # /english/page/N/: the front page is a static page without paging
            )
        if "p" in params:  # shortlink ?p=ID
            entry = next(
                (e for e in self._visible if str(e.post_id) == params["p"][0]), None
            )
            return _redirect(entry.url) if entry else self._not_found()
        return self._html(home.home_html(self._recent()))

    def _feed(
        self, parts: list[str], params: dict[str, list[str]]
    ) -> SiteResponse | None:
        if parts:
            return None
        items = [(e, self._spec_of(e)) for e in self._visible[:FEED_SIZE]]
        return _ok(feed_xml(items).encode(), RSS, self._newest_date())

    def _comments(
        self, parts: list[str], params: dict[str, list[str]]
    ) -> SiteResponse | None:
        if parts != ["feed"]:
            return None
        return _ok(
            comments_feed_xml(self._newest_date()).encode(), RSS, self._newest_date()
        )

    def _notices(
        self, parts: list[str], params: dict[str, list[str]]
    ) -> SiteResponse | None:
        if parts:
            return None
        uid = params.get("uid", [""])[0]
        if params.get("mod", [""])[0] == "document" and uid.isdigit():
            html = pages.notices_html(self._recent(), int(uid))
        else:
            html = pages.notices_html(self._recent(), None)
        return self._html(html) if html else self._not_found()

    def _article_route(
        self, parts: list[str], params: dict[str, list[str]]
    ) -> SiteResponse | None:
        entry = self._by_slug.get(parts[0]) if parts else None
        if entry is None or entry.url in self._hidden:
            return None
        if len(parts) == 1:
            return self._article(entry)
        if parts[1:] == ["embed"]:
            return self._html(pages.embed_html(entry), entry)
        if parts[1:] == ["feed"]:
            return _ok(
                comments_feed_xml(entry.published).encode(), RSS, entry.published
            )
        return None

    def _article(self, entry: Entry) -> SiteResponse:
        stored = self._stored.get(entry.url)
        if stored is not None and stored.status == 200:
            return SiteResponse(200, dict(stored.headers), stored.file.read_bytes())
        position = self._position[entry.url]
        if entry.synthetic is None:
            # A fixture page is a snapshot from its publication: it links only older fixtures.
            older = [e for e in self._all[position + 1 :] if e.synthetic is None][:400]
        else:
            older = self._all[position + 1 : position + 401]
        html = render_article(self._spec_of(entry), older, entry)
        return self._html(html, entry)

    # -- archives -----------------------------------------------------------------------

    def _archive(self, kind: str, parts: list[str]) -> SiteResponse | None:
        if not parts:
            return None
        key, rest_parts = parts[0], parts[1:]
        page_no = 1
        if rest_parts:
            if (
                len(rest_parts) != 2
                or rest_parts[0] != "page"
                or not rest_parts[1].isdigit()
            ):
                return None
            page_no = int(rest_parts[1])
            if page_no == 1:
                return _redirect(f"{HOME}{kind}/{key}/")
        members, name = self._members(kind, key)
        pages_total = listing.page_count(len(members))
        if not members or not 1 <= page_no <= pages_total:
            return None
        start = (page_no - 1) * listing.PER_PAGE
        archive = listing.Archive(
            kind=kind,
            name=name,
            base_url=f"{HOME}{kind}/{key}/",
            items=members[start : start + listing.PER_PAGE],
            page_no=page_no,
            pages=pages_total,
            total=len(members),
            description=self._author_bio(key) if kind == "author" else "",
        )
        return self._html(listing.archive_html(archive, self._recent()), *archive.items)

    def _members(self, kind: str, key: str) -> tuple[list[Entry], str]:
        if kind == "author":
            members = [
                e for e in self._visible if any(login == key for _, login in e.authors)
            ]
            name = (
                next((n for n, login in members[0].authors if login == key), key)
                if members
                else key
            )
            return members, name
        members, name = [], key
        for e in self._visible:
            terms = e.categories if kind == "category" else e.tags
            match = next((t for t in terms if slugify(t) == key), None)
            if match is not None:
                members.append(e)
                name = match
        return members, name

    def _author_bio(self, login: str) -> str:
        from crawler.fixturesite.article_parts import bio_html

        author = self._authors.get(login)
        return bio_html(author, "author-page") if author and author.bio else ""

    # -- REST -----------------------------------------------------------------------------

    def _rest(self, route: str, params: dict[str, list[str]]) -> SiteResponse:
        route = route.rstrip("/")
        if route == "wp/v2/posts":
            return self._rest_list(params)
        if route.startswith("wp/v2/posts/") and route[len("wp/v2/posts/") :].isdigit():
            post_id = int(route[len("wp/v2/posts/") :])
            entry = next((e for e in self._visible if e.post_id == post_id), None)
            if entry is None:
                return _json(
                    rest.error_json("rest_post_invalid_id", "Invalid post ID.", 404),
                    404,
                )
            body = rest.encode(rest.post_json(entry, self._spec_of(entry)))
            return _json(body, 200, last_modified=http_date(entry.updated))
        return _json(
            rest.error_json(
                "rest_no_route",
                "No route was found matching the URL and request method",
                404,
            ),
            404,
        )

    def _rest_list(self, params: dict[str, list[str]]) -> SiteResponse:
        per_page, page_no = (
            _int_param(params, "per_page", 10),
            _int_param(params, "page", 1),
        )
        if per_page is None or not 1 <= per_page <= rest.MAX_PER_PAGE:
            return _json(
                _invalid(
                    "per_page",
                    "per_page must be between 1 (inclusive) and 100 (inclusive)",
                ),
                400,
            )
        if page_no is None or page_no < 1:
            return _json(
                _invalid("page", "page must be greater than or equal to 1"), 400
            )
        matches = _rest_filter(self._visible, params)
        if matches is None:
            return _json(_invalid("after", "Invalid date."), 400)
        total = len(matches)
        pages_total = -(-total // per_page)
        if page_no > max(pages_total, 1):
            return _json(rest.error_json("rest_post_invalid_page_number",
                                         "The page number requested is larger than the number of pages available.", 400), 400)  # fmt: skip
        chosen = matches[(page_no - 1) * per_page : page_no * per_page]
        body = rest.encode([rest.post_json(e, self._spec_of(e)) for e in chosen])
        headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages_total)}
        links = _rest_links(params, page_no, pages_total)
        if links:
            headers["Link"] = links
        newest = max((e.updated for e in chosen), default=None)
        return _json(
            body,
            200,
            last_modified=http_date(newest) if newest else None,
            extra=headers,
        )

    # -- helpers ----------------------------------------------------------------------------

    def _refresh(self) -> None:
        hidden = set(self._hidden)
        self._visible = [e for e in self._all if e.url not in hidden]

    def _recent(self) -> list[Entry]:
        return self._visible[:400]

    def _newest_date(self):
        return self._visible[0].updated if self._visible else pages._DEFAULT_DATE

    def _spec_of(self, entry: Entry) -> ArticleSpec:
        if entry.synthetic is not None:
            return self._synthetic.spec(entry.synthetic)
        return self._specs[entry.url]

    def _html(self, html: str, *entries: Entry) -> SiteResponse:
        changed = max((e.updated for e in entries), default=None) or self._newest_date()
        return _ok(html.encode("utf-8"), HTML, changed)

    def _not_found(self) -> SiteResponse:
        body = pages.not_found_html(self._recent()).encode("utf-8")
        return SiteResponse(
            404,
            {
                "Content-Type": HTML,
                "Cache-Control": "no-cache, must-revalidate, max-age=0",
            },
            body,
        )


def load_manifest(root: Path) -> dict[str, StoredPage]:
    """manifest.json's pages by URL; an entry whose file leaves the root is an error."""
    path = root / "manifest.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    stored = {}
    for page in data.get("pages", []):
        file = (root / page["file"]).resolve()
        if not file.is_relative_to(root) or not file.is_file():
            raise ValueError(
                f"manifest.json: {page['file']!r} is not a file inside {root}"
            )
        stored[page["url"]] = StoredPage(
            file, int(page["status"]), dict(page["headers"])
        )
    return stored


def _unsafe(path: str) -> bool:
    """Dot segments, backslashes and NULs never name a page (and never reach the file system)."""
    segments = path.split("/")
    return any(s in (".", "..") for s in segments) or "\\" in path or "\x00" in path


def _ok(body: bytes, content_type: str, changed) -> SiteResponse:
    headers = {
        "Content-Type": content_type,
        "Last-Modified": http_date(changed),
        "ETag": etag_for(body),
    }
    return SiteResponse(200, headers, body)


def _redirect(location: str) -> SiteResponse:
    return SiteResponse(301, {"Location": location, "Content-Type": HTML}, b"")


def _json(
    body: bytes,
    status: int,
    *,
    last_modified: str | None = None,
    extra: dict[str, str] | None = None,
) -> SiteResponse:
    headers = {"Content-Type": JSON, "ETag": etag_for(body), "Allow": "GET"}
    if last_modified:
        headers["Last-Modified"] = last_modified
    headers.update(extra or {})
    return SiteResponse(status, headers, body)


def _invalid(param: str, message: str) -> bytes:
    return rest.error_json(
        "rest_invalid_param",
        f"Invalid parameter(s): {param}",
        400,
        params={param: message},
    )


def _int_param(params: dict[str, list[str]], name: str, default: int) -> int | None:
    values = params.get(name)
    if not values:
        return default
    return int(values[0]) if values[0].isdigit() else None


def _rest_filter(
    entries: list[Entry], params: dict[str, list[str]]
) -> list[Entry] | None:
    """Apply after/before/search/slug/categories/tags; None when a date is malformed."""
    from datetime import datetime

    out = entries
    for name, keep in (
        ("after", lambda e, d: e.published > d),
        ("before", lambda e, d: e.published < d),
    ):
        if name in params:
            try:
                limit = datetime.fromisoformat(params[name][0]).replace(tzinfo=None)
            except ValueError:
                return None
            out = [e for e in out if keep(e, limit)]
    if "search" in params:
        needle = params["search"][0].lower()
        out = [
            e for e in out if needle in e.title.lower() or needle in e.excerpt.lower()
        ]
    if "slug" in params:
        out = [e for e in out if e.slug in params["slug"][0].split(",")]
    if "categories" in params:
        wanted = set(params["categories"][0].split(","))
        out = [
            e for e in out if wanted & {str(rest.category_id(c)) for c in e.categories}
        ]
    if "tags" in params:
        wanted = set(params["tags"][0].split(","))
        out = [e for e in out if wanted & {str(rest.tag_id(t)) for t in e.tags}]
    return out


def _rest_links(params: dict[str, list[str]], page_no: int, pages_total: int) -> str:
    def url(n: int) -> str:
        query = urlencode(
            [(k, v[0]) for k, v in sorted(params.items()) if k != "page"]
            + [("page", n)]
        )
        return f"<{rest.API}/posts?{query}>"

    links = []
    if page_no > 1:
        links.append(f'{url(page_no - 1)}; rel="prev"')
    if page_no < pages_total:
        links.append(f'{url(page_no + 1)}; rel="next"')
    return ", ".join(links)


def _authors_by_login(specs: Sequence[ArticleSpec]) -> dict[str, AuthorSpec]:
    """The newest spec's author record for each login (the author page shows that bio)."""
    authors: dict[str, AuthorSpec] = {}
    for spec in sorted(specs, key=lambda s: s.published):
        for author in spec.authors:
            if author.login:
                authors[author.login] = author
    return authors
