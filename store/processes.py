"""Is that process gone? One check for everything that records a pid (crawl runs, the lock)."""

from __future__ import annotations

import os


def process_is_gone(pid: int) -> bool:
    """True if no process with this pid exists on this machine (one of another user exists)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
