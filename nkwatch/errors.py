"""Errors a user can cause: the CLI prints their message on one line and exits with their code."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input or environment, reported without a traceback.

    ``exit_code`` is 2 for usage errors (bad option values) and 1 for runtime problems
    (unreachable site, unwritable database, ...).
    """

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class UsageError(UserError):
    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=2)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so work stops the same way (exit 143)."""

    exit_code = 143
