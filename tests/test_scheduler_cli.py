"""``nkwatch schedule`` and ``nkwatch status`` on the command line: errors, lock refusal, verdicts."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from conftest import run_nkwatch
from sqlalchemy import create_engine, text

from scheduler.lock import ServiceLock
from scheduler.service import JOB_FUNC, JOB_ID
from store import Store, open_store


def nkwatch(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return run_nkwatch(*argv, timeout=timeout)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'nkwatch.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (["--every", "soon"], "--every: 'soon' is not a duration"),
        (["--every", "0s"], "must be longer than zero"),
        (["--cron", "* * *"], "needs 5 fields"),
        (["--cron", "99 * * * *"], "--cron: '99 * * * *'"),
        (["--cron", "0 9 * * 9"], "weekday field"),
        (["--jitter", "x"], "--jitter"),
        (["--timeout", "forever"], "--timeout"),
        (["--delay", "-1"], "--delay"),
        (["--notify", "nosuchscheme://x"], "not a URL that apprise can deliver to"),
        (["--notify", "hook.example.org"], "is not a URL"),
        (["--every", "1m", "--cron", "* * * * *"], "not allowed with argument"),
    ],
)
def test_bad_schedule_options_exit_2_with_one_line(
    options: list[str], problem: str, db_url: str
) -> None:
    result = nkwatch("schedule", "--db", db_url, *options)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_second_service_is_refused_with_one_line(store: Store, db_url: str) -> None:
    holder = ServiceLock(store, ttl_s=60)
    holder.acquire()
    try:
        result = nkwatch("schedule", "--db", db_url, "--every", "1s", timeout=60)
    finally:
        holder.release()
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(
        "nkwatch schedule: another nkwatch schedule is running on this database "
        f"(pid {os.getpid()} on host {socket.gethostname()} since "
    )


@pytest.mark.slow
def test_notify_password_never_printed(db_url: str) -> None:
    result = nkwatch("schedule", "--db", db_url, "--notify", "xyz://user:hunter2@host/")
    assert result.returncode == 2
    assert "hunter2" not in result.stderr + result.stdout


@pytest.mark.slow
def test_status_of_a_store_that_never_had_a_successful_run_is_unhealthy(
    store: Store, db_url: str
) -> None:
    result = nkwatch("status", "--db", db_url)
    assert result.returncode == 1, result.stderr
    assert "health:               unhealthy" in result.stdout
    assert "alert: no successful run yet" in result.stdout
    assert "last successful run:  never" in result.stdout
    assert "next scheduled run:   not scheduled" in result.stdout
    assert "service:              not running" in result.stdout


@pytest.mark.slow  # runs nkwatch in a child process
def test_status_of_a_missing_database_says_so_and_creates_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "typo.db"
    result = nkwatch("status", "--db", f"sqlite:///{missing}")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"nkwatch status: no database at {missing} "
        "(check --db; `nkwatch crawl` creates one)"
    )
    assert not missing.exists()


def fail_runs(store: Store, count: int) -> None:
    for i in range(count):
        run_id = store.start_run("scheduled")
        store.finish_run(run_id, "failed", error=f"cannot reach the site ({i})")


@pytest.mark.slow
def test_status_after_three_failures_is_unhealthy(store: Store, db_url: str) -> None:
    ok = store.start_run("scheduled")
    store.finish_run(ok, "ok", new=2, requests=5)
    fail_runs(store, 3)
    result = nkwatch("status", "--db", db_url, "--format", "json")
    assert result.returncode == 1, result.stderr
    status = json.loads(result.stdout)
    assert status["healthy"] is False
    assert status["verdict"] == "unhealthy"
    assert status["consecutive_failures"] == 3
    assert status["last_successful_run"]["id"] == ok
    assert status["last_successful_run"]["new"] == 2
    assert [a["key"] for a in status["alerts"]] == ["failures"]
    assert "cannot reach the site (2)" in status["alerts"][0]["message"]


@pytest.mark.slow
def test_status_two_failures_and_zero_new_is_healthy(store: Store, db_url: str) -> None:
    for _ in range(5):
        run_id = store.start_run("scheduled")
        store.finish_run(run_id, "ok", new=0, unchanged=0, requests=3)
    fail_runs(store, 2)
    result = nkwatch("status", "--db", db_url)
    assert result.returncode == 0, result.stdout
    assert "consecutive failures: 2" in result.stdout


@pytest.mark.slow
def test_status_alerts_when_the_listings_had_no_links(
    store: Store, db_url: str
) -> None:
    run_id = store.start_run("scheduled")
    store.finish_run(
        run_id,
        "failed",
        error="no article links found on https://www.dailynk.com/english/ (layout change?)",
    )
    result = nkwatch("status", "--db", db_url, "--format", "json")
    assert result.returncode == 1
    keys = [a["key"] for a in json.loads(result.stdout)["alerts"]]
    assert keys == ["no_successful_run", "no_links"]


def schedule_job(db_url: str, next_run: datetime) -> None:
    """Leave the crawl job in the job store, as a service that stopped would."""
    scheduler = BackgroundScheduler(timezone=UTC)  # never started: only a timezone
    jobstore = SQLAlchemyJobStore(url=db_url)
    jobstore.start(scheduler, "default")
    job = Job(
        scheduler,
        id=JOB_ID,
        func=JOB_FUNC,
        trigger=IntervalTrigger(minutes=30, timezone="UTC"),
        executor="default",
        args=(),
        kwargs={},
        name="crawl",
        misfire_grace_time=3600,
        coalesce=True,
        max_instances=1,
        next_run_time=next_run,
    )
    jobstore.add_job(job)
    jobstore.shutdown()


@pytest.mark.slow
def test_status_shows_the_next_run_from_the_job_store(
    store: Store, db_url: str
) -> None:
    soon = (datetime.now(UTC) + timedelta(minutes=20)).replace(microsecond=0)
    schedule_job(db_url, soon)
    store.finish_run(store.start_run("scheduled"), "ok")
    result = nkwatch("status", "--db", db_url, "--format", "json")
    assert result.returncode == 0, result.stdout
    status = json.loads(result.stdout)
    assert datetime.fromisoformat(status["next_run"]) == soon
    assert status["schedule"] == "every 30m"


@pytest.mark.slow
def test_status_alerts_when_the_service_is_not_running(
    store: Store, db_url: str
) -> None:
    schedule_job(db_url, datetime.now(UTC) - timedelta(hours=2))
    result = nkwatch("status", "--db", db_url)
    assert result.returncode == 1
    assert "is `nkwatch schedule` running?" in result.stdout


@pytest.mark.slow
def test_status_bad_database_is_one_line(tmp_path: Path) -> None:
    result = nkwatch("status", "--db", "nosuchdb://x")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_status_survives_a_job_it_cannot_unpickle(store: Store, db_url: str) -> None:
    soon = (datetime.now(UTC) + timedelta(minutes=20)).replace(microsecond=0)
    schedule_job(db_url, soon)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE apscheduler_jobs SET job_state = :junk"), {"junk": b"junk"}
        )
    engine.dispose()
    store.finish_run(store.start_run("scheduled"), "ok")
    result = nkwatch("status", "--db", db_url, "--format", "json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert datetime.fromisoformat(status["next_run"]) == soon
    assert status["schedule"].startswith("unreadable")
