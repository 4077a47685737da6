"""Writing an output file the way every command does: whole or not at all, readable as asked."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from nkwatch.errors import UserError


def write_file(out: str, data: bytes | Iterable[str]) -> None:
    """Write ``out`` through a temporary file beside it, so no reader sees half of it.

    An existing file keeps its mode and a new one follows the user's umask (mkstemp's 0600
    would hide an Atom feed from the web server meant to serve it).
    """
    path = Path(out)
    tmp: Path | None = None
    try:
        mode = _mode_for(path)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        tmp = Path(name)
        os.fchmod(fd, mode)
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.writelines(data)
        tmp.replace(path)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {out}", file=sys.stderr)


def _mode_for(path: Path) -> int:
    """An existing file keeps its mode; a new one gets what the user's umask allows."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
