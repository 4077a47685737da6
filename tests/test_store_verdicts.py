"""Failure verdicts in the store: permanent ones wait, transient ones back off, then give up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from test_store_samples import article_url, pg_schema_url

from store import Store, open_store
from store.runs import GIVE_UP_AFTER, PERMANENT_RETRY_AFTER


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path, clock: Clock) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path}/store.db", clock=clock)
        yield opened
        opened.close()
        return
    with pg_schema_url(request.getfixturevalue("pg_url")) as url:
        opened = open_store(url, clock=clock)
        yield opened
        opened.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_a_permanent_verdict_is_not_due_until_its_long_back_off(
    store: Store, clock: Clock
) -> None:
    static, gone = article_url(1), article_url(2)
    kept = store.record_failure(static, "not an article: static page", kind="permanent")
    store.record_failure(gone, "HTTP 500")
    assert kept == "permanent"
    assert store.failed_urls() == [gone]
    assert store.settled_urls([static, gone]) == {static}
    assert store.failed_urls(recheck=True) == [static, gone]
    clock.advance(seconds=PERMANENT_RETRY_AFTER.total_seconds() + 1)
    assert set(store.failed_urls()) == {static, gone}
    row = next(f for f in store.failures() if f["url"] == static)
    assert (row["kind"], row["attempts"]) == ("permanent", 1)


def test_a_transient_failure_backs_off_more_each_time_then_is_given_up(
    store: Store, clock: Clock
) -> None:
    url = article_url(1)
    waits = []
    for attempt in range(1, GIVE_UP_AFTER + 1):
        kind = store.record_failure(url, "HTTP 503")
        row = store.failures()[0]
        assert row["attempts"] == attempt
        if attempt < GIVE_UP_AFTER:
            assert kind == "transient"
            next_at = datetime.fromisoformat(row["next_attempt_at"])
            waits.append(next_at - clock.now)
            clock.now = next_at  # the next run comes when it is due
            assert store.failed_urls() == [url]
    assert kind == "given_up"
    assert store.failures()[0]["next_attempt_at"] is None
    assert waits == sorted(waits)  # growing back-off
    assert waits[-1] > waits[0]
    clock.advance(days=365)
    assert store.failed_urls() == []  # given up: only a recheck tries it
    assert store.settled_urls([url]) == {url}
    assert store.failed_urls(recheck=True) == [url]


def test_clearing_forgets_one_url_or_all(store: Store) -> None:
    for n in (1, 2, 3):
        store.record_failure(article_url(n), "HTTP 404", kind="permanent")
    assert store.clear_failures([article_url(1), article_url(9)]) == 1
    assert store.clear_failures(None) == 2
    assert store.failures() == []


def test_an_unknown_kind_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="kind"):
        store.record_failure(article_url(1), "HTTP 404", kind="forever")
