"""`nkwatch serve` as a user runs it: a real process on a free port, then one-line errors."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest
from conftest import nkwatch_argv, run_nkwatch
from web_samples import fill_store

# Every test starts nkwatch serve or schedule in a child process.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def nkwatch(*argv: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return run_nkwatch(*argv, timeout=timeout, cwd=ROOT)


def test_serve_shows_the_stored_reports_until_stopped(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/serve.db"
    reports = fill_store(db)
    process = subprocess.Popen(
        nkwatch_argv("--db", db, "serve", "--port", "0"),
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
        assert match, line
        base = match.group(1)
        with urllib.request.urlopen(
            base + "api/reports?all=1&limit=200", timeout=10
        ) as r:
            body = json.load(r)
        assert body["total"] == len(reports)
        with urllib.request.urlopen(base, timeout=10) as r:
            assert r.status == 200
            assert "text/html" in r.headers["content-type"]
    finally:
        process.terminate()
        process.wait(timeout=15)
    # SIGTERM ends every nkwatch command with 143 (128 + 15), as README says
    assert process.returncode in (0, 143)


def test_serve_refuses_a_missing_database_in_one_line(tmp_path: Path) -> None:
    result = nkwatch("--db", f"sqlite:///{tmp_path}/none.db", "serve", "--port", "0")
    assert result.returncode == 1
    expected = (
        f"nkwatch serve: no database at {tmp_path}/none.db: run `nkwatch crawl` first "
        "(or give --db)"
    )
    assert result.stderr.strip().splitlines() == [expected]
    assert not (tmp_path / "none.db").exists()


def test_serve_says_when_the_port_is_taken(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/serve.db"
    fill_store(db)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = nkwatch("--db", db, "serve", "--port", str(port))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "70000"], "--port: 70000 is not a port number"),
        (["--port", "x"], "argument --port: invalid int value"),
    ],
)
def test_serve_refuses_bad_options(
    tmp_path: Path, argv: list[str], message: str
) -> None:
    result = nkwatch("--db", f"sqlite:///{tmp_path}/x.db", "serve", *argv)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_exposed_hosts_get_a_warning() -> None:
    from nkwatch.web.server import exposure_warning

    assert exposure_warning("127.0.0.1") is None
    assert exposure_warning("::1") is None
    assert exposure_warning("localhost") is None
    assert "reachable from other machines" in (exposure_warning("0.0.0.0") or "")  # noqa: S104


def test_schedule_serve_runs_the_pages_beside_the_service(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/service.db"
    reports = fill_store(db)
    log_path = tmp_path / "service.log"
    with log_path.open("w") as log:
        # The crawls go to a closed port on this machine: they fail fast, offline.
        process = subprocess.Popen(
            nkwatch_argv(
                "--db", db, "--base-url", "http://127.0.0.1:9/english/",
                "schedule", "--every", "1h", "--serve", "0",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )  # fmt: skip
        try:
            base = _wait_for(log_path, r"serving (http://127\.0\.0\.1:\d+/)")
            with urllib.request.urlopen(
                base + "api/reports?all=1&limit=1", timeout=10
            ) as r:
                assert json.load(r)["total"] == len(reports)
        finally:
            process.terminate()
            code = process.wait(timeout=30)
    assert code == 0, log_path.read_text()


def _wait_for(log_path: Path, pattern: str, timeout_s: float = 30) -> str:
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        match = re.search(pattern, log_path.read_text())
        if match:
            return match.group(1)
        time.sleep(0.1)
    raise AssertionError(f"not in the log: {pattern}\n{log_path.read_text()}")
