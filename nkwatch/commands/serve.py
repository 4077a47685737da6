"""nkwatch serve: the reports as web pages, an Atom feed and a JSON API (read-only)."""

from __future__ import annotations

import argparse
import sys
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from nkwatch.errors import UserError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from store import Store

HELP = "serve the stored reports as web pages, Atom feeds and a JSON API (read-only)"
DESCRIPTION = """Serve the store at --db over HTTP until stopped (Ctrl-C or SIGTERM).

Pages: / (newest reports, filters and search), /reports/ID, /stats (charts), /feed.atom
(the same filters as /), /api/reports and /api/reports/ID (JSON), /api/docs (the API),
/openapi.json, /healthz (the `nkwatch status` verdict: 200 healthy, 503 not).
The store is opened read-only: no request can change it. Binds 127.0.0.1 unless --host
says otherwise (with a warning: the store is then visible to the network)."""
EPILOG = """examples:
  nkwatch serve                             # http://127.0.0.1:8080/
  nkwatch serve --port 9000
  nkwatch --db postgresql+psycopg://nkwatch@db/nkwatch serve --host 0.0.0.0"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )


def run(args: argparse.Namespace) -> int:
    from nkwatch.web import server

    server.check_port(args.port)
    warning = server.exposure_warning(args.host)
    with read_only_store(args.db) as store:
        app = web_app(store, args)
        sock = server.bind(args.host, args.port)
        if warning:
            print(warning, file=sys.stderr)
        print(f"serving {server.url_of(sock)} (Ctrl-C stops)", file=sys.stderr)
        try:
            server.make_server(app, verbose=args.verbose).run(sockets=[sock])
        finally:
            sock.close()
    return 0


def web_app(store: Store, args: argparse.Namespace) -> FastAPI:
    from nkwatch.web import create_app

    return create_app(store, db_url=args.db, site_url=args.base_url)


def read_only_store(db_url: str) -> AbstractContextManager[Store]:
    """The store opened read-only; a missing SQLite file is an error, not a new database."""
    from contextlib import closing

    from nkwatch.commands._store import as_user_error
    from store import StoreError, open_store
    from store.engine import parse_database_url, sqlite_path

    try:
        path = sqlite_path(parse_database_url(db_url))
        if path is not None and not path.exists():
            raise UserError(
                f"no database at {path}: run `nkwatch crawl` first (or give --db)"
            )
        return closing(open_store(db_url, read_only=True))
    except StoreError as exc:
        raise as_user_error(exc) from None
