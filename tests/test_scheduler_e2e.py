"""The real service end to end: `nkwatch schedule` over the fixture site on 127.0.0.1.

Real spider, store (SQLite; one test on PostgreSQL) and fixture server; notifications go to a local receiver.
Each test is bounded (every wait has a deadline) and takes well under a minute.
"""

from __future__ import annotations

import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil
import psycopg
import pytest
from conftest import SITE, Serve, nkwatch_argv, run_nkwatch, wait_until
from sqlalchemy.engine import make_url

from crawler.fixturesite.site import Site
from scheduler.receiver import Receiver
from store import Store, open_store

if TYPE_CHECKING:
    from crawler.replay.server import FixtureServer

pytestmark = pytest.mark.slow

SPECS = SITE
HOLD_BACK = 3


@pytest.fixture
def site_server(serve: Serve) -> FixtureServer:
    if not (SPECS / "specs").is_dir():
        pytest.skip("fixture specs are missing")
    return serve(Site.from_fixtures(SPECS, hold_back=HOLD_BACK))


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'nkwatch.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


class Service:
    """`nkwatch schedule` in a subprocess, its log in a file."""

    def __init__(
        self, tmp_path: Path, db_url: str, base_url: str, *notify: str
    ) -> None:
        self.log_path = tmp_path / f"service-{time.monotonic_ns()}.log"
        argv = nkwatch_argv(
            "schedule", "--db", db_url, "--base-url", base_url, "--every", "1s",
            "--delay", "0",
        )  # fmt: skip
        for url in notify:
            argv += ["--notify", url]
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            argv, stdout=self._log, stderr=subprocess.STDOUT
        )

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        finally:
            self._log.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self._log.close()


def finished_runs(store: Store) -> list[dict[str, Any]]:
    return [r for r in store.runs(limit=1000) if r["outcome"] != "running"]


def runs_with(store: Store, outcome: str) -> list[dict[str, Any]]:
    return [r for r in store.runs(limit=1000) if r["outcome"] == outcome]


def stored_urls(store: Store) -> list[str]:
    return [r["url"] for r in store.query_reports(law_enforcement_only=False)]


def assert_each_report_stored_once(store: Store) -> None:
    urls = stored_urls(store)
    assert len(urls) == len(set(urls))
    # Every stored report was "new" in exactly one run: nothing was stored twice.
    assert sum(r["new"] for r in store.runs(limit=1000)) == len(urls)


def test_service_picks_up_published_articles_notifies_once_and_stops_on_sigterm(
    tmp_path: Path, site_server: FixtureServer, db_url: str, store: Store
) -> None:
    with Receiver() as receiver:
        service = Service(tmp_path, db_url, site_server.base_url, receiver.url)
        try:
            wait_until(lambda: finished_runs(store), 60, "the baseline run")
            baseline = set(stored_urls(store))
            assert baseline, service.log
            published = []
            for _ in range(HOLD_BACK):
                url = site_server.publish_next()
                published.append(url)
                wait_until(lambda u=url: u in stored_urls(store), 30, f"{url} stored")
            runs_before_stop = len(finished_runs(store))
            wait_until(
                lambda: len(finished_runs(store)) > runs_before_stop + 1,
                30,
                "2 quiet runs",
            )
            started = time.monotonic()
            assert service.stop(signal.SIGTERM) == 0, service.log
            assert time.monotonic() - started < 8
        finally:
            service.kill()
        after_baseline = set(stored_urls(store)) - baseline
        law_enforcement = {
            u for u in after_baseline if store.get_report(u)["topic"]["law_enforcement"]
        }
        assert law_enforcement, "the held-back fixtures include law-enforcement reports"
        receiver.wait_for(len(law_enforcement), timeout=10)
        time.sleep(0.5)  # a duplicate would arrive now
        messages = [m for m in receiver.messages if m.get("event") == "new_reports"]
    # Each new law-enforcement report notified once; none of the baseline run's.
    notified = [r["url"] for m in messages for r in m["reports"]]
    assert sorted(notified) == sorted(law_enforcement)
    assert set(published) <= after_baseline
    assert_each_report_stored_once(store)
    assert "Traceback" not in service.log
    assert "run 1 ok:" in service.log


def crawl_children(service: Service) -> list[psutil.Process]:
    return psutil.Process(service.process.pid).children(recursive=True)


def test_restart_after_kill_9_runs_again_and_stores_nothing_twice(
    tmp_path: Path, site_server: FixtureServer, db_url: str, store: Store
) -> None:
    first = Service(tmp_path, db_url, site_server.base_url)
    try:
        wait_until(lambda: finished_runs(store), 60, "the first run")
        site_server.publish_next()
        # Kill it in the middle of a crawl (its run opened, not closed): the crawl must
        # not outlive the service, and its run must not stay "running".
        wait_until(
            lambda: store.runs(limit=1)[0]["outcome"] == "running",
            20,
            "a crawl running",
        )
        children = crawl_children(first)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(10)
    finally:
        first.kill()
    _gone, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, "a crawl outlived its killed service"
    published_while_down = site_server.publish_next()

    second = Service(tmp_path, db_url, site_server.base_url)
    try:
        wait_until(
            lambda: published_while_down in stored_urls(store),
            60,
            "the restarted service",
        )
        assert second.stop(signal.SIGTERM) == 0, second.log
    finally:
        second.kill()
    runs = store.runs(limit=1000)
    assert all(r["outcome"] != "running" for r in runs), runs
    assert_each_report_stored_once(store)
    assert (
        "another nkwatch schedule" not in second.log
    )  # the dead holder's lock was taken


