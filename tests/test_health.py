"""Health verdicts and alert de-duplication (pure functions over run and report dicts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduler.health import (
    Alert,
    AlertTracker,
    consecutive_failures,
    coverage_alerts,
    failure_alert,
    no_links_alert,
    overdue_alert,
    split_by_run,
)

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def runs(*outcomes: str) -> list[dict[str, object]]:
    """Run rows, newest first, as the store returns them."""
    return [
        {"id": len(outcomes) - i, "outcome": o, "error": f"boom {len(outcomes) - i}"}
        for i, o in enumerate(outcomes)
    ]


def report(**fields: object) -> dict[str, object]:
    full: dict[str, object] = {
        "url": "https://www.dailynk.com/english/x/",
        "published_at": "2024-05-01T10:00:00+09:00",
        "body": ["A paragraph."],
        "authors": [{"name": "Kang Mi Jin"}],
        "image": {"url": "https://www.dailynk.com/a.jpg"},
        "tags": ["MPS"],
    }
    full.update(fields)
    return full


@pytest.mark.parametrize(
    ("outcomes", "count"),
    [
        ((), 0),
        (("ok",), 0),
        (("failed",), 1),
        (("failed", "failed", "ok", "failed"), 2),
        (("failed", "interrupted", "failed", "failed"), 3),
        (("running", "failed", "partial", "failed"), 1),
    ],
)
def test_consecutive_failures(outcomes: tuple[str, ...], count: int) -> None:
    assert consecutive_failures(runs(*outcomes)) == count


def test_failure_alert_at_threshold_names_the_last_error() -> None:
    assert failure_alert(runs("failed", "failed", "ok"), 3) is None
    alert = failure_alert(runs("failed", "failed", "failed", "ok"), 3)
    assert alert is not None
    assert alert.key == "failures"
    assert "3 consecutive" in alert.message
    assert "boom 4" in alert.message  # the newest failure's error


def test_zero_new_reports_is_never_an_alert() -> None:
    quiet = [{"id": i, "outcome": "ok", "new": 0, "error": None} for i in range(10)]
    assert failure_alert(quiet, 1) is None
    assert no_links_alert(25) is None
    assert coverage_alerts([], [report() for _ in range(50)]) == []


def test_no_links_alert_only_when_known_zero() -> None:
    assert no_links_alert(None) is None
    assert no_links_alert(3) is None
    alert = no_links_alert(0)
    assert alert is not None
    assert alert.key == "no_links"


def test_coverage_drop_of_authors_is_reported() -> None:
    history = [report() for _ in range(40)]
    run = [report(authors=[]) for _ in range(5)]
    alerts = coverage_alerts(run, history)
    assert [a.key for a in alerts] == ["coverage:authors"]
    assert "0%" in alerts[0].message
    assert "100%" in alerts[0].message


def test_coverage_of_a_field_rarely_present_is_not_judged() -> None:
    # Only 20% of the history has an image: a run without images says nothing.
    history = [report(image=None) for _ in range(32)] + [report() for _ in range(8)]
    run = [report(image=None) for _ in range(5)]
    assert coverage_alerts(run, history) == []


def test_coverage_needs_enough_reports_in_the_run() -> None:
    history = [report() for _ in range(40)]
    assert coverage_alerts([report(body=[]), report(body=[])], history) == []
    alerts = coverage_alerts([report(body=[" "])] * 3, history)
    assert [a.key for a in alerts] == ["coverage:body"]


def test_partial_drop_within_half_is_tolerated() -> None:
    history = [report() for _ in range(40)]
    run = [report(), report(), report(tags=[]), report(tags=[])]
    assert coverage_alerts(run, history) == []


def test_overdue_alert() -> None:
    assert overdue_alert(None, NOW) is None
    assert overdue_alert(NOW - timedelta(minutes=4), NOW) is None
    alert = overdue_alert(NOW - timedelta(minutes=6), NOW)
    assert alert is not None
    assert "nkwatch schedule" in alert.message


def test_split_by_run_uses_first_seen_at() -> None:
    run = {
        "started_at": "2024-05-01T10:00:00+00:00",
        "finished_at": "2024-05-01T10:05:00",
    }
    old = {"url": "a", "first_seen_at": "2024-04-30T10:00:00+00:00"}
    new = {"url": "b", "first_seen_at": datetime(2024, 5, 1, 10, 1, tzinfo=UTC)}
    later = {"url": "c", "first_seen_at": "2024-05-01T11:00:00+00:00"}
    during, before = split_by_run([old, new, later], run)
    assert [r["url"] for r in during] == ["b"]
    assert [r["url"] for r in before] == ["a"]


def test_tracker_announces_once_reminds_daily_and_resolves() -> None:
    tracker = AlertTracker(remind_after=timedelta(hours=24))
    failing = Alert("failures", "3 consecutive crawl runs failed")
    assert tracker.update([failing], NOW) == ([failing], [])
    for hours in range(1, 24):
        assert tracker.update([failing], NOW + timedelta(hours=hours)) == ([], [])
    assert tracker.update([failing], NOW + timedelta(hours=24)) == ([failing], [])
    assert tracker.update([], NOW + timedelta(hours=25)) == ([], [failing])
    assert tracker.update([], NOW + timedelta(hours=26)) == ([], [])
    # It comes back: announced again.
    assert tracker.update([failing], NOW + timedelta(hours=27)) == ([failing], [])
