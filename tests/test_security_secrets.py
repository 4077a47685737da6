"""A database password given in --db never shows in logs, errors or the runs table."""

from __future__ import annotations

import pytest
from conftest import SITE, Serve, run_nkwatch

pytestmark = pytest.mark.slow  # crawls in a child process

SITE_DIR = SITE
SECRET = "s3cret-Pa55word"  # noqa: S105 (a fake password to look for)


def test_password_not_in_verbose_output_or_runs(serve: Serve, pg_url: str) -> None:
    from crawler.fixturesite.site import Site

    db = pg_url.replace("postgres@", f"postgres:{SECRET}@", 1)  # trust auth ignores it
    server = serve(Site.from_fixtures(SITE_DIR))
    outputs = []
    for args in (["-vv", "crawl", "--delay", "0", "--max-pages", "1"], ["runs"]):
        result = run_nkwatch("--db", db, "--base-url", server.base_url, *args, timeout=120)
        outputs.append(result.stdout + result.stderr)
    for output in outputs:
        assert SECRET not in output