def test_second_service_on_the_same_store_is_refused(
    tmp_path: Path, site_server: FixtureServer, db_url: str, store: Store
) -> None:
    first = Service(tmp_path, db_url, site_server.base_url)
    try:
        wait_until(lambda: finished_runs(store), 60, "the first run")
        second = run_nkwatch(
            "schedule", "--db", db_url, "--base-url", site_server.base_url, "--every", "1s"
        )
        assert first.stop(signal.SIGINT) == 0, first.log
    finally:
        first.kill()
    assert second.returncode == 1
    [line] = second.stderr.strip().splitlines()
    assert f"(pid {first.process.pid} on host " in line


def test_status_after_the_service_ran(
    tmp_path: Path, site_server: FixtureServer, db_url: str, store: Store
) -> None:
    service = Service(tmp_path, db_url, site_server.base_url)
    try:
        wait_until(lambda: len(finished_runs(store)) >= 2, 60, "two runs")
        status = run_nkwatch("status", "--db", db_url)
        assert service.stop() == 0
    finally:
        service.kill()
    assert status.returncode == 0, status.stdout + status.stderr
    assert "health:               healthy" in status.stdout
    assert "(every 1s)" in status.stdout  # the schedule as written, not the repr
    assert f"service:              pid {service.process.pid} on host " in status.stdout


def redesigned_page(handler: Any) -> None:
    """A fault: the page answers 200 with markup that has no article links."""
    body = b"<html><body><p>Our new website is coming soon.</p></body></html>"
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=UTF-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


ENTRY_PATHS = ("/english/", "/english/feed/", "/english/category/news/")


def test_layout_change_alerts_once_and_the_next_good_run_resolves_it(
    tmp_path: Path, site_server: FixtureServer, db_url: str, store: Store
) -> None:
    with Receiver() as receiver:
        service = Service(tmp_path, db_url, site_server.base_url, receiver.url)
        try:
            wait_until(lambda: finished_runs(store), 60, "the baseline run")
            for path in ENTRY_PATHS:
                site_server.faults[path] = redesigned_page
            failed = wait_until(
                lambda: (
                    len(runs_with(store, "failed")) >= 2 and runs_with(store, "failed")
                ),
                60,
                "two failed runs",
            )
            assert "no article links" in failed[0]["error"]
            [alert] = receiver.wait_for(1, timeout=15)
            status = run_nkwatch("status", "--db", db_url)
            site_server.faults.clear()
            wait_until(
                lambda: finished_runs(store)[0]["outcome"] == "ok",
                60,
                "a good run again",
            )
            messages = receiver.wait_for(2, timeout=15)
            assert service.stop() == 0, service.log
        finally:
            service.kill()
    assert alert["event"] == "health"
    assert [(a["key"], a["state"]) for a in alert["alerts"]] == [("no_links", "raised")]
    assert [(a["key"], a["state"]) for a in messages[1]["alerts"]] == [
        ("no_links", "resolved")
    ]
    assert len(messages) == 2, messages  # not one alert per failed run
    assert status.returncode == 1
    assert "alert: the listings yielded no article links" in status.stdout
    assert "health alert: the listings yielded no article links" in service.log


def _admin_dsn(url: str) -> str:
    return (
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


@pytest.fixture
def fresh_pg_url(pg_url: str) -> Iterator[str]:
    name = f"nkwatch_sched_{uuid.uuid4().hex[:12]}"
    admin = _admin_dsn(pg_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_service_on_postgresql(
    tmp_path: Path, site_server: FixtureServer, fresh_pg_url: str
) -> None:
    # Its own database on the test server: it never meets other tests' tables.
    store = open_store(fresh_pg_url)
    service = Service(tmp_path, fresh_pg_url, site_server.base_url)
    try:
        wait_until(lambda: finished_runs(store), 60, "the first run")
        published = site_server.publish_next()
        wait_until(
            lambda: store.get_report(published) is not None, 60, "the published report"
        )
        second = run_nkwatch(
            "schedule", "--db", fresh_pg_url, "--base-url", site_server.base_url
        )
        status = run_nkwatch("status", "--db", fresh_pg_url)
        assert service.stop(signal.SIGTERM) == 0, service.log
    finally:
        service.kill()
        runs = store.runs(limit=100)
        store.close()
    assert second.returncode == 1
    assert "another nkwatch schedule is running on this database" in second.stderr
    assert status.returncode == 0, status.stdout + status.stderr
    assert "(every 1s)" in status.stdout  # the schedule as written, not the repr
    assert all(r["outcome"] in ("ok", "interrupted") for r in runs), runs
