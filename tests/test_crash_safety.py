"""Crash safety: ``kill -9`` of a ``nkwatch crawl --backfill`` mid-crawl, then a new crawl.

The fixture site gets a synthetic archive of 150 articles so a backfill lasts long enough
to be killed in the middle. Each kill point is a number of article requests seen by the
fixture server, drawn from a seeded RNG so that a failure can be reproduced. After the
kill, a second backfill runs to completion: every visible article must then be stored
exactly once, none lost, and the killed run must not be recorded as a success.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from conftest import SITE, nkwatch_argv, serving
from test_store_samples import pg_schema_url

if TYPE_CHECKING:
    from crawler.replay.server import FixtureServer

SITE_DIR = SITE
ARCHIVE = 150
#: Seeded kill points: how many article requests the server sees before the kill.
SQLITE_KILLS = random.Random(7).sample(range(10, 170), 3)  # noqa: S311
PG_KILLS = random.Random(11).sample(range(10, 170), 2)  # noqa: S311
#: Upper bound for one crawl; a full backfill of this site takes about 6 s.
CRAWL_TIMEOUT_S = 60
NOT_ARTICLES = ("/robots.txt", "/english/wp-json/")

pytestmark = [
    pytest.mark.skipif(
        not (SITE_DIR / "specs").is_dir(), reason="fixtures/dailynk not built yet"
    ),
    pytest.mark.slow,  # crawls in child processes, killed and run again
]


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    from crawler.fixturesite.site import Site

    with serving(Site.from_fixtures(SITE_DIR, archive=ARCHIVE)) as server:
        yield server


def crawl_argv(db: str, base_url: str) -> list[str]:
    return nkwatch_argv(
        "--db", db, "--base-url", base_url, "crawl", "--backfill", "--delay", "0", "--json"
    )  # fmt: skip


def article_requests(server: FixtureServer) -> int:
    return sum(1 for r in server.requests if not r.path.startswith(NOT_ARTICLES))


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child's whole process group (it runs in a session of its own)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def crawl_killed_after(server: FixtureServer, db: str, articles: int) -> int:
    """Start a backfill, SIGKILL it once the server has served ``articles`` articles;
    return the child's exit status (negative: killed by that signal)."""
    proc = subprocess.Popen(
        crawl_argv(db, server.base_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + CRAWL_TIMEOUT_S
        while proc.poll() is None and time.monotonic() < deadline:
            if article_requests(server) >= articles:
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.005)
        return proc.wait(timeout=10)
    finally:
        kill_group(proc)


def crawl_to_completion(server: FixtureServer, db: str) -> dict[str, Any]:
    proc = subprocess.Popen(
        crawl_argv(db, server.base_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=CRAWL_TIMEOUT_S)
    finally:
        kill_group(proc)
    assert proc.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def rows_per_url(db: str) -> dict[str, int]:
    engine = sa.create_engine(db)
    try:
        with engine.connect() as conn:
            query = sa.text("SELECT url, count(*) FROM reports GROUP BY url")
            return {row[0]: row[1] for row in conn.execute(query)}
    finally:
        engine.dispose()


def run_outcomes(db: str) -> list[str]:
    from store import open_store

    with open_store(db) as store:
        return [run["outcome"] for run in reversed(store.runs())]


def check_kill_then_recrawl(server: FixtureServer, db: str, articles: int) -> None:
    status = crawl_killed_after(server, db, articles)
    assert status == -signal.SIGKILL, "the crawl ended before its kill point"
    stored_before = rows_per_url(db)
    assert len(stored_before) < len(server.site.article_urls)

    summary = crawl_to_completion(server, db)

    visible = sorted(server.rewriter.text(url) for url in server.site.article_urls)
    per_url = rows_per_url(db)
    assert sorted(per_url) == visible  # none lost, nothing extra
    assert set(per_url.values()) == {1}  # each stored once
    # The second run stored exactly what the killed one had not.
    assert summary["new"] == len(visible) - len(stored_before)
    # The next run closes the killed one (its process is gone) as interrupted.
    assert run_outcomes(db) == ["interrupted", "ok"]


@pytest.mark.parametrize("articles", SQLITE_KILLS)
def test_kill_9_then_recrawl_sqlite(
    server: FixtureServer, tmp_path: Path, articles: int
) -> None:
    check_kill_then_recrawl(server, f"sqlite:///{tmp_path / 'crawl.db'}", articles)


@pytest.mark.parametrize("articles", PG_KILLS)
def test_kill_9_then_recrawl_postgresql(
    server: FixtureServer, pg_url: str, articles: int
) -> None:
    with pg_schema_url(pg_url) as db:
        check_kill_then_recrawl(server, db, articles)
