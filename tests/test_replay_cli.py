"""`nkwatch serve-fixtures` as a real process: start, learn the port, fetch, publish, stop."""

from __future__ import annotations

import json
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from conftest import FIXTURES, nkwatch_argv, run_nkwatch

START_LINE = re.compile(
    r"serving fixtures on (http://127\.0\.0\.1:(\d+)/english/) \((\d+) articles, (\d+) held back\)"
)
pytestmark = [
    pytest.mark.skipif(
        not (FIXTURES / "dailynk" / "manifest.json").is_file(),
        reason="fixtures/dailynk not built yet",
    ),
    pytest.mark.slow,  # every test runs the CLI in a child process
]


def read_line(stream: IO[str], timeout: float) -> str:
    """The next line of ``stream``, or "" after ``timeout`` seconds (never blocks longer)."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return ""


class Served:
    def __init__(
        self, process: subprocess.Popen[str], base_url: str, stderr: Path
    ) -> None:
        self.process = process
        self.base_url = base_url
        self.origin = base_url.removesuffix("/english/")
        self.stderr = stderr

    def stop(self, signum: int = signal.SIGTERM) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=15)


Start = Callable[..., tuple[Served, re.Match[str]]]


@pytest.fixture
def serve_fixtures(tmp_path: Path) -> Iterator[Start]:
    started: list[subprocess.Popen[str]] = []

    def start(*options: str) -> tuple[Served, re.Match[str]]:
        stderr = tmp_path / f"stderr-{len(started)}.log"
        process = subprocess.Popen(
            nkwatch_argv("serve-fixtures", "--port", "0", *options),
            stdout=subprocess.PIPE,
            stderr=stderr.open("w"),
            text=True,
        )
        started.append(process)
        assert process.stdout is not None
        line = read_line(process.stdout, timeout=60)
        match = START_LINE.fullmatch(line.strip())
        assert match, f"start line {line!r}; stderr: {stderr.read_text()}"
        return Served(process, match.group(1), stderr), match

    yield start
    for process in started:  # a failed test must not leave a server running
        if process.poll() is None:
            process.kill()
            process.wait(timeout=15)


def fetch(url: str, method: str = "GET") -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, method=method, data=b"" if method == "POST" else None
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def state(served: Served) -> dict[str, object]:
    return json.loads(fetch(served.origin + "/__nkwatch/state")[1])


def test_serves_publishes_on_sigusr1_and_stops_on_sigterm(
    serve_fixtures: Start,
) -> None:
    served, match = serve_fixtures("--dir", str(FIXTURES), "--hold-back", "1")
    assert int(match.group(4)) == 1
    assert int(match.group(3)) >= 30

    status, home = fetch(served.base_url)
    assert status == 200
    assert served.base_url.encode() in home
    assert b"https://www.dailynk.com/english/" not in home

    (hidden,) = state(served)["held_back_urls"]
    assert fetch(hidden)[0] == 404
    served.process.send_signal(signal.SIGUSR1)
    deadline = time.monotonic() + 10
    while state(served)["held_back"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fetch(hidden)[0] == 200

    assert served.stop(signal.SIGTERM) == 0
    log = served.stderr.read_text()
    assert f"GET /english/ 200 {len(home)}" in log
    assert "published " in log
    assert "Traceback" not in log


def test_publish_endpoint_and_ctrl_c(serve_fixtures: Start) -> None:
    served, _ = serve_fixtures("--dir", str(FIXTURES / "dailynk"), "--hold-back", "2")
    first = json.loads(fetch(served.origin + "/__nkwatch/publish", "POST")[1])
    assert first["held_back"] == 1
    assert fetch(first["published"])[0] == 200
    assert served.stop(signal.SIGINT) == 0


def test_missing_fixture_folder_is_one_line_exit_1(tmp_path: Path) -> None:
    result = run_nkwatch("serve-fixtures", "--port", "0", "--dir", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"nkwatch serve-fixtures: fixture folder not found: {tmp_path / 'nope'}"
    ]


def test_bad_manifest_is_one_line_exit_1(tmp_path: Path) -> None:
    document = {
        "version": 1,
        "pages": [{"url": "https://www.dailynk.com/x/", "file": "../x"}],
    }
    (tmp_path / "manifest.json").write_text(json.dumps(document))
    result = run_nkwatch("serve-fixtures", "--port", "0", "--dir", str(tmp_path))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "outside the fixture folder" in result.stderr


@pytest.mark.parametrize("option", [["--port", "70000"], ["--hold-back", "-1"]])
def test_bad_numbers_are_usage_errors(option: list[str]) -> None:
    result = run_nkwatch("serve-fixtures", "--dir", str(FIXTURES), *option)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_port_in_use_is_one_line_exit_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_nkwatch("serve-fixtures", "--dir", str(FIXTURES), "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"nkwatch serve-fixtures: cannot listen on 127.0.0.1:{port}"
    )
    assert len(result.stderr.strip().splitlines()) == 1
