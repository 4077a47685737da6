"""serve-fixtures from any folder, faults on paths holding '=', and a polite `record`."""

from __future__ import annotations

import itertools
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_replay_cli import START_LINE, read_line

from crawler.replay.faults import FaultError, parse_assignment
from crawler.replay.manifest import Manifest
from nkwatch.cli import main

ROOT = Path(__file__).resolve().parents[1]
REST_PAGE = "/english/wp-json/wp/v2/posts?per_page=10&page=2"


@pytest.mark.parametrize(
    ("text", "path", "kind", "arg"),
    [
        (f"{REST_PAGE}=503", REST_PAGE, "503", None),
        (f"{REST_PAGE}=429:7*2", REST_PAGE, "429", "7"),
        (
            "/english/=redirect:/english/?page=2",
            "/english/",
            "redirect",
            "/english/?page=2",
        ),
        ("/x?a=b=c=timeout:3", "/x?a=b=c", "timeout", "3"),
    ],
)
def test_a_fault_path_may_hold_equals_signs(
    text: str, path: str, kind: str, arg: str | None
) -> None:
    got_path, fault = parse_assignment(text)
    assert (got_path, fault.kind, fault.arg) == (path, kind, arg)


def test_a_bad_fault_after_an_equals_path_is_still_named() -> None:
    with pytest.raises(FaultError, match="bogus"):
        parse_assignment("/x?a=b=bogus")


@pytest.mark.slow  # runs nkwatch in a child process
def test_serve_fixtures_finds_the_fixtures_from_any_folder(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nkwatch",
            "serve-fixtures",
            "--port",
            "0",
            "--fault",
            f"{REST_PAGE}=503",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,  # no fixtures/ here
    )
    try:
        assert process.stdout is not None
        match = START_LINE.fullmatch(read_line(process.stdout, timeout=60).strip())
        assert match, "serve-fixtures did not start without --dir"
        assert int(match.group(3)) > 0  # articles found
        origin = match.group(1).removesuffix("/english/")
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(origin + REST_PAGE, timeout=10)
        assert answer.value.code == 503  # the fault reached a path with '=' in it
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


# -- record: robots.txt and the delay ---------------------------------------------------


@dataclass
class Site:
    robots_status: int = 200
    robots: bytes = b"User-agent: *\nDisallow: /english/private/\n"
    requests: list[tuple[float, str]] = field(default_factory=list)


def serve(site: Site) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server's name
            site.requests.append((time.monotonic(), self.path))
            if self.path == "/robots.txt":
                status, body = site.robots_status, site.robots
            else:
                status, body = 200, b"<html>page</html>"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site()
    server, origin = serve(state)
    yield state, origin
    server.shutdown()
    server.server_close()


def test_record_obeys_robots_txt_and_the_delay(
    site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state, origin = site
    urls = [
        f"{origin}/english/a/",
        f"{origin}/english/private/x/",
        f"{origin}/english/b/",
    ]
    code = main(["record", *urls, "--into", str(tmp_path), "--delay", "0.3"])
    assert code == 1  # one URL was refused
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"nkwatch record: {urls[1]}: not recorded: disallowed by {origin}/robots.txt"
    ]
    assert [path for _, path in state.requests] == [
        "/robots.txt",
        "/english/a/",
        "/english/b/",
    ]
    times = [t for t, _ in state.requests]
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(times))
    manifest = Manifest.load(tmp_path)
    assert manifest.lookup(urls[0]) is not None
    assert manifest.lookup(urls[1]) is None


@pytest.mark.parametrize(("status", "recorded"), [(503, False), (404, True)])
def test_record_robots_5xx_disallows_and_4xx_allows(
    site: tuple[Site, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    status: int,
    recorded: bool,
) -> None:
    state, origin = site
    state.robots_status = status
    url = f"{origin}/english/private/x/"
    code = main(["record", url, "--into", str(tmp_path), "--delay", "0"])
    assert code == (0 if recorded else 1)
    err = capsys.readouterr().err
    if not recorded:
        assert f"robots.txt answered HTTP {status}" in err
        assert [path for _, path in state.requests] == ["/robots.txt"]
