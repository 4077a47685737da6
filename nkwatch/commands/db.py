"""nkwatch db: database maintenance."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

HELP = "database maintenance: upgrade the schema, or print its revision"
EPILOG = """actions:
  upgrade   apply pending schema migrations (creates the database if it does not exist)
  current   print the database's schema revision and whether it is up to date

A new database is created automatically on first use; `upgrade` is only needed after
installing a newer nkwatch (other commands then say so)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("upgrade", "current"))


def run(args: argparse.Namespace) -> int:
    from nkwatch.commands._store import as_user_error
    from store.api import translate_errors
    from store.engine import make_engine, parse_database_url, sqlite_path
    from store.errors import StoreError
    from store.schema import HEAD_REVISION

    try:
        path = sqlite_path(parse_database_url(args.db))
        if args.action == "current" and path is not None and not path.exists():
            print(f"none (no database at {path})")
            return 0
        engine = make_engine(args.db)
        try:
            with translate_errors(engine):
                if args.action == "upgrade":
                    print(_upgrade(engine, HEAD_REVISION))
                else:
                    print(_current(engine, HEAD_REVISION))
        finally:
            engine.dispose()
    except StoreError as exc:
        raise as_user_error(exc) from None
    return 0


def _upgrade(engine: Engine, head: str) -> str:
    from store.schema import upgrade_schema

    before, after = upgrade_schema(engine)
    if before is None:
        return f"created the database at revision {after}"
    if before == after:
        return f"database schema is up to date (revision {head})"
    return f"upgraded the database schema from revision {before} to {after}"


def _current(engine: Engine, head: str) -> str:
    from store.engine import read_transaction
    from store.schema import REVISIONS, current_revision

    with read_transaction(engine) as conn:
        revision = current_revision(conn)
    if revision is None:
        return "none (empty database)"
    if revision == head:
        return f"{revision} (head)"
    if revision in REVISIONS:
        return f"{revision} (out of date; head is {head}: run `nkwatch db upgrade`)"
    return f"{revision} (unknown to this nkwatch; head is {head})"
