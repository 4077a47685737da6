"""Plumbing shared by the commands that read the store: open it, parse dates, shape output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from nkwatch.errors import UsageError, UserError

if TYPE_CHECKING:
    from store import Store

NO_REPORTS_YET = "no reports stored yet; run `nkwatch crawl`"
NO_MATCH = "no stored reports match these filters"


@contextmanager
def opened_store(
    args: argparse.Namespace, *, read_only: bool = False
) -> Iterator[Store]:
    """The store at ``--db``; store errors become one-line UserErrors.

    ``read_only`` for the query commands: SQLite is opened read-only (a copy without
    write permission works) and no database is created where ``--db`` points by mistake.
    """
    from store import open_store
    from store.errors import StoreError

    try:
        store = open_store(args.db, read_only=read_only)
    except StoreError as exc:
        raise as_user_error(exc) from None
    try:
        yield store
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        store.close()


def as_user_error(exc: Exception) -> UserError:
    """A store error as the CLI reports it: a malformed --db is a usage error (exit 2)."""
    from store.errors import BadDatabaseUrl

    if isinstance(exc, BadDatabaseUrl):
        return UsageError(f"--db: {exc}")
    return UserError(str(exc))


def day(text: str) -> date:
    """argparse type for YYYY-MM-DD dates."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2024-01-31, got {text!r}"
        ) from None


def positive_int(text: str) -> int:
    """argparse type for counts such as --limit."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def search_query(text: str) -> Any:
    """argparse type for --search: parsed here, so a bad query is a usage error (exit 2)."""
    from store.search_query import BadSearchQuery, parse_query

    try:
        return parse_query(text)
    except BadSearchQuery as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def with_snippet(public: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """A search result keeps its snippet (``[{"text", "match"}]``) in the JSON output."""
    if "snippet" in stored:
        public["snippet"] = stored["snippet"]
    return public


def public_report(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored report as the JSON output: the Report schema, then id and seen dates."""
    from crawler.items import REPORT_FIELDS

    out = {key: stored.get(key) for key in REPORT_FIELDS}
    for key in ("id", "first_seen_at", "last_seen_at"):
        out[key] = stored.get(key)
    return out


def explain_empty(store: Store) -> None:
    """Say on stderr why a listing is empty: nothing stored at all, or nothing matched."""
    message = NO_MATCH if store.has_reports() else NO_REPORTS_YET
    print(message, file=sys.stderr)


def emit(text: str) -> None:
    """Write to stdout; a reader that went away (``| head``) stops the command quietly.

    BrokenPipeError goes on to the CLI, which exits 141 without a message (and the
    rest of a long export is not produced for nobody).
    """
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise
