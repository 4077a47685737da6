"""Placeholder run() for subcommands that a later issue implements."""

from __future__ import annotations

import argparse

from nkwatch.errors import UserError


def not_yet(args: argparse.Namespace) -> int:
    raise UserError(f"'{args.command}' is not implemented yet")
