"""The ``nkwatch`` command line: global options, subcommand dispatch and error reporting.

Each subcommand lives in ``nkwatch/commands/<name>.py`` and exposes ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. Command modules import their heavy
dependencies (Scrapy, SQLAlchemy) inside ``run`` so that ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
import threading
from typing import NoReturn

from nkwatch import config
from nkwatch.errors import Terminated, UserError

SIGPIPE = 13  # signal.SIGPIPE, which Windows lacks

# Subcommand name -> module in nkwatch.commands (dashes are not valid module names).
COMMANDS = {
    "parse": "parse",
    "crawl": "crawl",
    "fetch": "fetch",
    "replay": "replay",
    "schedule": "schedule",
    "status": "status",
    "reports": "reports",
    "show": "show",
    "export": "export",
    "runs": "runs",
    "db": "db",
    "serve-fixtures": "serve_fixtures",
    "record": "record",
    "diff": "diff",
    "reparse": "reparse",
    "import-warc": "import_warc",
    "prune": "prune",
    "label": "label",
    "labels": "labels",
    "reclassify": "reclassify",
    "serve": "serve",
}

PROG = "nkwatch"


class OneLineErrorParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _add_global_options(
    parser: argparse.ArgumentParser, *, in_subcommand: bool
) -> None:
    # In subcommands the defaults are SUPPRESS, so an option given before the subcommand
    # is not overwritten by the subcommand parser's default (argparse copies defaults in).
    default = argparse.SUPPRESS if in_subcommand else None
    group = parser.add_argument_group("global options")
    group.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help=(
            "database URL (env NKWATCH_DB); SQLite by default at "
            f"{config.default_db_path()}, or postgresql+psycopg://user@host/dbname"
        ),
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=default,
        help=f"site to crawl (env NKWATCH_BASE_URL; default {config.DEFAULT_BASE_URL})",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=argparse.SUPPRESS if in_subcommand else 0,
        help=(
            "more logging; -vv for debug; also shows tracebacks of internal errors "
            "(env NKWATCH_VERBOSE=1 or 2)"
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog=PROG,
        description=(
            "Monitor Daily NK English for new reports on law enforcement in North Korea: "
            "crawl, store only new reports, query and export them."
        ),
        epilog=f"Default database: sqlite:///{config.default_db_path()}",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {config.version()}"
    )
    _add_global_options(parser, in_subcommand=False)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"nkwatch.commands.{module_name}")
        sub = subparsers.add_parser(
            name,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            epilog=getattr(module, "EPILOG", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub)
        _add_global_options(sub, in_subcommand=True)
        sub.set_defaults(run=module.run)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    args.db = args.db or config.default_db_url()
    args.base_url = args.base_url or config.default_base_url()
    # -v on the command line adds to NKWATCH_VERBOSE (a service may set 1 for good).
    args.verbose += config.default_verbosity()
    return args


def configure_logging(verbosity: int) -> None:
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _terminate(signum: int, _frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging(args.verbose)
    # SIGTERM stops a command as Ctrl-C does (commands that serve install their own).
    if threading.current_thread() is not threading.main_thread():
        return _run(args)  # only the main thread may set signal handlers
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # here, not at exit: a closed pipe is then caught below
        return code
    except BrokenPipeError:
        # The reader of our output went away (`nkwatch status | head -1`): not an error
        # worth a message; the exit code is a SIGPIPE death's, as other tools give.
        _stop_writing_stdout()
        return 128 + SIGPIPE
    except KeyboardInterrupt as exc:
        code = getattr(exc, "exit_code", 130)  # 130 Ctrl-C, 143 SIGTERM
        return _fail(args, "interrupted", code)
    except Exception as exc:
        user_error = exc if isinstance(exc, UserError) else _as_user_error(exc)
        if user_error is not None:
            return _fail(args, str(user_error), user_error.exit_code)
        if args.verbose:
            raise
        message = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return _fail(args, f"internal error: {message} (run with -v for details)", 1)


def _stop_writing_stdout() -> None:
    """Point stdout at devnull, so the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout already closed or not a real file
        pass


def _fail(args: argparse.Namespace, message: str, exit_code: int) -> int:
    """One line on stderr, passwords hidden; the exit code tells usage (2) from runtime (1)."""
    print(f"{PROG} {args.command}: {config.redact_url(message)}", file=sys.stderr)  # noqa: T201
    return exit_code


def _as_user_error(exc: Exception) -> UserError | None:
    """Store errors raised outside a command's own handling are still the user's to fix."""
    from store.errors import StoreError  # lazy: keeps --help fast

    if isinstance(exc, StoreError):
        from nkwatch.commands._store import as_user_error

        return as_user_error(exc)
    return None
