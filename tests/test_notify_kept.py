"""Failed notifications are kept in the store, resent by later runs until delivered
(bounded), and shown by `nkwatch status` (a webhook receiver on 127.0.0.1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_nkwatch
from test_notify import MESSAGE, wait_until

from scheduler import jobs
from scheduler.notify import MAX_RESENDS, Notifier
from scheduler.receiver import Receiver
from store import Store, open_store


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kept.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


def notifier_for(url: str, store: Store) -> Notifier:
    notifier = Notifier.from_urls([url], attempts=2, backoff_s=0.01)
    notifier.keep_failures_in(store)
    notifier.start()
    return notifier


@pytest.mark.slow  # runs nkwatch in a child process
def test_a_failed_notification_is_kept_and_resent_by_the_next_run(
    receiver: Receiver, store: Store, db_url: str
) -> None:
    url = receiver.url.replace("http://", "http://hook:s3cret@")
    receiver.fail_next(2)  # both attempts of the first delivery
    notifier = notifier_for(url, store)
    notifier.submit(MESSAGE)
    wait_until(lambda: store.undelivered_notifications()["pending"] == 1)
    kept = store.undelivered_notifications()
    assert kept["oldest_pending"]["title"] == MESSAGE.title
    assert "s3cret" not in json.dumps(kept)

    status = run_nkwatch("--db", db_url, "status", "--format", "json")
    report = json.loads(status.stdout)
    assert status.returncode == 1
    assert report["notifications"]["pending"] == 1
    assert "notifications" in [a["key"] for a in report["alerts"]]
    assert "s3cret" not in status.stdout

    # The next scheduled run: the hook resends, the receiver now accepts.
    jobs.bind(lambda: None)
    jobs.after_each_run(notifier.resend_kept)
    try:
        jobs.scheduled_crawl()
        assert receiver.wait_for(1, timeout=10) == [MESSAGE.payload]
        wait_until(lambda: store.undelivered_notifications()["pending"] == 0)
    finally:
        jobs.after_each_run(None)
        jobs.bind(None)
        notifier.close(timeout=5)
    assert store.undelivered_notifications() == {
        "pending": 0,
        "given_up": 0,
        "oldest_pending": None,
    }


def test_resends_are_bounded(receiver: Receiver, store: Store) -> None:
    receiver.fail_next(10_000)
    notifier = notifier_for(receiver.url, store)
    notifier.submit(MESSAGE)
    wait_until(lambda: store.undelivered_notifications()["pending"] == 1)
    for _ in range(MAX_RESENDS + 5):
        notifier.resend_kept()
    wait_until(lambda: store.undelivered_notifications()["given_up"] == 1, timeout=30)
    notifier.close(timeout=5)
    # 2 first attempts, then one per resend until given up; the extra resends sent nothing.
    assert receiver.attempts == 2 + MAX_RESENDS
    assert store.undelivered_notifications()["pending"] == 0


def test_a_service_restart_resends_what_the_last_one_kept(
    receiver: Receiver, store: Store
) -> None:
    receiver.fail_next(2)
    first = notifier_for(receiver.url, store)
    first.submit(MESSAGE)
    wait_until(lambda: store.undelivered_notifications()["pending"] == 1)
    first.close(timeout=5)
    second = notifier_for(receiver.url, store)  # start() resends
    assert receiver.wait_for(1, timeout=10) == [MESSAGE.payload]
    wait_until(lambda: store.undelivered_notifications()["pending"] == 0)
    second.close(timeout=5)
