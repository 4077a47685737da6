"""``nkwatch export --format warc``: the kept pages of the selected reports as a WARC file."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from nkwatch.commands._store import explain_empty, opened_store
from nkwatch.errors import UsageError, UserError


def export_warc(args: argparse.Namespace) -> int:
    """Every kept page (every version) of the reports the filters select, oldest first."""
    from crawler.warc import write_warc

    if not args.out:
        raise UsageError("--format warc needs --out FILE.warc.gz (a WARC is binary)")
    with opened_store(args) as store:
        ids = [
            report["id"]
            for report in store.iter_reports(
                since=args.since, law_enforcement_only=not args.all
            )
        ]
        if not ids:
            explain_empty(store)
        path = Path(args.out)
        tmp: Path | None = None
        try:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            tmp = Path(name)
            with os.fdopen(fd, "wb") as handle:
                written = write_warc(handle, store.iter_raw_pages(ids), path.name)
            tmp.replace(path)
        except OSError as exc:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise UserError(f"cannot write {args.out}: {exc.strerror or exc}") from None
        except BaseException:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise
    print(f"wrote {args.out}: {written} pages of {len(ids)} reports", file=sys.stderr)
    return 0
