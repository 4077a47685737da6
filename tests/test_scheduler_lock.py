"""One service per store: the database lock with heartbeat, on a real SQLite store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scheduler.lock import (
    LOCK_NAME,
    AlreadyRunningError,
    ServiceLock,
    holder_is_dead,
)
from store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'nkwatch.db'}")
    yield opened
    opened.close()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_second_service_is_refused_with_who_holds_it(store: Store) -> None:
    first = ServiceLock(store, ttl_s=30)
    first.acquire()
    try:
        second = ServiceLock(store, ttl_s=30)
        second.owner = "pid 1 on host elsewhere since 2024-01-01T00:00:00+00:00"
        with pytest.raises(AlreadyRunningError) as info:
            second.acquire()
        message = str(info.value)
        assert message.startswith(
            "another nkwatch schedule is running on this database"
        )
        assert f"pid {os.getpid()} on host {socket.gethostname()} since " in message
    finally:
        first.release()


def test_released_lock_can_be_taken(store: Store) -> None:
    first = ServiceLock(store, ttl_s=30)
    first.acquire()
    first.release()
    second = ServiceLock(store, ttl_s=30)
    second.owner = "pid 1 on host elsewhere since 2024-01-01T00:00:00+00:00"
    second.acquire()
    assert store.lock_owner(LOCK_NAME) == second.owner
    second.release()


def test_heartbeat_keeps_the_lock_past_its_ttl(store: Store) -> None:
    first = ServiceLock(store, ttl_s=0.6)
    first.acquire()
    try:
        time.sleep(1.5)  # more than twice the ttl: only the heartbeat keeps it
        assert store.lock_owner(LOCK_NAME) == first.owner
        assert not first.lost.is_set()
    finally:
        first.release()
    assert store.lock_owner(LOCK_NAME) is None


def test_expired_lock_of_a_crashed_holder_is_taken_over(store: Store) -> None:
    crashed = "pid 1 on host elsewhere since 2024-01-01T00:00:00+00:00"
    assert store.acquire_lock(LOCK_NAME, crashed, 0.3)
    newcomer = ServiceLock(store, ttl_s=30)
    with pytest.raises(AlreadyRunningError):
        newcomer.acquire()
    time.sleep(0.5)
    newcomer.acquire()
    newcomer.release()


def test_lock_of_a_dead_process_on_this_host_is_taken_at_once(store: Store) -> None:
    killed = f"pid {dead_pid()} on host {socket.gethostname()} since 2024-01-01T00:00:00+00:00"
    assert store.acquire_lock(LOCK_NAME, killed, 3600)
    newcomer = ServiceLock(store, ttl_s=30)
    newcomer.acquire()
    assert store.lock_owner(LOCK_NAME) == newcomer.owner
    newcomer.release()


def test_a_lock_taken_by_another_sets_lost(store: Store) -> None:
    first = ServiceLock(store, ttl_s=0.6)
    first.acquire()
    try:
        store.release_lock(LOCK_NAME, first.owner)
        assert store.acquire_lock(LOCK_NAME, "pid 1 on host elsewhere since x", 30)
        assert first.lost.wait(3)
    finally:
        first.release()


@pytest.mark.parametrize(
    ("owner", "dead"),
    [
        (f"pid {os.getpid()} on host {socket.gethostname()} since x", False),
        ("pid 1 on host some-other-host since x", False),
        ("not our format", False),
    ],
)
def test_holder_is_dead_is_conservative(owner: str, dead: bool) -> None:
    assert holder_is_dead(owner) is dead


def test_holder_is_dead_for_a_finished_process() -> None:
    assert holder_is_dead(f"pid {dead_pid()} on host {socket.gethostname()} since x")
