"""One service per store: the database lock with heartbeat, on a real SQLite store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Clock, wait_until

from scheduler.lock import (
    LOCK_NAME,
    AlreadyRunningError,
    ServiceLock,
    holder_is_dead,
)
from store import Store, open_store


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    # Lock expiry follows the store's clock: the tests move it instead of sleeping.
    opened = open_store(f"sqlite:///{tmp_path / 'nkwatch.db'}", clock=clock)
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


def test_heartbeat_keeps_the_lock_past_its_ttl(store: Store, clock: Clock) -> None:
    first = ServiceLock(store, ttl_s=0.3)  # a beat every 0.1 s of real time
    first.acquire()
    try:
        for _ in range(3):  # three ttls later, held all the same
            # Past the ttl: the store sees the lock expired until a beat refreshes it.
            clock.advance(seconds=1)
            wait_until(lambda: store.lock_owner(LOCK_NAME) == first.owner, 5, "a beat")
            assert not first.lost.is_set()
    finally:
        first.release()
    assert store.lock_owner(LOCK_NAME) is None


def test_expired_lock_of_a_crashed_holder_is_taken_over(
    store: Store, clock: Clock
) -> None:
    crashed = "pid 1 on host elsewhere since 2024-01-01T00:00:00+00:00"
    assert store.acquire_lock(LOCK_NAME, crashed, 30)
    newcomer = ServiceLock(store, ttl_s=30)
    with pytest.raises(AlreadyRunningError):
        newcomer.acquire()
    clock.advance(seconds=29)
    with pytest.raises(AlreadyRunningError):  # not expired yet
        newcomer.acquire()
    clock.advance(seconds=2)
    newcomer.acquire()
    assert store.lock_owner(LOCK_NAME) == newcomer.owner
    newcomer.release()


@pytest.mark.slow
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


@pytest.mark.slow
def test_holder_is_dead_for_a_finished_process() -> None:
    assert holder_is_dead(f"pid {dead_pid()} on host {socket.gethostname()} since x")
