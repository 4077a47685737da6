"""Hostile page text stays text: through the store, every output format, notifications; and
hostile link schemes on crawled pages never become requests.

tests/test_cli_store.py already covers hostile *titles* in Atom and formula titles in CSV;
this file adds hostile *bodies*, the JSON/text outputs, the notification payload, and a
real crawl of pages carrying file:, ftp:, data: and javascript: links.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import ROOT, SITE, Serve, run_nkwatch, without_static_pages
from test_store_samples import article_url, make_report

from crawler.urls import Scope
from scheduler.messages import new_reports_message
from store import open_store

SITE_DIR = SITE
HOSTILE = (
    "'); DROP TABLE reports;--",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "+cmd",
    "@SUM(1)",
    "Vertical \x0b tab",
)
#: Characters XML 1.0 cannot carry at all; Atom output drops them.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_SCHEMES = (
    "file:///etc/passwd",
    "file:///english/some-slug/",
    "ftp://127.0.0.1/english/some-slug/",
    "data:text/html,<a href=/english/x/>x</a>",
    "javascript:fetch('/english/some-slug/')",
    "jAvAsCrIpT:alert(1)",
    " javascript:alert(1)",
)


def nkwatch(db: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return run_nkwatch("--db", db, *argv, cwd=ROOT)


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    """Each hostile text as a title, and again as a body paragraph of the same report."""
    db = f"sqlite:///{tmp_path / 'hostile.db'}"
    reports = [
        make_report(n, title=text, body=(text + " (body)", f"Second paragraph {n}."))
        for n, text in enumerate(HOSTILE)
    ]
    with open_store(db) as store:
        store.save_reports(reports)
    return db


def by_url(reports: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["url"]: r for r in reports}


def check_intact(reports: dict[str, dict[str, Any]]) -> None:
    for n, text in enumerate(HOSTILE):
        report = reports[article_url(n)]
        assert report["title"] == text
        assert report["body"][0] == text + " (body)"


@pytest.mark.slow
def test_reports_json_round_trips_hostile_text(hostile_db: str) -> None:
    result = nkwatch(hostile_db, "reports", "--format", "json")
    assert result.returncode == 0, result.stderr
    check_intact(by_url(json.loads(result.stdout)))


@pytest.mark.slow
def test_show_json_round_trips_hostile_text(hostile_db: str) -> None:
    for n, text in enumerate(HOSTILE):
        result = nkwatch(hostile_db, "show", article_url(n), "--format", "json")
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert (report["title"], report["body"][0]) == (text, text + " (body)")


@pytest.mark.slow
def test_show_text_prints_hostile_text_as_text(hostile_db: str) -> None:
    for n, text in enumerate(HOSTILE):
        result = nkwatch(hostile_db, "show", article_url(n), "--format", "seed")
        assert result.returncode == 0, result.stderr
        # The seed text layout is the body (no title line): the paragraph, verbatim.
        assert result.stdout.split("\n")[0] == text + " (body)"
        # The text header is one line per field: a title cannot forge more of them.
        shown = nkwatch(hostile_db, "show", article_url(n), "--format", "text")
        head = shown.stdout.split("\n")
        assert head[0] == " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text).split())
        assert head[1].startswith("published ")
        assert head[2] == article_url(n)


@pytest.mark.slow
def test_export_jsonl_round_trips_hostile_text(hostile_db: str) -> None:
    result = nkwatch(hostile_db, "export", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    check_intact(by_url([json.loads(line) for line in lines]))


@pytest.mark.slow
def test_export_csv_defuses_hostile_titles_and_bodies(hostile_db: str) -> None:
    result = nkwatch(hostile_db, "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = by_url(list(csv.DictReader(io.StringIO(result.stdout, newline=""))))
    for n, text in enumerate(HOSTILE):
        row = rows[article_url(n)]
        shown = "'" + text if text.startswith(FORMULA_START) else text
        assert row["title"] == shown
        assert row["body"].startswith(shown + " (body)")
    cells = [cell for row in rows.values() for cell in row.values()]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]


@pytest.mark.slow
def test_export_atom_keeps_hostile_text_as_text(hostile_db: str) -> None:
    import feedparser
    from lxml import etree

    result = nkwatch(hostile_db, "export", "--format", "atom")
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse(result.stdout)
    assert feed.bozo == 0, feed.get("bozo_exception")
    titles = {entry.link: entry.title for entry in feed.entries}
    for n, text in enumerate(HOSTILE):
        assert titles[article_url(n)] == XML_ILLEGAL.sub("", text)
    tree = etree.fromstring(result.stdout.encode())
    assert not tree.xpath("//*[local-name()='script']")  # escaped, never an element


@pytest.mark.slow
def test_hostile_sql_left_the_tables_alone(hostile_db: str) -> None:
    for command in (("reports", "--format", "json"), ("export", "--format", "csv")):
        assert nkwatch(hostile_db, *command).returncode == 0
    engine = sa.create_engine(hostile_db)
    try:
        with engine.connect() as conn:
            count = conn.execute(sa.text("SELECT count(*) FROM reports")).scalar_one()
    finally:
        engine.dispose()
    assert count == len(HOSTILE)


# -- notifications ---------------------------------------------------------------------


def test_notification_carries_report_fields_never_the_body() -> None:
    html_body = (
        '<div class="td-post-content"><p>Raw <b>page</b> HTML</p>'
        "<script>steal()</script></div>"
    )
    report = make_report(1, title="<b>Bold</b> title", body=(html_body, "More."))
    report["html"] = f"<html><body>{html_body}</body></html>"  # as if a page leaked in
    message = new_reports_message(7, [report])

    listed = message.payload["reports"]
    assert [r["url"] for r in listed] == [article_url(1)]
    assert listed[0]["title"] == "<b>Bold</b> title"  # a field, passed as text
    serialized = json.dumps(message.payload) + message.title + message.text
    assert "td-post-content" not in serialized
    assert "<script>" not in serialized
    assert "Raw <b>page</b>" not in serialized
    assert set(listed[0]) <= {
        "url", "title", "subtitle", "published_at", "authors",
        "agencies", "provinces", "places", "tags",
    }  # fmt: skip


# -- hostile link schemes ----------------------------------------------------------------

SITE = Scope.from_base_url("https://www.dailynk.com/english/")
PAGE = "https://www.dailynk.com/english/category/news/"


@pytest.mark.parametrize("link", HOSTILE_SCHEMES)
def test_hostile_scheme_links_are_no_site_urls(link: str) -> None:
    assert SITE.canonicalize(link, PAGE) is None
    assert SITE.article_url(link, PAGE) is None
    assert SITE.listing_url(link, PAGE) is None


@pytest.mark.slow
def test_a_crawl_of_pages_with_hostile_links_requests_only_the_fixture_server(
    serve: Serve, tmp_path: Path
) -> None:
    if not (SITE_DIR / "specs").is_dir():
        pytest.skip("fixtures/dailynk not built yet")
    from test_faults_crawl import make_site, run_driver

    from crawler.replay.faults import parse_fault

    server = serve(make_site())
    offsite = serve(make_site())
    off_article = offsite.base_url.replace("127.0.0.1", "localhost") + "x-y-z/"
    links = "|".join((*HOSTILE_SCHEMES, off_article))
    for path in ("/english/", "/english/category/news/"):
        server.faults[path] = parse_fault(f"links:{links}")
    summary = run_driver(f"sqlite:///{tmp_path / 'links.db'}", server.base_url)
    served = list(server.requests)

    assert summary["outcome"] == "ok"
    assert without_static_pages(summary["failures"]) == []
    # The hostile links were on pages the crawl read...
    assert {"/english/", "/english/category/news/"} <= {r.path for r in served}
    # ...and every request Scrapy made reached this server: none went anywhere else.
    assert summary["stats"]["downloader/request_count"] == len(served)
    assert offsite.requests == []
