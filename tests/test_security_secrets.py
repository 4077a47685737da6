"""A database password given in --db never shows in logs, errors or the runs table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crawler.replay.server import serve_in_thread

SITE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "dailynk"
SECRET = "s3cret-Pa55word"  # noqa: S105 (a fake password to look for)


def test_password_not_in_verbose_output_or_runs(pg_url: str) -> None:
    from crawler.fixturesite.site import Site

    db = pg_url.replace("postgres@", f"postgres:{SECRET}@", 1)  # trust auth ignores it
    server, base_url = serve_in_thread(Site.from_fixtures(SITE_DIR))
    try:
        outputs = []
        for args in (["-vv", "crawl", "--delay", "0", "--max-pages", "1"], ["runs"]):
            argv = [sys.executable, "-m", "nkwatch", "--db", db, "--base-url", base_url]
            result = subprocess.run(
                [*argv, *args], capture_output=True, text=True, timeout=120, check=False
            )
            outputs.append(result.stdout + result.stderr)
    finally:
        server.shutdown()
    for output in outputs:
        assert SECRET not in output
