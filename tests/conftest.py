"""Shared test helpers: the paths, one CLI runner, one fixture server, one ``wait_until``.

- ``ROOT``, ``FIXTURES``, ``SITE`` (fixtures/dailynk), ``SEEDS``, ``DATA`` (tests/data);
- ``run_nkwatch(*argv)``: ``python -m nkwatch ARGV`` in a child process (text output, no
  check); ``nkwatch_argv(*argv)`` is its command line, for tests that need a Popen;
- ``serving(site)``: the fixture server for ``site`` on 127.0.0.1 for a ``with`` block;
  the ``serve`` fixture starts any number of them and stops them after the test;
- ``wait_until(condition, timeout, what)``: poll until ``condition()`` is truthy;
- ``Clock``: an injected clock for the store (``open_store(url, clock=Clock())``);
- ``assert_not_a_crash(result)``: ``parse_article`` turned no exception into its result;
- ``pg_url``: the PostgreSQL test server's URL (tests skip without it).

Tests that start processes are marked ``slow``; ``pytest -m "not slow"`` is the inner loop.
A test that starts one without the mark fails and says so (``_processes_only_when_slow``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

if TYPE_CHECKING:
    from crawler.replay.server import FixtureServer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SITE = FIXTURES / "dailynk"
SEEDS = FIXTURES / "seeds"
DATA = ROOT / "tests" / "data"

T = TypeVar("T")
#: The ``serve`` fixture's type: ``serve(site, port=0) -> FixtureServer``.
Serve = Callable[..., "FixtureServer"]


def nkwatch_argv(*argv: str) -> list[str]:
    """The command line of ``nkwatch ARGV`` run from this checkout's interpreter."""
    return [sys.executable, "-m", "nkwatch", *argv]


def run_nkwatch(
    *argv: str,
    timeout: float = 60,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
    user: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``nkwatch ARGV`` in a child process and return its exit code and text output."""
    return subprocess.run(
        nkwatch_argv(*argv),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
        env=dict(env) if env is not None else None,
        input=input,
        user=user,
    )


@contextmanager
def serving(site: Any, port: int = 0, **options: Any) -> Iterator[FixtureServer]:
    """Serve ``site`` (a Site, or any object with ``respond``) on 127.0.0.1 meanwhile;
    ``options`` go to ``serve_in_thread`` (e.g. ``log_stream``)."""
    from crawler.replay.server import serve_in_thread

    server, _ = serve_in_thread(site, port, **options)
    try:
        yield server
    finally:
        server.shutdown()


@pytest.fixture
def serve() -> Iterator[Callable[..., FixtureServer]]:
    """``serve(site)`` starts a fixture server for the test; all stop when it ends."""
    servers: list[FixtureServer] = []

    def start(site: Any, port: int = 0, **options: Any) -> FixtureServer:
        from crawler.replay.server import serve_in_thread

        server, _ = serve_in_thread(site, port, **options)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()


class Clock:
    """A settable clock for ``open_store(url, clock=...)``: time moves only by ``advance``."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def wait_until(
    condition: Callable[[], T], timeout: float = 10, what: str = "the condition"
) -> T:
    """Poll ``condition`` until it returns something truthy (returned); fail after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.05)


#: How ``parse_article`` reports that its own code raised: it never raises, so a crash
#: would pass any "it does not raise" test unless the test also looks for this reason.
PARSER_CRASH = "unparseable page"


def assert_not_a_crash(result: Any) -> None:
    """``result`` of ``parse_article`` is a Report or a NotAnArticle with a real reason."""
    reason = getattr(result, "reason", None)
    assert reason is None or not reason.startswith(PARSER_CRASH), reason


@pytest.fixture
def pg_url() -> str:
    """The PostgreSQL test server's URL; skips the test on machines without one."""
    url = os.environ.get("NKWATCH_TEST_PG_URL")
    if not url:
        pytest.skip("NKWATCH_TEST_PG_URL is not set")
    return url


#: The verdict for a WordPress static page. The fixture home page links two static pages from
#: its content blocks, as the real one does, so a first crawl settles them once.
STATIC_PAGE_VERDICT = "not an article: static page"


def without_static_pages(failures: Any) -> Any:
    """Failures other than settled static-page verdicts: [url, reason] pairs, failure rows
    (dicts with "reason") or a {url: reason} mapping, returned in the same shape."""

    def static(reason: str) -> bool:
        return reason.startswith(STATIC_PAGE_VERDICT)

    if isinstance(failures, dict):
        return {url: why for url, why in failures.items() if not static(why)}
    return [
        f for f in failures if not static(f["reason"] if isinstance(f, dict) else f[1])
    ]


@pytest.fixture(autouse=True)
def _processes_only_when_slow(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test not marked ``slow`` may not start a process: the inner loop stays quick, and
    the mark stays true when a test changes."""
    if request.node.get_closest_marker("slow") is not None:
        return
    test = request.node.nodeid

    def refuse(self: subprocess.Popen[Any], args: Any, *_: Any, **__: Any) -> None:
        raise AssertionError(f"{test} starts a process ({args!r}): mark it slow")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
