"""``python -m crawler.fixturesite build [--root fixtures/dailynk]``: render the fixture site."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from crawler.fixturesite.build import build
from crawler.fixturesite.spec import SpecError

DEFAULT_ROOT = Path("fixtures/dailynk")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.fixturesite", description=__doc__
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser(
        "build", help="render specs/ into articles/, pages/ and manifest.json"
    )
    build_cmd.add_argument(
        "--root",
        type=Path,
        default=DEFAULT_ROOT,
        help="fixture folder (default: %(default)s)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.root / "specs").is_dir():
        sys.stderr.write(f"error: no specs/ folder in {args.root}\n")
        return 2
    started = time.perf_counter()
    try:
        report = build(args.root)
    except SpecError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    for line in report.lines():
        sys.stdout.write(line + "\n")
    elapsed = time.perf_counter() - started
    sys.stdout.write(f"built {sum(report.counts.values())} pages in {elapsed:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
