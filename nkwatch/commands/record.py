"""nkwatch record: save live pages as fixtures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nkwatch.errors import UsageError, UserError

HELP = "save live pages with their URL and headers in the fixture format"
DESCRIPTION = """Fetch each URL once and save its body, status and headers into DIR in the
fixture format (DIR/manifest.json + DIR/recorded/<name>), merging with an existing
manifest: a URL recorded again replaces its entry. Redirects are saved, not followed.
The saved pages can then be replayed (FIXTURE_REPLAY_DIR=DIR) or served.

Polite like the crawler: each site's robots.txt is read first and obeyed (a 5xx or no
answer there means nothing is fetched from that site, a 4xx means no rules), and
requests to one host are --delay seconds apart."""
EPILOG = """example:
  nkwatch record https://www.dailynk.com/english/ https://www.dailynk.com/english/feed/ \\
      --into fixtures/recorded"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--into", required=True, metavar="DIR")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per request (default 30)"
    )
    parser.add_argument(
        "--delay",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="seconds between requests to one host (default 1)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=20 * 1024 * 1024,
        help="refuse bodies larger than this (default 20 MiB)",
    )


def run(args: argparse.Namespace) -> int:
    if args.timeout <= 0 or args.max_bytes <= 0:
        raise UsageError("--timeout and --max-bytes must be positive")
    if not args.delay >= 0:
        raise UsageError(f"--delay must be 0 or more, not {args.delay}")
    from crawler.replay.manifest import ManifestError
    from crawler.replay.record import FetchError, Politeness, Recorder, fetch

    polite = Politeness(delay=args.delay, timeout=args.timeout)
    try:
        recorder = Recorder(Path(args.into))
    except (ManifestError, OSError) as exc:
        raise UserError(f"cannot record into {args.into}: {exc}") from None
    failed = 0
    for url in args.urls:
        try:
            refusal = polite.refusal(url)
            if refusal is not None:
                raise FetchError(f"not recorded: {refusal}")
            polite.wait(url)
            page = fetch(url, timeout=args.timeout, max_bytes=args.max_bytes)
            path = recorder.save(page)
        except (FetchError, ManifestError, OSError) as exc:
            print(f"nkwatch record: {url}: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"{url} -> {path} ({page.status}, {len(page.body)} bytes)")
    return 1 if failed else 0
