"""What one crawl was asked to do and what it has done: a plain object, no Scrapy.

The runner builds a ``CrawlState`` (``CrawlState.from_settings``), hands it to the spider
and reads it when the crawl is over: which entry pages answered and why not, the walks
and their cursors, the validators worth keeping, the failures and notes its verdict is
made of. The spider only navigates: it builds the requests, parses the answers and tells
the state what it saw. The decisions that need no response are here, where they can be
tested without a crawler: read a walk's next page or stop, is a report older than
``--since``, are the listings due, which past failures to request again.

A ``Walk`` is one listing (or the REST API) being paginated; its ``cursor`` is where an
interrupted backfill resumes.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from crawler.items import FetchFailure, Report
from crawler.urls import Scope

if TYPE_CHECKING:
    from collections.abc import Iterable

MODES = ("incremental", "backfill", "fetch")
#: When the home page and listings were last read in full (the safety net's schedule).
LISTINGS_READ_KEY = "crawler.listings_read_at"
REST = "rest"  # the REST API's walk key


class Settings(Protocol):
    """The getters ``from_settings`` reads (Scrapy's ``Settings`` has them)."""

    def get(self, name: str, default: Any = None) -> Any: ...
    def getint(self, name: str, default: int = 0) -> int: ...
    def getfloat(self, name: str, default: float = 0.0) -> float: ...
    def getbool(self, name: str, default: bool = False) -> bool: ...
    def getlist(self, name: str, default: Any = None) -> list[Any]: ...


@dataclasses.dataclass(slots=True)
class Walk:
    """One listing (or the REST API) being paginated in this run."""

    key: str  # canonical URL of the listing's page 1, or "rest"
    start_page: int = 1
    pages_read: int = 0
    complete: bool = False  # reached the end, the stop rule, or ``since``
    cut_short: bool = False  # stopped early (max pages, a failed page): not complete
    pending: dict[int, set[str]] = dataclasses.field(default_factory=dict)
    deferred: tuple[str, int] | None = None  # next page left to the REST walk

    @property
    def cursor(self) -> int | None:
        """The first page not fully done (its articles all handled); None when finished."""
        unfinished = [page for page, urls in self.pending.items() if urls]
        if self.complete and not unfinished:
            return None
        return min([*unfinished, self.start_page + self.pages_read])


class Next(enum.Enum):
    """What a walk does after a page: read the next one, or stop (done or cut short)."""

    READ = "read the next page"
    DONE = "complete"
    LIMIT = "cut short by the page limit"


@dataclasses.dataclass(slots=True, kw_only=True)
class CrawlState:
    """One crawl's plan (the first fields) and its record (the rest)."""

    # -- the plan: what the run was asked to do ----------------------------------------
    base_url: str  # the scope's base URL: the home page, and the key of kept state
    mode: str = "incremental"
    listings: list[str] = dataclasses.field(default_factory=list)  # besides the home
    since: date | None = None  # backfill: nothing published before it
    max_pages: int | None = None  # pages per walk, any mode
    refresh_days: int | None = None  # request the stored articles of the last N days
    fetch_urls: list[str] = dataclasses.field(default_factory=list)  # fetch mode
    start_pages: dict[str, int] = dataclasses.field(default_factory=dict)  # backfill
    old_validators: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    incremental_max_pages: int = 20
    incremental_max_rest_pages: int = 3
    per_page: int = 100  # REST posts a page
    feed_decides: bool = True
    recheck: bool = False  # request settled failures again too
    listings_due: bool = True  # the home page and listings are read this run
    now: datetime | None = None  # the crawl's clock, for the listings schedule

    # -- the record: what the run did -------------------------------------------------
    # entry page -> None once answered, else why not
    entries: dict[str, str | None] = dataclasses.field(default_factory=dict)
    # why the run is partial or failed, in words for its verdict (first one shown)
    notes: list[str] = dataclasses.field(default_factory=list)
    blocked: str | None = None  # robots.txt keeps us out: the run's error
    links_found: int = 0
    not_modified: int = 0  # entry pages answered 304
    empty_listings: list[str] = dataclasses.field(default_factory=list)
    walks: dict[str, Walk] = dataclasses.field(default_factory=dict)
    validators: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    failures: list[FetchFailure] = dataclasses.field(default_factory=list)
    reports: list[Report] = dataclasses.field(default_factory=list)  # fetch mode only
    requested: set[str] = dataclasses.field(default_factory=set)  # article URLs
    followed_up: bool = False  # the listings and past failures were asked for
    # backfill: article URL -> the walk and page that named it (for the cursor)
    article_page: dict[str, tuple[Walk, int]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}: {self.mode!r}")

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        now: datetime,
        listings_read: Any = None,
        mode: str = "incremental",
        since: date | str | None = None,
        max_pages: int | str | None = None,
        refresh_days: int | str | None = None,
        urls: Iterable[str] = (),
        start_pages: dict[str, int] | None = None,
        validators: dict[str, dict[str, str]] | None = None,
    ) -> CrawlState:
        """The plan of one crawl from the project settings and the run's options.

        ``listings_read``: the value kept under ``LISTINGS_READ_KEY`` (None if none).
        Strings are accepted where ``scrapy crawl -a NAME=VALUE`` passes them.
        """
        scope = Scope.from_base_url(settings.get("NKWATCH_BASE_URL"))
        listings = [scope.url(p) for p in settings.getlist("NKWATCH_DEFAULT_LISTINGS")]
        listings += settings.getlist("NKWATCH_LISTING_URLS")
        canonical = (scope.listing_url(u) for u in listings)
        state = cls(
            base_url=scope.base_url,
            mode=mode,
            listings=[u for u in dict.fromkeys(canonical) if u],
            since=date.fromisoformat(since) if isinstance(since, str) else since,
            max_pages=int(max_pages) if max_pages else None,
            refresh_days=int(refresh_days) if refresh_days else None,
            fetch_urls=list(urls),
            start_pages=start_pages or {},
            old_validators=validators or {},
            incremental_max_pages=settings.getint("NKWATCH_INCREMENTAL_MAX_PAGES"),
            incremental_max_rest_pages=settings.getint(
                "NKWATCH_INCREMENTAL_MAX_REST_PAGES"
            ),
            per_page=settings.getint("NKWATCH_REST_PER_PAGE", 100),
            feed_decides=settings.getbool("NKWATCH_FEED_DECIDES", True),
            recheck=settings.getbool("NKWATCH_RECHECK_FAILURES"),
            now=now,
        )
        every = settings.getfloat("NKWATCH_LISTINGS_EVERY", 6 * 3600)
        state.listings_due = state.listings_due_after(listings_read, every)
        return state

    # -- the listings' schedule -------------------------------------------------------

    @property
    def listing_starts(self) -> list[str]:
        """The first pages of the safety net: the home page, then each listing."""
        return [self.base_url, *self.listings]

    def listings_due_after(self, kept: Any, every: float) -> bool:
        """Incremental runs read the listings when the last full read is ``every`` s old.

        ``kept``: the value kept under ``LISTINGS_READ_KEY``; another site's is ignored.
        """
        if self.mode != "incremental" or not self.feed_decides or every <= 0:
            return True
        if not isinstance(kept, dict) or kept.get("base_url") != self.base_url:
            return True
        try:
            last = datetime.fromisoformat(kept["at"])
        except (KeyError, TypeError, ValueError):
            return True
        if self.now is None:
            return True
        return not 0 <= (self.now - last).total_seconds() < every

    def listings_read_in_full(self) -> bool:
        """This incremental run read the home page and every listing to their stop."""
        if self.mode != "incremental":
            return False
        rest = self.walks.get(REST)
        rest_done = rest is not None and not rest.cut_short
        for first in self.listing_starts:
            walk = self.walks.get(first)
            if walk is None or walk.cut_short:
                return False
            # a listing that left its next pages to the REST walk was read by it
            if not (walk.complete or (walk.deferred is not None and rest_done)):
                return False
        return True

    def listings_read_value(self) -> dict[str, str]:
        """What ``LISTINGS_READ_KEY`` keeps after a full read: this site, this time."""
        at = self.now.isoformat() if self.now else ""
        return {"base_url": self.base_url, "at": at}

    def take_listings_due(self) -> bool:
        """The REST walk that stood in for the listings failed: are they due now?

        True once, in an incremental run whose listings were not due: the feed named no
        known article, so more may be new than it shows.
        """
        if self.mode != "incremental" or self.listings_due:
            return False
        self.listings_due = True
        return True

    def follow_up_once(self) -> bool:
        """True the first time: the listings and past failures are asked for once."""
        if self.followed_up:
            return False
        self.followed_up = True
        return True

    # -- walks ------------------------------------------------------------------------

    def start_walk(self, key: str, start_page: int = 1) -> Walk:
        walk = self.walks[key] = Walk(key, start_page=start_page)
        return walk

    def listing_start_page(self, first: str) -> int:
        """Where a listing's walk starts: a backfill resumes, other runs read page 1."""
        return self.start_pages.get(first, 1) if self.mode == "backfill" else 1

    def page_limit(self, walk: Walk) -> int | None:
        if self.max_pages:
            return self.max_pages
        if self.mode != "incremental":
            return None
        if walk.key == REST:
            return self.incremental_max_rest_pages
        return self.incremental_max_pages

    def before_since(self, oldest: date | None) -> bool:
        return bool(self.since and oldest and oldest < self.since)

    def next_step(
        self,
        walk: Walk,
        page: int,
        *,
        next_page: str | None,
        oldest: date | None,
        found_new: bool,
    ) -> Next:
        """After ``page`` of ``walk``: read on, or stop (the walk marked complete or cut
        short; an incremental run cut short by the page limit says so in ``notes``)."""
        if next_page is None or self.before_since(oldest):
            walk.complete = True
            return Next.DONE
        if self.mode == "incremental" and not found_new:
            walk.complete = True  # the stop rule: this page held nothing new
            return Next.DONE
        if walk.pages_read >= (self.page_limit(walk) or walk.pages_read + 1):
            walk.cut_short = True
            if self.mode == "incremental":
                if walk.key == REST:
                    self.notes.append(
                        f"first run capped at {page * self.per_page} articles: run "
                        "`nkwatch crawl --backfill` for the rest"
                    )
                else:
                    self.notes.append(
                        f"stopped {walk.key} at page {page} (page limit) with new "
                        "articles left: run `nkwatch crawl --backfill` for the rest"
                    )
            return Next.LIMIT
        return Next.READ

    def defers_to_rest(self) -> bool:
        """An incremental listing leaves its next pages to a REST walk (it sees them all)."""
        return REST in self.walks and self.mode == "incremental"

    def take_deferred(self) -> list[tuple[str, str, int]]:
        """The next pages the listings left to the REST walk, as (walk, url, page)."""
        taken = []
        for walk in self.walks.values():
            if walk.deferred is not None:
                url, page = walk.deferred
                walk.deferred = None
                taken.append((walk.key, url, page))
        return taken

    def drop_rest_walk(self, first_url: str) -> Walk:
        """The site refuses the REST API: its walk, and its entry page, are forgotten."""
        self.entries.pop(first_url, None)
        return self.walks.pop(REST)

    @property
    def cursors(self) -> dict[str, int]:
        """Backfill: per walk, the first page not fully done (finished walks are left out)."""
        cursors = {key: walk.cursor for key, walk in self.walks.items()}
        return {key: page for key, page in cursors.items() if page is not None}

    @property
    def cut_short(self) -> bool:
        return any(walk.cut_short for walk in self.walks.values())

    # -- entry pages ------------------------------------------------------------------

    def entry_requested(self, url: str) -> None:
        self.entries[url] = "no answer"

    def entry_answered(
        self, url: str, validators: dict[str, str], *, not_modified: bool
    ) -> bool:
        """Record an entry page's answer; False if ``url`` is no entry page."""
        if url not in self.entries:
            return False
        self.entries[url] = None
        if not_modified:
            self.not_modified += 1
        elif validators:
            self.validators[url] = validators
        return True

    def entry_failed(self, url: str, reason: str, walk: Walk | None = None) -> bool:
        """Record why an entry page failed; False if ``url`` is no entry page.

        A listing's failure is a note for the verdict (a ``--listing`` that answers 404).
        """
        if url not in self.entries:
            return False
        self.entries[url] = reason
        if walk is not None and walk.key in self.listings:
            self.notes.append(f"listing {url} answered {reason}")
        return True

    def any_entry_answered(self) -> bool:
        return any(error is None for error in self.entries.values())

    def unreachable(self) -> str | None:
        """Why the site never answered, or None if any entry page did."""
        if not self.entries or self.any_entry_answered():
            return None
        return next(iter(self.entries.values()))

    def nothing_found(self) -> bool:
        """Entry pages answered, yet named no article link (a layout change?)."""
        answered = [url for url, error in self.entries.items() if error is None]
        all_not_modified = self.not_modified >= len(answered)
        return bool(answered) and self.links_found == 0 and not all_not_modified

    def kept_validators(self) -> dict[str, dict[str, str]]:
        """Validators safe to reuse: pages whose every new article was stored or recorded.

        A listing cut short (page limit, a failed page) keeps no validator, or the next
        run would get a 304 and never see the articles it did not reach. A REST walk cut
        short (it stood in for the feed and the listings' next pages) keeps none at all.
        """
        walks = {walk.key: walk for walk in self.walks.values()}
        if REST in walks and walks[REST].cut_short:
            return {}
        return {
            url: validators
            for url, validators in self.validators.items()
            if url not in walks or not walks[url].cut_short
        }

    # -- articles ---------------------------------------------------------------------

    def wants(self, url: str) -> bool:
        """Not requested yet in this run."""
        return url not in self.requested

    def article_requested(
        self, url: str, walk: Walk | None = None, page: int = 0
    ) -> None:
        """Keep ``url`` as requested; a backfill also keeps the page that named it."""
        self.requested.add(url)
        if walk is not None and self.mode == "backfill":
            walk.pending.setdefault(page, set()).add(url)
            self.article_page[url] = (walk, page)

    def article_done(self, url: str) -> None:
        """``url`` was stored, dropped or recorded as failed: its page is done with it."""
        walk, page = self.article_page.pop(url, (None, 0))
        if walk is not None:
            walk.pending.get(page, set()).discard(url)

    def too_old(self, published: date) -> bool:
        """A backfill ``--since`` DATE stores nothing published (Korean date) before DATE."""
        return self.mode == "backfill" and bool(self.since) and published < self.since

    def failed(self, url: str, reason: str, kind: str = "transient") -> FetchFailure:
        failure = FetchFailure(url=url, reason=reason, kind=kind)
        self.failures.append(failure)
        return failure

    def to_request_again(
        self, failed: Iterable[str], recent: Iterable[str]
    ) -> list[str]:
        """Past failures, then (``refresh_days``) recent articles: each once, new to this run."""
        urls = [*failed, *recent]
        return [u for u in dict.fromkeys(urls) if self.wants(u)]
