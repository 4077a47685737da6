"""The service loop with a fake crawl child and an in-memory store (fast, no Scrapy).

The end-to-end tests with the real spider, store and fixture server are in
test_scheduler_e2e.py; these pin the service's own decisions: when it runs, what it
records, whom it notifies and when it alerts.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from conftest import wait_until
from sqlalchemy import create_engine, text

from scheduler.lock import ServiceLock
from scheduler.notify import Notifier
from scheduler.receiver import Receiver
from scheduler.service import JOB_ID, Service, ServiceConfig, plan_next_run

FAKE_CRAWL = """
import json, pathlib, sys, time
plan_file, counter_file = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
runs_file = pathlib.Path(sys.argv[3])
plan = json.loads(plan_file.read_text())
n = int(counter_file.read_text()) if counter_file.exists() else 0
counter_file.write_text(str(n + 1))
step = plan[min(n, len(plan) - 1)]
if "sleep" in step:
    time.sleep(step["sleep"])
if "exit" in step:
    sys.exit(step["exit"])
summary = step["summary"]
# Like the real crawl, record the run in the store (here: a file the FakeStore reads).
if summary["run_id"] is not None:
    row = {"id": summary["run_id"], "trigger": "scheduled", "outcome": summary["outcome"]}
    with runs_file.open("a") as out:
        print(json.dumps(row), file=out)
