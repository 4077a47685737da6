"""The service's small debts (issue 13): one store connection pool, alerts kept across restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.health import Alert, AlertTracker
from scheduler.service import ALERTS_KEY, Service, ServiceConfig
from store import open_store

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BROKEN = Alert("failures", "3 consecutive failed runs")


def test_alerts_kept_in_the_store_are_not_announced_again_after_a_restart(
    tmp_path: Path,
) -> None:
    with open_store(f"sqlite:///{tmp_path / 'alerts.db'}") as store:
        before = AlertTracker()
        assert before.update([BROKEN], T0) == ([BROKEN], [])
        store.set_state(ALERTS_KEY, before.to_state())

        after = AlertTracker()  # a new process
        after.restore(store.get_state(ALERTS_KEY))
        assert after.update([BROKEN], T0 + timedelta(hours=1)) == ([], [])
        assert after.update([], T0 + timedelta(hours=2)) == ([], [BROKEN])
        # a day later, a problem still there is announced again (the reminder)
        again = AlertTracker()
        again.restore(before.to_state())
        assert again.update([BROKEN], T0 + timedelta(hours=25)) == ([BROKEN], [])


def test_an_unreadable_kept_state_is_ignored() -> None:
    tracker = AlertTracker()
    tracker.restore({"failures": {"message": "x"}, "other": "junk"})
    tracker.restore("junk")
    assert tracker.active == {}


def test_the_job_store_shares_the_stores_engine(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'jobs.db'}"
    with open_store(db) as store:
        config = ServiceConfig(
            db_url=db,
            base_url="http://127.0.0.1:9/english/",
            trigger=IntervalTrigger(hours=1, timezone="UTC"),
        )
        service = Service(config, store, lock=None, notifier=None)
        scheduler = service._start_scheduler()
        try:
            assert scheduler._lookup_jobstore("default").engine is store.engine
        finally:
            scheduler.shutdown(wait=False)


def test_schedule_listings_every_reaches_the_crawl_child() -> None:
    import argparse

    from nkwatch.commands import schedule
    from nkwatch.errors import UsageError
    from scheduler.crawl_job import parse_args

    parser = argparse.ArgumentParser()
    schedule.add_arguments(parser)
    args = parser.parse_args(["--listings-every", "2h"])
    args.db, args.base_url, args.verbose = "sqlite:///x.db", "http://h/english/", 0
    config = schedule.build_config(args)
    argv = Service(config, store=None, lock=None, notifier=None).crawl_argv()
    assert argv[argv.index("--listings-every") + 1] == "7200.0"
    assert parse_args(argv[3:]).listings_every == 7200.0
    args.listings_every = "0"  # every run: zero is a value, not "unset"
    argv = Service(schedule.build_config(args), None, None, None).crawl_argv()
    assert argv[argv.index("--listings-every") + 1] == "0.0"
    args.listings_every = "soon"
    with pytest.raises(UsageError, match="--listings-every"):
        schedule.build_config(args)
