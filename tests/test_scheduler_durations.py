"""Schedule options: durations, crontab lines, and the triggers built from them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.durations import (
    BadScheduleError,
    build_trigger,
    crontab_weekdays,
    parse_cron,
    parse_duration,
    parse_positive_duration,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("10s", 10),
        ("30m", 1800),
        ("2h", 7200),
        ("1d", 86400),
        ("1h30m", 5400),
        ("1.5h", 5400),
        ("45", 45),
        (" 5M ", 300),
        ("0s", 0),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "m", "10x", "-5m", "30 m", "1h-", "ten", "5m3"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(BadScheduleError, match="is not a duration"):
        parse_duration(text, option="--every")


def test_positive_duration_rejects_zero() -> None:
    with pytest.raises(BadScheduleError, match="longer than zero"):
        parse_positive_duration("0m", option="--every")


def test_default_trigger_is_every_30_minutes() -> None:
    trigger = build_trigger(None, None, None)
    assert isinstance(trigger, IntervalTrigger)
    assert trigger.interval == timedelta(minutes=30)
    assert trigger.jitter is None


def test_interval_with_jitter() -> None:
    trigger = build_trigger("2h", None, "5m")
    assert isinstance(trigger, IntervalTrigger)
    assert trigger.interval == timedelta(hours=2)
    assert trigger.jitter == 300


def test_cron_trigger_fires_on_its_minutes() -> None:
    trigger = build_trigger(None, "*/15 * * * *", None)
    assert isinstance(trigger, CronTrigger)
    now = datetime(2024, 5, 1, 10, 7, tzinfo=UTC)
    assert trigger.get_next_fire_time(None, now) == datetime(
        2024, 5, 1, 10, 15, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("expr", "problem"),
    [
        ("* * * *", "needs 5 fields"),
        ("* * * * * *", "needs 5 fields"),
        ("61 * * * *", "61"),
        ("*/0 * * * *", "--cron"),
        ("a b c d e", "--cron"),
    ],
)
def test_parse_cron_rejects(expr: str, problem: str) -> None:
    with pytest.raises(BadScheduleError, match=problem) as info:
        parse_cron(expr)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("*", "*"),
        ("1", "mon"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("mon-fri", "mon,tue,wed,thu,fri"),
        ("5-7", "sun,fri,sat"),
        ("fri-sun", "sun,fri,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("1/3", "mon,thu"),
        ("0,6", "sun,sat"),
        ("SAT,sun", "sun,sat"),
    ],
)
def test_crontab_weekdays_mean_what_crontab_means(field: str, names: str) -> None:
    assert crontab_weekdays(field) == names


@pytest.mark.parametrize("field", ["8", "6-2", "*/0", "mon-", "x", "1-2-3"])
def test_crontab_weekdays_rejects(field: str) -> None:
    with pytest.raises(BadScheduleError, match="weekday field"):
        crontab_weekdays(field)


def test_cron_monday_is_monday() -> None:
    # 2024-05-05 is a Sunday: the next "1" (crontab Monday) is 2024-05-06.
    trigger = parse_cron("0 9 * * 1")
    now = datetime(2024, 5, 5, 12, 0, tzinfo=UTC)
    assert trigger.get_next_fire_time(None, now) == datetime(
        2024, 5, 6, 9, 0, tzinfo=UTC
    )
