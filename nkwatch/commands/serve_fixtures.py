"""nkwatch serve-fixtures: the offline copy of the site over HTTP on 127.0.0.1."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from nkwatch.errors import UsageError, UserError

if TYPE_CHECKING:
    from crawler.fixturesite.site import Site
    from crawler.replay.server import FixtureServer

HELP = "serve the fixture site over HTTP on 127.0.0.1 (for tests and demos)"
DESCRIPTION = """Serve the offline copy of Daily NK English at the real site's paths
(/english/, /english/feed/, /english/wp-json/wp/v2/posts?..., /robots.txt), with
absolute https://www.dailynk.com links rewritten to this server.

Held-back articles (--hold-back K: the K newest) are hidden everywhere until published,
one at a time, by `POST /__nkwatch/publish` or the signal SIGUSR1. Other control
endpoints: GET /__nkwatch/requests (request log), POST /__nkwatch/reset-log,
GET /__nkwatch/state. Each request is logged to stderr: method, path, status, bytes.

Faults (--fault PATH=KIND[:ARG][*N], repeatable, or --faults FILE.json holding
{"PATH": "KIND[:ARG][*N]"}) make one path misbehave; *N limits a fault to the path's
first N requests. PATH may contain "=" (a query string): it ends at the first "=" that
a valid fault follows, e.g. --fault "/english/wp-json/wp/v2/posts?page=2=503". KIND: 500 502 503 404 410 (any 4xx/5xx), 429[:RETRY_AFTER],
timeout[:SECONDS], reset, truncate[:FRACTION], content-type:VALUE|none,
oversize[:BYTES], bad-utf8, charset:NAME, redirect-loop, redirect:URL, no-body,
no-links, links:URL|URL. See crawler/replay/faults.py."""
EPILOG = """examples:
  nkwatch serve-fixtures --port 8765
  nkwatch serve-fixtures --port 0 --archive 5000 --hold-back 3
  curl -X POST http://127.0.0.1:8765/__nkwatch/publish
  nkwatch serve-fixtures --fault /english/feed/=503*2 --fault /english/=no-links"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=8765, help="TCP port; 0 picks a free one"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1: this machine only)",
    )
    parser.add_argument(
        "--dir",
        help="fixture folder: fixtures/ or fixtures/dailynk/ (default: ./fixtures if "
        "there is one, else the fixtures beside the installed nkwatch source)",
    )
    parser.add_argument(
        "--archive", type=int, default=0, metavar="N", help="add N synthetic articles"
    )
    parser.add_argument(
        "--hold-back",
        type=int,
        default=0,
        metavar="K",
        help="hide the K newest until published",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the synthetic archive"
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="PATH=KIND[:ARG][*N]",
        help="make PATH misbehave (see above); repeatable",
    )
    parser.add_argument(
        "--faults", metavar="FILE", help='JSON file {"PATH": "KIND[:ARG][*N]", ...}'
    )


def run(args: argparse.Namespace) -> int:
    _check_numbers(args)
    faults = _faults(args)
    from crawler.replay.manifest import Manifest, ManifestError, find_site_root
    from crawler.replay.server import serve_in_thread

    folder = Path(args.dir) if args.dir else default_fixtures()
    try:
        root = find_site_root(folder)
    except ManifestError:
        raise UserError(f"fixture folder not found: {folder}") from None
    try:
        Manifest.load(root)  # a bad entry is reported now, not on the first request
    except ManifestError as exc:
        raise UserError(str(exc)) from None
    site = _load_site(root, args)
    try:
        server, base_url = serve_in_thread(
            site, args.port, host=args.host, log_stream=sys.stderr
        )
    except OSError as exc:
        raise UserError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
        ) from None
    server.faults.update(faults)
    print(
        f"serving fixtures on {base_url} ({len(site.article_urls)} articles, "
        f"{len(site.held_back)} held back)",
        flush=True,
    )
    _wait_for_stop(server)
    server.shutdown()
    print("stopped", file=sys.stderr, flush=True)
    return 0


def default_fixtures() -> Path:
    """./fixtures, else the fixtures folder of the source tree nkwatch runs from."""
    import crawler

    here = Path("fixtures")
    if here.is_dir():
        return here
    beside = Path(crawler.__file__).resolve().parents[1] / "fixtures"
    if beside.is_dir():
        return beside
    raise UserError(
        f"no fixture folder in this directory or at {beside}: give --dir "
        "(the fixtures come with a clone of the nkwatch repository)"
    )


def _check_numbers(args: argparse.Namespace) -> None:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {args.port}")
    if args.archive < 0 or args.hold_back < 0:
        raise UsageError("--archive and --hold-back must not be negative")


def _faults(args: argparse.Namespace) -> dict:
    from crawler.replay.faults import FaultError, faults_from, load_faults

    try:
        faults = load_faults(Path(args.faults)) if args.faults else {}
        return faults | faults_from(args.fault)
    except FaultError as exc:
        raise UsageError(str(exc)) from None


def _load_site(root: Path, args: argparse.Namespace) -> Site:
    from crawler.fixturesite.site import Site

    try:
        return Site.from_fixtures(
            root, archive=args.archive, hold_back=args.hold_back, seed=args.seed
        )
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot load fixtures from {root}: {exc}") from None


def _wait_for_stop(server: FixtureServer) -> None:
    """Block until SIGINT/SIGTERM; SIGUSR1 publishes the next held-back article."""
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    def publish(signum: int, frame: object) -> None:
        url = server.publish_next()
        held_back = server.held_back_count()
        print(f"published {url} ({held_back} held back)", file=sys.stderr, flush=True)

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGUSR1, publish)
    # A timed wait: the main thread must wake up to run the Python signal handlers.
    while not stop.wait(0.5):
        pass
