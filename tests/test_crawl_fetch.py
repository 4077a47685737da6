"""`nkwatch fetch URL...`: one-off fetches through the spider, against the local fixture site."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import SEEDS, SITE, run_nkwatch, serving

if TYPE_CHECKING:
    from crawler.replay.server import FixtureServer

pytestmark = pytest.mark.slow  # every test fetches in a child process

SITE_DIR = SITE
SLUG = "mps-officers-extract-bribes-fund-their-day-honor"  # seed 001

needs_site = pytest.mark.skipif(
    not (SITE_DIR / "manifest.json").is_file(), reason="fixtures/dailynk not built yet"
)


def fetch(
    base_url: str, *args: str, db: str = "sqlite:///unused.db"
) -> subprocess.CompletedProcess[str]:
    return run_nkwatch("--db", db, "--base-url", base_url, "fetch", "--delay", "0", *args)


@pytest.fixture(scope="module")
def served() -> Iterator[FixtureServer]:
    from crawler.fixturesite.site import Site

    with serving(Site.from_fixtures(SITE_DIR)) as server:
        yield server


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://elsewhere.example/english/x/", "is not on"),
        ("https://www.dailynk.com/20210609-3/", "is not on"),  # the Korean edition
        ("javascript:alert(1)", "only http(s)"),
        ("file:///etc/passwd", "only http(s)"),
    ],
)
def test_refused_urls_are_one_line_usage_errors(
    url: str, message: str, tmp_path: Path
) -> None:
    result = fetch(
        "https://www.dailynk.com/english/", url, db=f"sqlite:///{tmp_path / 'x.db'}"
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert not (tmp_path / "x.db").exists()  # refused before anything was opened


def test_non_http_scheme_is_refused_even_with_allow_offsite(tmp_path: Path) -> None:
    result = fetch("https://www.dailynk.com/english/", "ftp://x/", "--allow-offsite")
    assert result.returncode == 2
    assert "only http(s)" in result.stderr


@needs_site
def test_fetch_without_store_prints_the_report(
    served: FixtureServer, tmp_path: Path
) -> None:
    db = tmp_path / "none.db"
    result = fetch(
        served.base_url, served.base_url + SLUG, "--no-store", db=f"sqlite:///{db}"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["url"] == served.base_url + SLUG + "/"
    assert report["title"] == "MPS officers extract bribes to fund their day of honor"
    assert not db.exists()


@needs_site
def test_fetch_stores_and_prints_seed_text(
    served: FixtureServer, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'fetch.db'}"
    result = fetch(served.base_url, served.base_url + SLUG, "--format", "seed", db=db)
    assert result.returncode == 0, result.stderr
    # the seed layout (trailing spaces aside: the seed's lines keep the site's)
    seed = (SEEDS / "001_f7deb20ea5c29400.txt").read_text(encoding="utf-8")
    assert [line.rstrip() for line in result.stdout.strip().splitlines()] == [
        line.rstrip() for line in seed.strip().splitlines()
    ]
    from store import open_store

    with open_store(db) as store:
        assert store.known_urls([served.base_url + SLUG + "/"]) == {
            served.base_url + SLUG + "/"
        }


@needs_site
def test_pages_that_give_no_report_are_named_on_stderr(served: FixtureServer) -> None:
    faq, missing = served.base_url + "faq/", served.base_url + "no-such-article/"
    result = fetch(served.base_url, faq, missing, served.base_url + SLUG, "--no-store")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()  # one per failed URL, in any order
    assert len(lines) == 2
    assert f"nkwatch fetch: {missing}: HTTP 404" in lines
    assert any(
        line.startswith(f"nkwatch fetch: {faq}: not an article: ") for line in lines
    )
    # the good one is still printed (JSON Lines: several URLs were given)
    assert json.loads(result.stdout.strip())["url"] == served.base_url + SLUG + "/"


@needs_site
def test_fetch_text_gives_each_report_a_header_and_separates_them(
    served: FixtureServer,
) -> None:
    other = "border-guards-ryanggang-province-take-bigger-cut-smugglers"
    urls = [served.base_url + SLUG + "/", served.base_url + other + "/"]
    result = fetch(served.base_url, *urls, "--format", "text", "--no-store")
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.split("\n" + "=" * 72 + "\n")
    assert len(blocks) == 2
    expected = {
        json.loads(line)["url"]: json.loads(line)["title"]
        for line in fetch(served.base_url, *urls, "--no-store").stdout.splitlines()
    }
    shown = {}
    for block in blocks:
        title, when, url = block.splitlines()[:3]
        assert when.startswith("published ")
        assert when.endswith("KST") or "KST, updated" in when
        shown[url] = title
    assert shown == expected
