"""nkwatch runs --failures: the fetch_failures rows (URL, reason, attempts, last attempt)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_store_samples import article_url

from nkwatch.cli import main
from store import open_store

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
LONG_REASON = "DownloadTimeoutError: Getting " + "x" * 200 + " took longer than 30 s"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'failures.db'}"
    open_store(url).close()  # runs --failures reads; it never creates a database
    return url


@pytest.fixture
def failed_db(db: str) -> str:
    """Article 1 failed twice (404 then 503), article 2 once, an hour later."""
    times = iter([T0, T0 + timedelta(minutes=30), T0 + timedelta(hours=1)])
    with open_store(db, clock=lambda: next(times)) as store:
        store.record_failure(article_url(1), "HTTP 404")
        store.record_failure(article_url(1), "HTTP 503")
        store.record_failure(article_url(2), LONG_REASON)
    return db


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_failures_json_lists_each_url_with_its_last_reason_and_attempts(
    capsys: pytest.CaptureFixture[str], failed_db: str
) -> None:
    code, out, _ = cli(
        capsys, "--db", failed_db, "runs", "--failures", "--format", "json"
    )
    assert code == 0
    rows = json.loads(out)
    assert [(r["url"], r["reason"], r["attempts"]) for r in rows] == [
        (article_url(2), LONG_REASON, 1),
        (article_url(1), "HTTP 503", 2),
    ]
    first = rows[1]
    assert datetime.fromisoformat(first["first_failed_at"]) == T0
    assert datetime.fromisoformat(first["last_attempt_at"]) == T0 + timedelta(
        minutes=30
    )


def test_failures_table_has_one_line_per_url_with_a_short_reason(
    capsys: pytest.CaptureFixture[str], failed_db: str
) -> None:
    code, out, _ = cli(capsys, "--db", failed_db, "runs", "--failures")
    header, *lines = out.splitlines()
    assert code == 0
    assert header.split() == [
        "LAST", "ATTEMPT", "(UTC)", "KIND", "ATTEMPTS", "NEXT", "TRY", "(UTC)", "URL",
        "REASON",
    ]  # fmt: skip
    assert len(lines) == 2
    assert lines[0].split()[:7] == [
        "2026-03-01", "10:30", "transient", "1", "next", "run", article_url(2),
    ]  # fmt: skip
    assert lines[0].endswith("…")  # a long reason is cut, not wrapped
    assert len(lines[0]) < 200
    assert lines[1].split() == [
        "2026-03-01", "10:00", "transient", "2", "next", "run", article_url(1),
        "HTTP", "503",
    ]  # fmt: skip


def test_failures_limit(capsys: pytest.CaptureFixture[str], failed_db: str) -> None:
    argv = ("--db", failed_db, "runs", "--failures", "--limit", "1", "--format", "json")
    code, out, _ = cli(capsys, *argv)
    assert code == 0
    assert [r["url"] for r in json.loads(out)] == [article_url(2)]


def test_a_stored_article_leaves_the_failures(
    capsys: pytest.CaptureFixture[str], failed_db: str
) -> None:
    with open_store(failed_db) as store:
        store.clear_failures([article_url(2)])
    out = cli(capsys, "--db", failed_db, "runs", "--failures", "--format", "json")[1]
    assert [r["url"] for r in json.loads(out)] == [article_url(1)]


def test_no_failures_is_said_on_stderr_and_is_empty_json(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, err = cli(capsys, "--db", db, "runs", "--failures")
    assert (code, out, err.strip()) == (0, "", "no fetch failures recorded")
    code, out, _ = cli(capsys, "--db", db, "runs", "--failures", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_runs_without_failures_flag_still_lists_runs(
    capsys: pytest.CaptureFixture[str], failed_db: str
) -> None:
    with open_store(failed_db) as store:
        run_id = store.start_run("manual")
    code, out, _ = cli(capsys, "--db", failed_db, "runs", "--format", "json")
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == [run_id]


def test_failures_show_the_verdict_kind_and_next_try(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    now = datetime.now(UTC)
    with open_store(db, clock=lambda: now) as store:
        store.record_failure(
            article_url(3), "not an article: static page", kind="permanent"
        )
    code, out, _ = cli(capsys, "--db", db, "runs", "--failures")
    line = out.splitlines()[1]
    assert code == 0
    next_try = (now + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    assert line.split()[2:6] == ["permanent", "1", *next_try.split()]


def test_clear_forgets_one_url_or_every_failure(
    capsys: pytest.CaptureFixture[str], failed_db: str
) -> None:
    code, _, err = cli(capsys, "--db", failed_db, "runs", "--clear", article_url(2))
    assert (code, err) == (0, "cleared 1 failure\n")
    code, _, err = cli(capsys, "--db", failed_db, "runs", "--clear", article_url(2))
    assert code == 1
    assert err.startswith(f"nkwatch runs: no failure recorded for {article_url(2)}")
    code, _, err = cli(capsys, "--db", failed_db, "runs", "--failures", "--clear")
    assert (code, err) == (0, "cleared 1 failure\n")
    with open_store(failed_db) as store:
        assert store.failures() == []
