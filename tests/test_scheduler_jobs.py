"""One crawl in a child process: summary, timeout, stop, crash (fake children, no network)."""

from __future__ import annotations

import json
import sys
import threading
import time

import pytest

from scheduler.jobs import (
    FAILED,
    INTERRUPTED,
    CrawlResult,
    last_json_line,
    run_child,
)

SUMMARY = {
    "run_id": 12,
    "outcome": "ok",
    "new": 2,
    "revised": 1,
    "unchanged": 5,
    "failed": 0,
    "requests": 9,
    "new_urls": [
        "https://www.dailynk.com/english/a/",
        "https://www.dailynk.com/english/b/",
    ],
    "links_found": 40,
    "error": None,
}


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


@pytest.mark.slow
def test_summary_is_read_from_the_last_json_line() -> None:
    code = f"print('scrapy chatter'); print({json.dumps(json.dumps(SUMMARY))})"
    result = run_child(python(code), timeout_s=30, stop=threading.Event())
    assert result.reported
    assert result.outcome == "ok"
    assert result.run_id == 12
    assert (result.new, result.revised, result.unchanged, result.requests) == (
        2,
        1,
        5,
        9,
    )
    assert result.new_urls == tuple(SUMMARY["new_urls"])
    assert result.links_found == 40


@pytest.mark.slow
def test_a_child_that_exits_without_summary_failed() -> None:
    result = run_child(
        python("import sys; sys.exit(3)"), timeout_s=30, stop=threading.Event()
    )
    assert result.outcome == FAILED
    assert not result.reported
    assert "exited with code 3" in (result.error or "")


@pytest.mark.slow
def test_a_child_killed_by_a_signal_failed() -> None:
    code = "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    result = run_child(python(code), timeout_s=30, stop=threading.Event())
    assert result.outcome == FAILED
    assert "signal 9" in (result.error or "")


@pytest.mark.slow
def test_a_hanging_child_is_stopped_at_the_timeout() -> None:
    started = time.monotonic()
    result = run_child(
        python("import time; time.sleep(60)"), timeout_s=1, stop=threading.Event()
    )
    assert result.outcome == FAILED
    assert "timed out after 1 s" in (result.error or "")
    assert time.monotonic() - started < 10


@pytest.mark.slow
def test_a_child_ignoring_sigterm_is_killed_after_the_grace_time() -> None:
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)"
    )
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    result = run_child(python(code), timeout_s=60, stop=stop)
    assert result.outcome == INTERRUPTED
    assert not result.reported
    assert 3 <= time.monotonic() - started < 10  # SIGTERM, 3 s grace, SIGKILL


@pytest.mark.slow
def test_stop_sends_sigterm_and_keeps_the_childs_own_summary() -> None:
    # A crawl that closes its run on SIGTERM (as Scrapy's shutdown does) and reports it.
    summary = json.dumps({**SUMMARY, "outcome": "interrupted", "new": 1})
    code = (
        "import signal, sys, time\n"
        "def bye(*_):\n"
        f"    print({json.dumps(summary)}, flush=True); sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, bye)\n"
        "time.sleep(60)\n"
    )
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    result = run_child(python(code), timeout_s=60, stop=stop)
    assert time.monotonic() - started < 3
    assert result.outcome == INTERRUPTED
    assert result.run_id == 12
    assert result.new == 1


@pytest.mark.parametrize(
    ("stdout", "expected"),
    [
        ("", None),
        ("no json here\n", None),
        ('{"a": 1}\n{"b": 2}\ntrailing words\n', {"b": 2}),
        ('{"a": 1}\n{broken\n', {"a": 1}),
        ("[1, 2]\n", None),
    ],
)
def test_last_json_line(stdout: str, expected: dict[str, int] | None) -> None:
    assert last_json_line(stdout) == expected


def test_result_tolerates_missing_counts() -> None:
    result = CrawlResult.from_summary({"outcome": "failed", "error": "x"}, 1.5)
    assert (result.new, result.failed, result.links_found) == (0, 0, None)
    assert result.duration_s == 1.5


def stopped_child_reporting(outcome: str) -> CrawlResult:
    summary = json.dumps({**SUMMARY, "outcome": outcome})
    code = (
        "import signal, sys, time\n"
        "def bye(*_):\n"
        f"    print({json.dumps(summary)}, flush=True); sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, bye)\n"
        "time.sleep(60)\n"
    )
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    return run_child(python(code), timeout_s=60, stop=stop)


@pytest.mark.slow
def test_a_stopped_child_that_says_failed_is_overruled() -> None:
    # Scrapy's shutdown cancels downloads; the crawl may then call itself "failed".
    result = stopped_child_reporting("failed")
    assert result.outcome == INTERRUPTED
    assert not result.reported  # the service must correct the run row
    assert result.run_id == 12


@pytest.mark.slow
def test_a_stopped_child_that_finished_its_work_keeps_its_verdict() -> None:
    result = stopped_child_reporting("ok")
    assert result.outcome == "ok"
    assert result.reported
