"""nkwatch show: one stored report."""

from __future__ import annotations

import argparse
import json

from nkwatch.commands._store import emit, opened_store, public_report
from nkwatch.errors import UserError

HELP = "show one stored report by URL or id"
EPILOG = """examples:
  nkwatch show 42
  nkwatch show https://www.dailynk.com/english/some-slug/ --format json

text: a header (title, publication time in Korean time, URL, authors), then the article
in the layout of the seed files; seed: that layout alone (as `nkwatch parse --format text`);
json: the Report schema plus id, first_seen_at and last_seen_at."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="URL|ID")
    parser.add_argument("--format", choices=("text", "seed", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    with opened_store(args, read_only=True) as store:
        stored = store.get_report(args.ref)
    if stored is None:
        raise UserError(f"no stored report with id or URL {args.ref!r}")
    if args.format == "json":
        emit(json.dumps(public_report(stored), ensure_ascii=False, indent=2) + "\n")
        return 0
    from crawler.items import Report
    from nkwatch.commands._output import text_block

    emit(text_block(Report.from_dict(stored), args.format))
    return 0
