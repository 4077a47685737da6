"""Health verdicts from the run history: what is wrong, and which alerts are new or resolved.

Pure functions over plain dicts (store rows and report dicts), so ``nkwatch status`` and the
service judge health the same way. What counts as a problem, and what never does:

- the listings yielded no article links (the site's layout changed, or it answers garbage);
- a field's coverage in the last run fell far below the stored history (e.g. no report of the
  run has authors while most stored ones do: the parser no longer finds them);
- ``failure_threshold`` consecutive failed runs (interrupted runs neither count nor reset);
- (status only) the scheduled crawl is long overdue: no service is running.

Zero new reports is never a problem: most runs of a healthy monitor find nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

DEFAULT_FAILURE_THRESHOLD = 3
# Coverage is judged only on enough reports: a run with one odd article is not a layout change.
MIN_RUN_REPORTS = 3
MIN_HISTORY_REPORTS = 10
# A field counts as "dropped" when the run's share is under half the history's, and the history
# says the field is usually there (otherwise its absence says nothing).
COVERAGE_RATIO = 0.5
MIN_HISTORY_SHARE = 0.5
# The service keeps the job's next run time fresh; this far in the past means nobody runs it.
OVERDUE_AFTER = timedelta(minutes=5)
FAILED = "failed"
NOT_COUNTED = frozenset({"interrupted", "running"})


def _has_text_list(value: Any) -> bool:
    return bool(value) and any(str(v).strip() for v in value)


#: Fields whose coverage is watched: name -> "is it present in this report dict".
COVERAGE_FIELDS: dict[str, Callable[[Any], bool]] = {
    "published_at": bool,
    "body": _has_text_list,
    "authors": bool,
    "image": bool,
    "tags": bool,
}


@dataclass(frozen=True, slots=True)
class Alert:
    """One current problem. ``key`` identifies it across runs (de-duplication)."""

    key: str
    message: str


@dataclass(frozen=True, slots=True)
class Verdict:
    alerts: tuple[Alert, ...]

    @property
    def healthy(self) -> bool:
        return not self.alerts

    @property
    def label(self) -> str:
        return "healthy" if self.healthy else "unhealthy"


def consecutive_failures(runs: Iterable[Mapping[str, Any]]) -> int:
    """Failed runs since the last run that completed (newest first); interrupted ones are skipped."""
    count = 0
    for run in runs:
        outcome = run.get("outcome")
        if outcome in NOT_COUNTED:
            continue
        if outcome != FAILED:
            break
        count += 1
    return count


def failure_alert(runs: Sequence[Mapping[str, Any]], threshold: int) -> Alert | None:
    count = consecutive_failures(runs)
    if count < threshold:
        return None
    last_error = next(
        (r.get("error") for r in runs if r.get("outcome") == FAILED), None
    )
    detail = f"; last error: {_one_line(last_error)}" if last_error else ""
    return Alert("failures", f"{count} consecutive crawl runs failed{detail}")


def no_links_alert(links_found: int | None) -> Alert | None:
    """``links_found`` is None when unknown (the run failed before reading a listing)."""
    if links_found is None or links_found > 0:
        return None
    return Alert(
        "no_links",
        "the listings yielded no article links: the site's layout may have changed",
    )


def coverage(reports: Sequence[Mapping[str, Any]], name: str) -> float:
    present = COVERAGE_FIELDS[name]
    return sum(1 for r in reports if present(r.get(name))) / len(reports)


def coverage_alerts(
    run_reports: Sequence[Mapping[str, Any]],
    history: Sequence[Mapping[str, Any]],
) -> list[Alert]:
    """One alert per field whose share in the run fell under half its share in the history."""
    if len(run_reports) < MIN_RUN_REPORTS or len(history) < MIN_HISTORY_REPORTS:
        return []
    alerts = []
    for name in COVERAGE_FIELDS:
        before, now = coverage(history, name), coverage(run_reports, name)
        if before >= MIN_HISTORY_SHARE and now < before * COVERAGE_RATIO:
            alerts.append(
                Alert(
                    f"coverage:{name}",
                    f"field coverage dropped: {name} in {now:.0%} of the last run's "
                    f"{len(run_reports)} reports vs {before:.0%} of the stored history "
                    "(layout change?)",
                )
            )
    return alerts


def overdue_alert(next_run: datetime | None, now: datetime) -> Alert | None:
    if next_run is None or now - next_run < OVERDUE_AFTER:
        return None
    return Alert(
        "overdue",
        f"the scheduled crawl was due at {next_run:%Y-%m-%d %H:%M:%S %Z} and has not run: "
        "is `nkwatch schedule` running?",
    )


def split_by_run(
    reports: Iterable[Mapping[str, Any]], run: Mapping[str, Any]
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """(reports first seen during ``run``, reports stored before it) by ``first_seen_at``."""
    start = as_datetime(run.get("started_at"))
    end = as_datetime(run.get("finished_at"))
    during: list[Mapping[str, Any]] = []
    before: list[Mapping[str, Any]] = []
    for report in reports:
        seen = as_datetime(report.get("first_seen_at"))
        if seen is None or start is None:
            continue
        if seen < start:
            before.append(report)
        elif end is None or seen <= end:
            during.append(report)
    return during, before


def as_datetime(value: Any) -> datetime | None:
    """An aware datetime from a datetime or ISO string (naive values are taken as UTC)."""
    if value is None or value == "":
        return None
    parsed = (
        value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    )
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _one_line(text: str) -> str:
    line = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return line[:200]


@dataclass
class AlertTracker:
    """Remembers active alerts so an ongoing problem is announced once, not on every run.

    An alert is announced when it appears, again only after ``remind_after`` while it lasts,
    and its resolution is announced when it disappears.
    """

    remind_after: timedelta = timedelta(hours=24)
    active: dict[str, tuple[Alert, datetime]] = field(default_factory=dict)

    def update(
        self, alerts: Iterable[Alert], now: datetime
    ) -> tuple[list[Alert], list[Alert]]:
        """Record the current alerts; return (to announce, resolved since last time)."""
        current = {a.key: a for a in alerts}
        resolved = [a for key, (a, _) in self.active.items() if key not in current]
        announce = []
        for key, alert in current.items():
            previous = self.active.get(key)
            if previous is None or now - previous[1] >= self.remind_after:
                announce.append(alert)
                self.active[key] = (alert, now)
        for alert in resolved:
            del self.active[alert.key]
        return announce, resolved

    def to_state(self) -> dict[str, Any] | None:
        """The active alerts as JSON (kept in the store, so a restart does not re-announce)."""
        if not self.active:
            return None
        return {
            key: {"message": alert.message, "announced_at": when.isoformat()}
            for key, (alert, when) in self.active.items()
        }

    def restore(self, state: Any) -> None:
        """Take back what ``to_state`` kept; anything unreadable is ignored."""
        if not isinstance(state, dict):
            return
        for key, value in state.items():
            try:
                when = datetime.fromisoformat(value["announced_at"])
                self.active[key] = (Alert(key, str(value["message"])), when)
            except (KeyError, TypeError, ValueError):
                continue
