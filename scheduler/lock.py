"""One service per store: a lock row in the database, kept alive by a heartbeat thread.

The row has an owner and an expiry (store API); the heartbeat pushes the expiry forward every
``ttl/3``. A service killed with -9 stops refreshing, so a new one takes over after at most
``ttl`` seconds; on the same host it takes over at once when the holder's pid is gone
(the owner names pid and host, like a pidfile; a reused pid only makes it wait). If the heartbeat cannot refresh (the database was unreachable for longer than
the ttl and another service took over), ``lost`` is set and the service must stop.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
from datetime import UTC, datetime
from typing import Any, Protocol

from store.processes import process_is_gone

logger = logging.getLogger(__name__)

LOCK_NAME = "nkwatch-schedule"
DEFAULT_TTL_S = 30.0


class LockStore(Protocol):
    def acquire_lock(self, name: str, owner: str, ttl_s: float) -> bool: ...
    def refresh_lock(self, name: str, owner: str, ttl_s: float) -> Any: ...
    def release_lock(self, name: str, owner: str) -> Any: ...


class AlreadyRunningError(RuntimeError):
    def __init__(self, holder: str | None) -> None:
        where = f" ({holder})" if holder else ""
        super().__init__(f"another nkwatch schedule is running on this database{where}")


def owner_id(now: datetime | None = None) -> str:
    """Who holds the lock, in the words of the refusal message: pid, host, start time."""
    since = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    return f"pid {os.getpid()} on host {socket.gethostname()} since {since}"


_OWNER = re.compile(r"pid (?P<pid>\d+) on host (?P<host>\S+) since ")


def holder_is_dead(owner: str) -> bool:
    """True if ``owner`` names a process on this host that no longer exists."""
    match = _OWNER.match(owner)
    if match is None or match["host"] != socket.gethostname():
        return False
    return process_is_gone(int(match["pid"]))


class ServiceLock:
    def __init__(
        self, store: LockStore, *, ttl_s: float = DEFAULT_TTL_S, name: str = LOCK_NAME
    ) -> None:
        self._store = store
        self._ttl_s = ttl_s
        self._name = name
        self.owner = owner_id()
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self) -> None:
        """Take the lock and start the heartbeat, or raise AlreadyRunningError."""
        if not self._store.acquire_lock(self._name, self.owner, self._ttl_s):
            holder = self._holder()
            if not self._take_over_dead(holder):
                raise AlreadyRunningError(holder)
        self._thread = threading.Thread(
            target=self._beat, name="service lock heartbeat", daemon=True
        )
        self._thread.start()

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        try:
            self._store.release_lock(self._name, self.owner)
        except Exception:
            # Not fatal: the lock expires after its ttl anyway.
            logger.warning("could not release the service lock", exc_info=True)

    def _beat(self) -> None:
        while not self._stop.wait(self._ttl_s / 3):
            try:
                held = self._store.refresh_lock(self._name, self.owner, self._ttl_s)
            except Exception as exc:  # noqa: BLE001 (any database error: retry next beat)
                # A short database outage is survivable: the next beat may succeed
                # before the ttl runs out.
                logger.warning("service lock heartbeat failed: %s", exc)
                continue
            if held is False:
                logger.error("lost the service lock (another service took over)")
                self.lost.set()
                return

    def _take_over_dead(self, holder: str | None) -> bool:
        """Release a lock whose holder died on this host, then take it; True if taken."""
        if holder is None or not holder_is_dead(holder):
            return False
        logger.warning("taking over the lock of a dead service (%s)", holder)
        self._store.release_lock(self._name, holder)
        return self._store.acquire_lock(self._name, self.owner, self._ttl_s)

    def _holder(self) -> str | None:
        reader = getattr(self._store, "lock_owner", None)
        if reader is None:
            return None
        try:
            return reader(self._name)
        except Exception:
            logger.debug("could not read the lock owner", exc_info=True)
            return None