print(json.dumps(summary), flush=True)
"""

LE = "https://www.dailynk.com/english/arrests-in-hyesan/"
OTHER = "https://www.dailynk.com/english/rice-prices-fall/"


def stored_report(url: str, *, law_enforcement: bool) -> dict[str, Any]:
    return {
        "url": url,
        "title": f"Title of {url.rsplit('/', 2)[-2]}",
        "subtitle": None,
        "published_at": "2024-05-01T10:00:00+09:00",
        "authors": [{"name": "Kang Mi Jin", "url": None, "bio": None, "email": None}],
        "body": ["<p>never sent</p> as HTML, only as a field"],
        "image": None,
        "tags": ["MPS"],
        "topic": {"law_enforcement": law_enforcement, "score": 0.9, "matched": []},
        "entities": {
            "agencies": ["police"],
            "provinces": ["Yanggang"],
            "places": [{"name": "Hyesan", "province": "Yanggang"}],
            "amounts": [],
        },
        "first_seen_at": "2024-05-01T01:00:00+00:00",
    }


class FakeStore:
    """The store API the service uses, in memory (thread-safe enough for one worker)."""

    def __init__(
        self,
        reports: list[dict[str, Any]] | None = None,
        crawled: list[dict[str, Any]] = (),
    ) -> None:
        self.reports = {r["url"]: r for r in reports or []}
        # Reports the fake crawl "stores": they appear once the service looks them up.
        self.crawled = {r["url"]: r for r in crawled}
        self.run_rows: list[dict[str, Any]] = []
        # Runs the fake crawl child recorded (one JSON line each), merged in on read.
        self.child_runs: Path | None = None
        self._child_rows_seen = 0
        self.locks: dict[str, str] = {}
        self.refresh_ok = True

    def start_run(self, trigger: str) -> int:
        self._sync()
        run_id = max((r["id"] for r in self.run_rows), default=0) + 1
        self.run_rows.append({"id": run_id, "trigger": trigger, "outcome": "running"})
        return run_id

    def finish_run(self, run_id: int, outcome: str, **counts: Any) -> None:
        [row] = [r for r in self.run_rows if r["id"] == run_id]
        row.update(outcome=outcome, **counts)

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        self._sync()
        return [dict(r) for r in reversed(self.run_rows)][:limit]

    def _sync(self) -> None:
        if self.child_runs is None or not self.child_runs.exists():
            return
        lines = self.child_runs.read_text().splitlines()
        self.run_rows += [json.loads(line) for line in lines[self._child_rows_seen :]]
        self._child_rows_seen = len(lines)

    def get_report(self, url: str) -> dict[str, Any] | None:
        if url in self.crawled:
            self.reports[url] = self.crawled.pop(url)
        return self.reports.get(url)

    def has_reports(self) -> bool:
        return bool(self.reports)

    def query_reports(self, **options: Any) -> list[dict[str, Any]]:
        return list(self.reports.values())[: options.get("limit")]

    def acquire_lock(self, name: str, owner: str, ttl_s: float) -> bool:
        return self.locks.setdefault(name, owner) == owner

    def refresh_lock(self, name: str, owner: str, ttl_s: float) -> bool:
        return self.refresh_ok

    def release_lock(self, name: str, owner: str) -> bool:
        return self.locks.pop(name, None) == owner


class Harness:
    """A service with a fake crawl plan, run in a thread; ``stop()`` returns its exit code."""

    def __init__(
        self,
        tmp_path: Path,
        store: FakeStore,
        plan: list[dict[str, Any]],
        *,
        notify: list[str] = (),
        threshold: int = 3,
        every_s: float = 0.5,
        lock_ttl_s: float = 30,
    ) -> None:
        script = tmp_path / "fake_crawl.py"
        script.write_text(FAKE_CRAWL)
        plan_file = tmp_path / "plan.json"
        plan_file.write_text(json.dumps(plan))
        self.counter = tmp_path / "counter"
        store.child_runs = tmp_path / "child_runs.jsonl"
        config = ServiceConfig(
            db_url=f"sqlite:///{tmp_path / 'jobs.db'}",
            base_url="http://127.0.0.1:9/english/",
            trigger=IntervalTrigger(seconds=every_s, timezone="UTC"),
            timeout_s=30,
            failure_threshold=threshold,
            crawl_argv=(
                sys.executable,
                str(script),
                str(plan_file),
                str(self.counter),
                str(store.child_runs),
            ),
        )
        self.store = store
        notifier = Notifier.from_urls(list(notify), backoff_s=0.05)
        lock = ServiceLock(store, ttl_s=lock_ttl_s)
        lock.acquire()
        self.service = Service(config, store, lock, notifier)
        self.exit_code: int | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.exit_code = self.service.run()
        finally:
            # As `nkwatch schedule` does: a restarted service (a later owner) must get it.
            self.service.lock.release()

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def crawls_started(self) -> int:
        return int(self.counter.read_text()) if self.counter.exists() else 0

    def wait_runs(self, count: int, timeout: float = 30) -> None:
        wait_until(lambda: self.service.runs_done >= count, timeout, f"{count} runs")
        assert self.service.runs_done >= count, f"only {self.service.runs_done} runs"

    def stop(self, timeout: float = 15) -> int | None:
        self.service.stop()
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the service did not stop"
        return self.exit_code


def ok(run_id: int, new_urls: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    summary = {
        "run_id": run_id,
        "outcome": "ok",
        "new": len(new_urls),
        "new_urls": list(new_urls),
        "links_found": 30,
        **extra,
    }
    return {"summary": summary}


@pytest.mark.slow
def test_runs_repeat_and_a_failing_crawl_does_not_stop_the_next(tmp_path: Path) -> None:
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    plan = [{"exit": 3}, ok(101), ok(102)]
    with Harness(tmp_path, store, plan) as harness:
        harness.wait_runs(3)
        assert harness.stop() == 0
    # The crash opened no run: the service recorded it, so it counts as a failure.
    recorded = store.run_rows[0]
    assert [r["outcome"] for r in store.run_rows[:3]] == ["failed", "ok", "ok"]
    assert recorded["trigger"] == "scheduled"
    assert "exited with code 3" in recorded["error"]


@pytest.mark.slow
def test_new_law_enforcement_reports_are_notified_once(tmp_path: Path) -> None:
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    store.reports[LE] = stored_report(LE, law_enforcement=True)
    plan = [ok(1, (LE, OTHER)), ok(2), ok(3)]
    with (
        Receiver() as receiver,
        Harness(tmp_path, store, plan, notify=[receiver.url]) as harness,
    ):
        harness.wait_runs(3)
        messages = receiver.wait_for(1, timeout=10)
    assert harness.exit_code == 0
    [message] = messages
    assert message["run_id"] == 1
    assert [r["url"] for r in message["reports"]] == [LE]  # not the non-LE report
    sent = message["reports"][0]
    assert sent["agencies"] == ["police"]
    assert sent["provinces"] == ["Yanggang"]
    assert sent["published_at"] == "2024-05-01T10:00:00+09:00"
    assert "body" not in sent


@pytest.mark.slow
def test_the_first_run_into_an_empty_store_is_not_notified(tmp_path: Path) -> None:
    store = FakeStore(crawled=[stored_report(LE, law_enforcement=True)])
    plan = [ok(1, (LE,)), ok(2)]
    with Receiver() as receiver:
        with Harness(tmp_path, store, plan, notify=[receiver.url]) as harness:
            harness.wait_runs(2)
        assert LE in store.reports  # the service did look at the new report
        assert receiver.messages == []


@pytest.mark.slow
def test_repeated_failures_alert_once_and_resolve(tmp_path: Path) -> None:
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    plan = [{"exit": 1}] * 5 + [ok(50)]
    with (
        Receiver() as receiver,
        Harness(tmp_path, store, plan, notify=[receiver.url], threshold=3) as harness,
    ):
        harness.wait_runs(7)
        messages = receiver.wait_for(2, timeout=10)
    events = [(m["event"], [a["state"] for a in m["alerts"]]) for m in messages]
    assert events == [("health", ["raised"]), ("health", ["resolved"])]
    assert "3 consecutive crawl runs failed" in messages[0]["alerts"][0]["message"]


@pytest.mark.slow
def test_no_links_alert(tmp_path: Path) -> None:
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    plan = [ok(1, links_found=0)]
    with (
        Receiver() as receiver,
        Harness(tmp_path, store, plan, notify=[receiver.url]) as harness,
    ):
        harness.wait_runs(3)
        messages = receiver.wait_for(1, timeout=10)
    assert len(messages) == 1  # raised once, not once per run
    assert messages[0]["alerts"][0]["key"] == "no_links"


@pytest.mark.slow
def test_stop_during_a_hanging_crawl_records_it_interrupted(tmp_path: Path) -> None:
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    with Harness(tmp_path, store, [{"sleep": 60}]) as harness:
        wait_until(lambda: harness.crawls_started() >= 1, 15)
        started = time.monotonic()
        assert harness.stop() == 0
        assert time.monotonic() - started < 6
    assert [r["outcome"] for r in store.run_rows] == ["interrupted"]
    assert "stopped" in store.run_rows[0]["error"]


@pytest.mark.slow
def test_a_crawl_over_the_timeout_is_failed_and_the_next_runs(tmp_path: Path) -> None:
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    harness = Harness(tmp_path, store, [{"sleep": 60}, ok(2)])
    harness.service.config = replace(harness.service.config, timeout_s=1.0)
    with harness:
        harness.wait_runs(2)
    timed_out = store.run_rows[0]
    assert timed_out["outcome"] == "failed"
    assert "timed out" in timed_out["error"]


@pytest.mark.slow
def test_runs_left_running_by_a_dead_service_are_closed_at_start(
    tmp_path: Path,
) -> None:
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    orphan = store.start_run("scheduled")
    manual = store.start_run("manual")  # a concurrent `nkwatch crawl`: not ours
    with Harness(tmp_path, store, [ok(9)]) as harness:
        harness.wait_runs(1)
    assert store.run_rows[orphan - 1]["outcome"] == "interrupted"
    assert store.run_rows[manual - 1]["outcome"] == "running"


@pytest.mark.slow
def test_a_lost_lock_stops_the_service_with_exit_1(tmp_path: Path) -> None:
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    harness = Harness(tmp_path, store, [ok(1)], lock_ttl_s=0.3)
    with harness:
        harness.wait_runs(1)
        store.refresh_ok = False
        wait_until(lambda: harness.exit_code is not None, 10)
        assert harness.exit_code == 1


def stored_next_run(tmp_path: Path) -> datetime:
    """The crawl job's next run time as the job store (the service's database) keeps it."""
    engine = create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    try:
        with engine.connect() as conn:
            query = text("SELECT next_run_time FROM apscheduler_jobs WHERE id = :id")
            when = conn.execute(query, {"id": JOB_ID}).scalar_one()
    finally:
        engine.dispose()
    return datetime.fromtimestamp(when, UTC)


@pytest.mark.slow
def test_restart_keeps_the_schedule_and_runs_a_missed_crawl_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="scheduler.service")
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    # A long interval: after the first run, the next is an hour away.
    with Harness(tmp_path, store, [ok(1)], every_s=3600) as first:
        first.wait_runs(1)
    ahead = stored_next_run(tmp_path)
    assert ahead > datetime.now(UTC) + timedelta(minutes=59)
    caplog.clear()
    with Harness(tmp_path, store, [ok(2)], every_s=3600) as second:
        # What the restarted service planned, instead of sleeping to see nothing run:
        # the stored next run, still ahead, not "now".
        planned = wait_until(
            lambda: re.search(r"first run at (\S+)", caplog.text), 15, "the plan"
        )
        assert planned[1] == ahead.isoformat(timespec="seconds")
        assert second.service.runs_done == 0
    counter = tmp_path / "counter"
    assert counter.read_text() == "1"


NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


class StoredJob:
    def __init__(self, next_run_time: datetime | None, trigger: Any) -> None:
        self.next_run_time = next_run_time
        self.trigger = trigger


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        pytest.param(None, NOW, id="never-ran"),
        pytest.param(StoredJob(None, "x"), NOW, id="paused"),
        pytest.param(StoredJob(NOW - timedelta(hours=5), "x"), NOW, id="missed-many"),
        pytest.param(
            StoredJob(NOW + timedelta(minutes=10), "same"),
            NOW + timedelta(minutes=10),
            id="still-ahead",
        ),
        pytest.param(
            StoredJob(NOW + timedelta(minutes=10), "other"),
            NOW + timedelta(minutes=30),
            id="schedule-changed",
        ),
    ],
)
def test_plan_next_run(stored: StoredJob | None, expected: datetime) -> None:
    # As built from --every 30m: the first fire is one interval after it was made.
    trigger = IntervalTrigger(
        minutes=30, start_date=NOW + timedelta(minutes=30), timezone="UTC"
    )
    if stored is not None and stored.trigger == "same":
        stored.trigger = IntervalTrigger(minutes=30, start_date=NOW, timezone="UTC")
    elif stored is not None:
        stored.trigger = IntervalTrigger(minutes=45, timezone="UTC")
    assert plan_next_run(stored, trigger, NOW) == expected  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_crawl_that_fails_before_opening_a_run_is_recorded(tmp_path: Path) -> None:
    # E.g. the child cannot import the crawler: it reports, but has no run id.
    store = FakeStore([stored_report(OTHER, law_enforcement=False)])
    failing = {
        "summary": {"run_id": None, "outcome": "failed", "error": "ImportError: x"}
    }
    with Harness(tmp_path, store, [failing, ok(7)]) as harness:
        harness.wait_runs(2)
    recorded = store.run_rows[0]
    assert (recorded["trigger"], recorded["outcome"]) == ("scheduled", "failed")
    assert recorded["error"] == "ImportError: x"
