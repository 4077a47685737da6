"""nkwatch show: one stored report."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from nkwatch.commands._store import emit, opened_store, positive_int, public_report
from nkwatch.errors import UserError

HELP = "show one stored report by URL or id"
EPILOG = """examples:
  nkwatch show 42
  nkwatch show https://www.dailynk.com/english/some-slug/ --format json
  nkwatch show 42 --html > page.html         # the page exactly as the site served it
  nkwatch show 42 --revision 1 --html --out first.html

text: a header (title, publication time in Korean time, URL, authors), then the article
in the layout of the seed files; seed: that layout alone (as `nkwatch parse --format text`);
json: the Report schema plus id, first_seen_at and last_seen_at.
A user's label wins over the classifier (topic.label in json; a note on stderr with
text), and a report in the classifier's "possible" band says so."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="URL|ID")
    parser.add_argument("--format", choices=("text", "seed", "json"), default="text")
    parser.add_argument(
        "--html",
        action="store_true",
        help="write the page as fetched: the bytes the server sent",
    )
    parser.add_argument(
        "--revision",
        type=positive_int,
        metavar="N",
        help="an earlier version (1 = first seen; see nkwatch diff)",
    )
    parser.add_argument("--out", metavar="FILE", help="--html: write here, not stdout")


def run(args: argparse.Namespace) -> int:
    if args.html or args.revision is not None:
        return show_version(args)
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
    note = topic_note(stored.get("topic") or {})
    if note:
        print(note, file=sys.stderr)
    return 0


def show_version(args: argparse.Namespace) -> int:
    """--revision N (that version's report) and --html (the page it was parsed from)."""
    from nkwatch.commands._versions import page_of, pick, versions_of, write_bytes

    with opened_store(args, read_only=True) as store:
        report, versions = versions_of(store, args.ref)
        version = pick(versions, args.revision, "--revision")
        page = page_of(store, report, version) if args.html else None
    if page is not None:
        write_bytes(page["body"], args.out)
        return 0
    stored = {**report, **version["data"]}
    if args.format == "json":
        out = public_report(stored) | {"revision": version["number"]}
        emit(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    from crawler.items import Report
    from nkwatch.commands._output import text_block

    emit(text_block(Report.from_dict(stored), args.format))
    return 0


def topic_note(topic: dict[str, Any]) -> str | None:
    """One line on how the verdict was reached, when it is not the classifier's plain yes/no."""
    label = topic.get("label")
    if label:
        verdict = (
            "law enforcement" if label.get("law_enforcement") else "not law enforcement"
        )
        note = f": {label['note']}" if label.get("note") else ""
        return f"labelled {verdict} by a user{note}"
    if topic.get("band") == "possible":
        terms = ", ".join(topic.get("matched") or ()) or "-"
        return f"possibly law enforcement (score {topic.get('score')}; terms: {terms})"
    return None
