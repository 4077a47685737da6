"""nkwatch label: a user's law-enforcement verdict on one stored report."""

from __future__ import annotations

import argparse
import sys

from nkwatch.commands._store import opened_store
from nkwatch.errors import UsageError, UserError

HELP = "label a stored report as law enforcement or not (wins over the classifier)"
EPILOG = """examples:
  nkwatch label 42 --law-enforcement yes --note "MSS dismissals, terse headline"
  nkwatch label https://www.dailynk.com/english/some-slug/ --law-enforcement no
  nkwatch label 42 --clear

A label decides what `reports`, `show`, `export` and the scheduler's notifications say about
the report, from now on: it is kept when the site edits the article and when `nkwatch
reclassify` rescores it. An article not crawled yet can be labelled by its URL: its first
notification follows the label. `nkwatch labels` lists every label; --clear gives the
verdict back to the classifier."""

MAX_NOTE = 500
_ANSWERS = {
    "yes": True,
    "y": True,
    "true": True,
    "no": False,
    "n": False,
    "false": False,
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="ID|URL", help="a report id or its URL")
    verdict = parser.add_mutually_exclusive_group(required=True)
    verdict.add_argument(
        "--law-enforcement",
        metavar="yes|no",
        type=yes_no,
        help="is this report about law enforcement acting on people?",
    )
    verdict.add_argument(
        "--clear", action="store_true", help="remove the label (the classifier decides)"
    )
    parser.add_argument(
        "--note",
        metavar="TEXT",
        help=f"why (kept with the label; {MAX_NOTE} chars at most)",
    )


def yes_no(text: str) -> bool:
    """argparse type for yes/no answers."""
    answer = _ANSWERS.get(text.strip().lower())
    if answer is None:
        raise argparse.ArgumentTypeError(f"expected yes or no, got {text!r}")
    return answer


def run(args: argparse.Namespace) -> int:
    note = _note(args.note)
    if args.clear and note is not None:
        raise UsageError("--note goes with --law-enforcement, not with --clear")
    with opened_store(args) as store:
        stored = store.get_report(args.ref)
        url = stored["url"] if stored else _unstored_url(args.ref)
        if args.clear:
            had = store.clear_label(url)
            print(_cleared_message(url, had), file=sys.stderr)
            return 0
        store.set_label(url, args.law_enforcement, note)
    verdict = "law enforcement" if args.law_enforcement else "not law enforcement"
    if stored:
        print(
            f"report {stored['id']} labelled {verdict}: {stored['title']}",
            file=sys.stderr,
        )
    else:
        print(
            f"{url} labelled {verdict}; not stored yet: the label applies once it is crawled",
            file=sys.stderr,
        )
    return 0


def _unstored_url(ref: str) -> str:
    """A report not in the store may still be labelled ahead of the crawl, by its URL."""
    from urllib.parse import urlsplit

    from store.queries import canonical_url

    text = ref.strip()
    if text.isdigit():
        raise UserError(f"no stored report with id {text}")
    parts = urlsplit(text if "://" in text else "https://" + text)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in text:
        raise UsageError(f"{ref!r} is neither a report id nor an article URL")
    return canonical_url(text)


def _note(text: str | None) -> str | None:
    if text is None:
        return None
    note = " ".join(text.split())
    if not note:
        raise UsageError("--note is empty")
    if len(note) > MAX_NOTE:
        raise UsageError(f"--note is {len(note)} characters long; at most {MAX_NOTE}")
    return note


def _cleared_message(url: str, had: bool) -> str:
    if had:
        return f"{url}: label removed; the classifier decides again"
    return f"{url} had no label; nothing to clear"
