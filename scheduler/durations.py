"""Parse the schedule options: durations like ``30m`` and crontab expressions, into triggers."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

if TYPE_CHECKING:
    from apscheduler.triggers.base import BaseTrigger

DEFAULT_EVERY = "30m"

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# One or more <number><unit> parts: "30m", "1h30m", "1.5h", "10s".
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_WHOLE = re.compile(r"(?:\d+(?:\.\d+)?[smhd])+")


class BadScheduleError(ValueError):
    """An --every/--cron/--jitter value that cannot be turned into a schedule."""


def parse_duration(text: str, *, option: str = "duration") -> timedelta:
    """Parse ``10s``, ``30m``, ``2h``, ``1d`` or combinations like ``1h30m`` (a bare number is seconds)."""
    value = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        value += "s"
    if not _WHOLE.fullmatch(value):
        raise BadScheduleError(
            f"{option}: {text!r} is not a duration (use e.g. 10s, 30m, 2h, 1d, 1h30m)"
        )
    seconds = sum(float(n) * _UNITS[unit] for n, unit in _PART.findall(value))
    return timedelta(seconds=seconds)


def parse_positive_duration(text: str, *, option: str) -> timedelta:
    duration = parse_duration(text, option=option)
    if duration <= timedelta(0):
        raise BadScheduleError(f"{option}: {text!r} must be longer than zero")
    return duration


def parse_cron(expr: str, *, jitter: timedelta | None = None) -> CronTrigger:
    """A CronTrigger (UTC) from a five-field crontab line: minute hour day month weekday.

    Weekdays mean what they mean in crontab (0 or 7 = Sunday): APScheduler 3.x counts
    0 = Monday (its issue 286), so numeric weekdays are translated to names first.
    """
    fields = expr.split()
    if len(fields) != 5:
        raise BadScheduleError(
            f"--cron: {expr!r} needs 5 fields (minute hour day month weekday), "
            f"e.g. '*/15 * * * *'"
        )
    minute, hour, day, month, weekday = fields
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=crontab_weekdays(weekday),
            timezone="UTC",
            jitter=_seconds(jitter),
        )
    except ValueError as exc:
        raise BadScheduleError(f"--cron: {expr!r}: {exc}") from None


_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crontab_weekdays(field: str) -> str:
    """A crontab weekday field as APScheduler day names: ``1-5`` -> ``mon,tue,wed,thu,fri``."""
    if field == "*":
        return "*"
    days: set[int] = set()
    for part in field.lower().split(","):
        days |= _weekday_part(part, field)
    return ",".join(_WEEKDAYS[d] for d in sorted(days))


def _weekday_part(part: str, field: str) -> set[int]:
    span, _, step_text = part.partition("/")
    step = _weekday_number(step_text, field, limit=7) if step_text else 1
    if span == "*":
        first, last = 0, 6
    elif "-" in span:
        first_text, _, last_text = span.partition("-")
        first = _weekday_number(first_text, field)
        last = _weekday_number(last_text, field)
    else:
        first = last = _weekday_number(span, field)
        if step_text:
            last = 6
    if (first > last and last != 0) or step < 1:
        raise BadScheduleError(f"--cron: weekday field {field!r} is not valid")
    if last == 0 and first > 0:
        last = 7  # "5-7" or "fri-sun": 7 is Sunday again
    return {d % 7 for d in range(first, last + 1, step)}


def _weekday_number(text: str, field: str, *, limit: int = 7) -> int:
    if text in _WEEKDAYS:
        return _WEEKDAYS.index(text)
    if text.isdigit() and int(text) <= limit:
        return int(text)
    raise BadScheduleError(
        f"--cron: weekday field {field!r} is not valid (use 0-7 or sun-sat)"
    )


def build_trigger(
    every: str | None, cron: str | None, jitter: str | None
) -> BaseTrigger:
    """The crawl job's trigger from the command-line options (default: every 30 minutes)."""
    jitter_td = parse_duration(jitter, option="--jitter") if jitter else None
    if cron is not None:
        return parse_cron(cron, jitter=jitter_td)
    interval = parse_positive_duration(every or DEFAULT_EVERY, option="--every")
    return IntervalTrigger(
        seconds=interval.total_seconds(), timezone="UTC", jitter=_seconds(jitter_td)
    )


def _seconds(duration: timedelta | None) -> int | None:
    # APScheduler takes jitter as whole seconds; a sub-second jitter means none.
    if duration is None:
        return None
    return int(duration.total_seconds()) or None
