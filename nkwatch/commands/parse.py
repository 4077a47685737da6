"""nkwatch parse: turn saved Daily NK pages into Reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nkwatch.commands._output import print_report
from nkwatch.errors import UsageError

HELP = "parse saved article pages into reports (JSON or the seed text layout)"
EPILOG = """examples:
  nkwatch parse page.html --url https://www.dailynk.com/english/some-slug/
  nkwatch parse fixtures/dailynk/articles/*.html --format json > reports.jsonl

One file prints one pretty JSON object; several files print JSON Lines (one report per line).
exit codes: 0 every file parsed, 3 a file is not a Daily NK article, 1 a file could not be
read, 2 usage error"""

EXIT_NOT_ARTICLE = 3
EXIT_UNREADABLE = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="saved HTML page(s)")
    parser.add_argument(
        "--url", help="the page's URL, used when it has no canonical link"
    )
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json: the Report (with editor and disclaimer); text: the seed layout, with the"
        " page's footer lines as printed (e.g. '*Translated by X and edited by Y')",
    )


def run(args: argparse.Namespace) -> int:
    from crawler.parsers import NotAnArticle, parse_article

    if args.url is not None and not args.url.startswith(("http://", "https://")):
        raise UsageError(f"--url must be an http(s) URL, not {args.url!r}")
    several = len(args.files) > 1
    failures: set[int] = set()
    printed = 0
    for name in args.files:
        data = _read(name)
        if data is None:
            failures.add(EXIT_UNREADABLE)
            continue
        result = parse_article(data, args.url)
        if isinstance(result, NotAnArticle):
            print(f"{name}: not a Daily NK article: {result.reason}", file=sys.stderr)
            failures.add(EXIT_NOT_ARTICLE)
            continue
        # parse's text is the bare seed layout: what the parser's golden files hold.
        layout = "seed" if args.format == "text" else args.format
        print_report(result, layout, several=several, first=printed == 0)
        printed += 1
    if EXIT_UNREADABLE in failures:
        return EXIT_UNREADABLE
    return EXIT_NOT_ARTICLE if failures else 0


def _read(name: str) -> bytes | None:
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        print(f"{name}: cannot read: {reason}", file=sys.stderr)
        return None
