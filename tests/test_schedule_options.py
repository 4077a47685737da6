"""`nkwatch schedule` can do what a one-off crawl can: --listing, --max-pages,
--refresh-days reach the crawl; new titles are logged; schedules read as people write them."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from test_scheduler_service import LE, FakeStore, Harness, ok, stored_report

from nkwatch.cli import parse_args
from nkwatch.commands.schedule import build_config
from scheduler import crawl_job
from scheduler.jobs import describe_schedule
from scheduler.lock import ServiceLock
from scheduler.notify import Notifier
from scheduler.service import Service

BASE = "https://www.dailynk.com/english/"
TAG = BASE + "tag/crackdown/"


@pytest.mark.parametrize(
    ("trigger", "shown"),
    [
        (IntervalTrigger(minutes=30, timezone="UTC"), "every 30m"),
        (
            IntervalTrigger(hours=2, jitter=300, timezone="UTC"),
            "every 2h, up to 5m later at random",
        ),
        (IntervalTrigger(seconds=90, timezone="UTC"), "every 1m30s"),
        (
            CronTrigger.from_crontab("*/15 9-17 * * *", timezone="UTC"),
            'cron "*/15 9-17 * * *" (UTC)',
        ),
    ],
)
def test_schedules_are_shown_as_people_write_them(trigger: object, shown: str) -> None:
    assert describe_schedule(trigger) == shown


def config_for(*options: str, tmp_path: Path) -> argparse.Namespace:
    return parse_args(["--db", f"sqlite:///{tmp_path}/s.db", "schedule", *options])


def test_listing_max_pages_and_refresh_days_reach_the_crawl(tmp_path: Path) -> None:
    args = config_for(
        "--listing", TAG, "--max-pages", "2", "--refresh-days", "3", tmp_path=tmp_path
    )
    config = build_config(args)
    store = FakeStore()
    service = Service(config, store, ServiceLock(store, ttl_s=30), Notifier([]))
    argv = service.crawl_argv()
    assert argv[-6:] == ["--listing", TAG, "--max-pages", "2", "--refresh-days", "3"]
    child = crawl_job.parse_args(argv[3:])  # after python -m scheduler.crawl_job
    assert (child.listing, child.max_pages, child.refresh_days) == ([TAG], 2, 3)


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (["--listing", "https://example.com/tag/x/"], "--listing"),
        (["--max-pages", "0"], "--max-pages must be at least 1"),
        (["--refresh-days", "-2"], "--refresh-days must be at least 1"),
    ],
)
@pytest.mark.slow  # runs nkwatch in a child process
def test_bad_crawl_options_are_one_line_exit_2(
    options: list[str], problem: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "nkwatch",
            "--db",
            f"sqlite:///{tmp_path}/s.db",
            "schedule",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert problem in line


@pytest.mark.slow  # runs nkwatch in a child process
def test_the_titles_of_new_reports_are_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = FakeStore([stored_report(LE, law_enforcement=True)])
    with (
        caplog.at_level(logging.INFO, logger="scheduler"),
        Harness(tmp_path, store, [ok(1, (LE,)), ok(2)]) as harness,
    ):
        harness.wait_runs(1)
    assert f"  new: Title of arrests-in-hyesan <{LE}>" in caplog.text
