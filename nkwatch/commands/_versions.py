"""The versions of one stored report and their raw pages, for show --html/--revision and diff."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from nkwatch.commands._files import write_file
from nkwatch.errors import UsageError, UserError

if TYPE_CHECKING:
    from store import Store


def versions_of(store: Store, ref: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The report and its versions (oldest first); a one-line error if there is none."""
    report, versions = store.report_versions(ref)
    if report is None:
        raise UserError(f"no stored report with id or URL {ref!r}")
    return report, versions


def pick(
    versions: list[dict[str, Any]], number: int | None, option: str
) -> dict[str, Any]:
    """Version ``number`` (1 = the first seen), or the current one when None."""
    if number is None:
        return next((v for v in versions if v["current"]), versions[-1])
    if not 1 <= number <= len(versions):
        raise UsageError(
            f"{option} {number}: this report has "
            + (
                "1 revision"
                if len(versions) == 1
                else f"revisions 1 to {len(versions)}"
            )
        )
    return versions[number - 1]


def page_of(
    store: Store, report: dict[str, Any], version: dict[str, Any]
) -> dict[str, Any]:
    """The raw page of a version; a one-line error when none was kept."""
    page_id = version["raw_page_id"]
    page = store.raw_page(page_id) if page_id is not None else None
    if page is None:
        raise UserError(
            f"no raw page kept for report {report['id']} revision {version['number']} "
            "(stored with raw pages off, before nkwatch kept them, or pruned)"
        )
    return page


def write_bytes(data: bytes, out: str | None) -> None:
    """Write to stdout, or to ``out`` whole (see ``write_file``)."""
    if out is None:
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    write_file(out, data)
