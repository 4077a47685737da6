"""The crawl's bookkeeping and decisions, driven without Scrapy: plain values in and out."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from crawler.crawlstate import REST, CrawlState, Next, Walk
from crawler.items import FetchFailure

BASE = "https://www.dailynk.com/english/"
NEWS = BASE + "category/news/"
FEED = BASE + "feed/"
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class Settings(dict):
    """The getters of Scrapy's Settings over a dict (the project's defaults + overrides)."""

    def get(self, name: str, default: Any = None) -> Any:
        return super().get(name, default)

    def getint(self, name: str, default: int = 0) -> int:
        return int(self.get(name, default))

    def getfloat(self, name: str, default: float = 0.0) -> float:
        return float(self.get(name, default))

    def getbool(self, name: str, default: bool = False) -> bool:
        return bool(self.get(name, default))

    def getlist(self, name: str, default: Any = None) -> list[Any]:
        return list(self.get(name, default or []))


def settings(**overrides: Any) -> Settings:
    values = {
        "NKWATCH_BASE_URL": BASE,
        "NKWATCH_DEFAULT_LISTINGS": ["category/news/"],
        "NKWATCH_LISTING_URLS": [],
        "NKWATCH_INCREMENTAL_MAX_PAGES": 20,
        "NKWATCH_INCREMENTAL_MAX_REST_PAGES": 3,
        "NKWATCH_LISTINGS_EVERY": 6 * 3600,
    }
    return Settings(values | overrides)


def plan(
    listings_read: Any = None, settings_: Settings | None = None, **options: Any
) -> CrawlState:
    return CrawlState.from_settings(
        settings_ or settings(), now=NOW, listings_read=listings_read, **options
    )


@pytest.mark.slow  # runs nkwatch in a child process
def test_the_state_module_imports_no_scrapy() -> None:
    code = "import sys, crawler.crawlstate; print('scrapy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_plan_reads_settings_and_the_arguments_scrapy_crawl_passes_as_strings() -> (
    None
):
    extra = settings(NKWATCH_LISTING_URLS=["http://dailynk.com/english/tag/prison"])
    state = plan(settings_=extra, mode="backfill", since="2024-05-01", max_pages="2")
    assert state.since == date(2024, 5, 1)
    assert state.max_pages == 2
    assert state.listings == [NEWS, BASE + "tag/prison/"]  # canonical, in order
    assert state.listing_starts == [BASE, NEWS, BASE + "tag/prison/"]


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode must be one of"):
        CrawlState(base_url=BASE, mode="everything")


# -- the listings' schedule ------------------------------------------------------------


def read_at(when: datetime, base_url: str = BASE) -> dict[str, str]:
    return {"base_url": base_url, "at": when.isoformat()}


@pytest.mark.parametrize(
    ("kept", "due"),
    [
        (None, True),  # never read
        (read_at(NOW - timedelta(hours=1)), False),
        (read_at(NOW - timedelta(hours=7)), True),  # older than the 6 h default
        (read_at(NOW - timedelta(hours=1), "http://127.0.0.1:8000/english/"), True),
        (read_at(NOW + timedelta(hours=1)), True),  # from the future: clock changed
        ({"base_url": BASE, "at": "yesterday"}, True),
    ],
)
def test_listings_are_due_when_their_last_full_read_is_old_enough(
    kept: Any, due: bool
) -> None:
    assert plan(listings_read=kept).listings_due is due


def test_backfills_and_every_0_always_read_the_listings() -> None:
    recent = read_at(NOW - timedelta(minutes=5))
    assert plan(listings_read=recent, mode="backfill").listings_due
    every_run = settings(NKWATCH_LISTINGS_EVERY=0)
    assert plan(listings_read=recent, settings_=every_run).listings_due


def test_a_full_read_needs_every_listing_complete_or_left_to_a_finished_rest_walk() -> (
    None
):
    state = plan()
    home, news = state.start_walk(BASE), state.start_walk(NEWS)
    home.complete = True
    assert not state.listings_read_in_full()  # the news listing is still open
    news.deferred = (NEWS + "page/2/", 2)
    rest = state.start_walk(REST)
    assert state.listings_read_in_full()  # its next pages are the REST walk's
    rest.cut_short = True
    assert not state.listings_read_in_full()
    assert state.listings_read_value() == read_at(NOW)


def test_when_the_rest_walk_fails_the_listings_become_due_once() -> None:
    state = plan(listings_read=read_at(NOW))
    assert not state.listings_due
    assert state.take_listings_due()
    assert not state.take_listings_due()  # already started


# -- walks -----------------------------------------------------------------------------


def test_a_walk_stops_at_its_last_page_or_at_since() -> None:
    state = plan(mode="backfill", since="2024-05-01")
    walk = state.start_walk(REST)
    walk.pages_read = 1
    assert (
        state.next_step(walk, 1, next_page=None, oldest=None, found_new=True)
        is Next.DONE
    )
    assert walk.complete
    walk = state.start_walk(NEWS)
    walk.pages_read = 1
    step = state.next_step(
        walk, 1, next_page=NEWS + "page/2/", oldest=date(2024, 4, 30), found_new=True
    )
    assert step is Next.DONE


def test_a_backfill_reads_on_past_known_articles_an_incremental_run_does_not() -> None:
    for mode, expected in (("backfill", Next.READ), ("incremental", Next.DONE)):
        state = plan(mode=mode)
        walk = state.start_walk(NEWS)
        walk.pages_read = 1
        step = state.next_step(
            walk, 1, next_page=NEWS + "page/2/", oldest=None, found_new=False
        )
        assert step is expected, mode


def test_page_limits_per_mode() -> None:
    incremental = plan()
    assert incremental.page_limit(Walk(NEWS)) == 20
    assert incremental.page_limit(Walk(REST)) == 3
    assert plan(mode="backfill").page_limit(Walk(REST)) is None
    assert plan(mode="backfill", max_pages=5).page_limit(Walk(NEWS)) == 5


def test_the_page_limit_cuts_an_incremental_walk_short_and_says_so() -> None:
    state = plan(settings_=settings(NKWATCH_INCREMENTAL_MAX_REST_PAGES=2))
    walk = state.start_walk(REST)
    walk.pages_read = 2
    step = state.next_step(walk, 2, next_page="next", oldest=None, found_new=True)
    assert step is Next.LIMIT
    assert walk.cut_short
    assert state.cut_short
    assert state.notes == [
        "first run capped at 200 articles: run `nkwatch crawl --backfill` for the rest"
    ]


def test_a_backfill_cut_by_max_pages_leaves_no_note_and_resumes_at_the_next_page() -> (
    None
):
    state = plan(mode="backfill", max_pages=1)
    walk = state.start_walk(NEWS, state.listing_start_page(NEWS))
    walk.pages_read = 1
    step = state.next_step(walk, 1, next_page="next", oldest=None, found_new=True)
    assert step is Next.LIMIT
    assert state.notes == []
    assert state.cursors == {NEWS: 2}


def test_a_backfill_resumes_each_walk_at_its_kept_page() -> None:
    state = plan(mode="backfill", start_pages={NEWS: 4, REST: 7})
    assert state.listing_start_page(NEWS) == 4
    assert state.listing_start_page(BASE) == 1
    assert plan(start_pages={NEWS: 4}).listing_start_page(NEWS) == 1  # incremental


def test_the_cursor_waits_for_the_articles_of_its_page() -> None:
    state = plan(mode="backfill")
    walk = state.start_walk(REST, 3)
    walk.pages_read = 1
    state.article_requested(BASE + "a-one/", walk, 3)
    state.article_requested(BASE + "a-two/", walk, 3)
    assert state.cursors == {REST: 3}
    state.article_done(BASE + "a-one/")
    state.article_done(BASE + "a-two/")
    assert state.cursors == {REST: 4}
    walk.complete = True
    assert state.cursors == {}  # finished: nothing to resume


def test_deferred_next_pages_are_handed_back_once() -> None:
    state = plan()
    state.start_walk(NEWS).deferred = (NEWS + "page/2/", 2)
    state.start_walk(REST)
    assert state.defers_to_rest()
    assert state.take_deferred() == [(NEWS, NEWS + "page/2/", 2)]
    assert state.take_deferred() == []


# -- since, entries, failures ----------------------------------------------------------


def test_since_applies_to_backfills_only() -> None:
    assert plan(mode="backfill", since="2024-05-01").too_old(date(2024, 4, 30))
    assert not plan(mode="backfill", since="2024-05-01").too_old(date(2024, 5, 1))
    assert not plan(since="2024-05-01").too_old(date(2000, 1, 1))


def test_an_unreachable_site_is_one_whose_entry_pages_all_failed() -> None:
    state = plan()
    state.entry_requested(FEED)
    assert state.unreachable() == "no answer"
    state.entry_failed(FEED, "HTTP 503")
    state.entry_requested(NEWS)
    state.entry_failed(NEWS, "HTTP 503", state.start_walk(NEWS))
    assert state.unreachable() == "HTTP 503"  # the first entry page's reason
    assert state.notes == [f"listing {NEWS} answered HTTP 503"]
    state.entry_requested(BASE)
    assert state.entry_answered(BASE, {"etag": '"v1"'}, not_modified=False)
    assert state.unreachable() is None
    assert not state.entry_answered(BASE + "a-story/", {}, not_modified=False)


def test_nothing_found_is_a_layout_change_unless_every_answer_was_304() -> None:
    state = plan()
    state.entry_requested(FEED)
    state.entry_answered(FEED, {}, not_modified=True)
    assert not state.nothing_found()
    state.entry_requested(NEWS)
    state.entry_answered(NEWS, {}, not_modified=False)
    assert state.nothing_found()
    state.links_found = 3
    assert not state.nothing_found()


def test_validators_of_walks_cut_short_are_not_kept() -> None:
    state = plan()
    for url in (FEED, NEWS):
        state.entry_requested(url)
        state.entry_answered(url, {"etag": url}, not_modified=False)
    state.start_walk(NEWS).cut_short = True
    assert state.kept_validators() == {FEED: {"etag": FEED}}
    state.start_walk(REST).cut_short = True
    assert state.kept_validators() == {}


def test_past_failures_and_recent_articles_are_requested_once_each() -> None:
    state = plan(refresh_days=3)
    state.article_requested(BASE + "from-the-feed/")
    again = state.to_request_again(
        [BASE + "failed/", BASE + "from-the-feed/"],
        [BASE + "recent/", BASE + "failed/"],
    )
    assert again == [BASE + "failed/", BASE + "recent/"]


def test_failures_are_kept_for_the_summary() -> None:
    state = plan()
    failure = state.failed(BASE + "x/", "HTTP 500")
    assert state.failures == [failure] == [FetchFailure(BASE + "x/", "HTTP 500")]
