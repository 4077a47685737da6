"""Ctrl-C and SIGTERM end a crawl of a site that never answers within 5 s (exit 130 / 143),
the run is recorded as interrupted, and progress lines say the site is silent (-v)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import nkwatch_argv

from store import open_store

pytestmark = pytest.mark.slow  # every test signals a crawl running in a child process

ROOT = Path(__file__).resolve().parents[1]


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never sends a byte (a hung site)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.held: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/english/"

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def start_crawl(
    base_url: str, db: str, *extra: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    argv = nkwatch_argv("--db", db, "--base-url", base_url)
    return subprocess.Popen(
        [*argv, *extra, "crawl", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def wait_for_requests(server: SilentServer, child: subprocess.Popen[str]) -> None:
    """Until the crawl has connected (it is then waiting on the silent site)."""
    deadline = time.monotonic() + 30
    while not server.held and time.monotonic() < deadline:
        assert child.poll() is None, child.communicate()
        time.sleep(0.1)
    assert server.held, "the crawl never connected"
    time.sleep(0.5)


@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
    ids=["INT", "TERM"],
)
def test_a_signal_ends_a_crawl_of_a_hung_site_within_5_s(
    silent: SilentServer, tmp_path: Path, signum: int, code: int
) -> None:
    db = f"sqlite:///{tmp_path / 'hung.db'}"
    child = start_crawl(silent.base_url, db)
    try:
        wait_for_requests(silent, child)
        sent = time.monotonic()
        child.send_signal(signum)
        out, err = child.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert took < 5, f"took {took:.1f} s to stop"
    assert child.returncode == code, err
    assert "Traceback" not in err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["outcome"] == "interrupted"
    assert summary["error"] == f"interrupted by {signal.Signals(signum).name}"
    with open_store(db) as store:
        [run] = store.runs()
    assert (run["outcome"], run["id"]) == ("interrupted", summary["run_id"])


def test_progress_says_the_site_is_silent(silent: SilentServer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'quiet.db'}"
    # The entry pages' budget (10 s) would end the run first: a longer one here, so the
    # crawl is still waiting when the progress line comes.
    child = start_crawl(silent.base_url, db, "-v", env={"NKWATCH_ENTRY_TIMEOUT": "40"})
    try:
        wait_for_requests(silent, child)
        time.sleep(11)  # one progress interval (10 s)
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    progress = [line for line in err.splitlines() if " requests, " in line]
    assert progress, err[-2000:]
    assert "no answer from the site for" in progress[-1]
    assert child.returncode == 143


def test_sigterm_while_the_crawl_is_starting_is_exit_143_in_one_line(
    silent: SilentServer, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'early.db'}"
    child = start_crawl(silent.base_url, db)
    try:
        time.sleep(1.0)  # still importing and setting up: before the crawl's handlers
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 143, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


def test_a_stopped_scheduled_crawl_reports_its_run_to_the_service(
    silent: SilentServer, tmp_path: Path
) -> None:
    """The service's child, cut short, still prints its summary: one run row, not two."""
    import os

    from scheduler.jobs import last_json_line

    db = f"sqlite:///{tmp_path / 'child.db'}"
    env = {**os.environ, "NKWATCH_DB": db, "NKWATCH_BASE_URL": silent.base_url}
    child = subprocess.Popen(
        [sys.executable, "-m", "scheduler.crawl_job"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_requests(silent, child)
        child.send_signal(signal.SIGTERM)
        out, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    summary = last_json_line(out)
    assert summary is not None
    assert summary["outcome"] == "interrupted"
    with open_store(db) as store:
        [run] = store.runs()
    assert (run["id"], run["outcome"]) == (summary["run_id"], "interrupted")
