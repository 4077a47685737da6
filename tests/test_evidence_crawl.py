"""Raw pages end to end: real crawls of the fixture server keep the page, an edit gives a
revision and a diff, and the WARC export round-trips through warcio and import-warc.

Crawls run in child processes (Scrapy's reactor cannot restart) in fetch mode, so each
costs a handful of requests. The fixture server answers the watched article through a
``PageVariant``, which records every body it sent: the bytes compared are the bytes that
went over the wire.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from conftest import nkwatch_argv, serving

from crawler.items import REPORT_FIELDS
from crawler.replay.variant import PageVariant

if TYPE_CHECKING:
    from crawler.replay.server import FixtureServer

SITE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "dailynk"
SLUGS = (
    "hyesan-court-hands-heavy-sentences-copper-smugglers",
    "bowibu-rounds-up-remittance-brokers-hoeryong",
    "corn-prices-climb-sinuiju-spring-lean-season",
)
DRIVER = """
import json, sys
from crawler.runner import CrawlOptions, run_crawl
db, base, urls = sys.argv[1], sys.argv[2], sys.argv[3:]
s = run_crawl(CrawlOptions(db_url=db, base_url=base, delay=0.0, mode="fetch", urls=tuple(urls)))
print(json.dumps({**s.to_json(), "outcome": s.outcome, "failures": s.failures}))
"""
EDITED = " The court later cut two of the sentences on appeal, the source added."

pytestmark = [
    pytest.mark.slow,  # every test crawls in a child process
    pytest.mark.skipif(
        not (SITE_DIR / "specs").is_dir(), reason="fixtures/dailynk not built yet"
    ),
]


def crawl(
    db: str, base_url: str, *urls: str, env: dict[str, str] | None = None
) -> dict[str, Any]:
    argv = [sys.executable, "-c", DRIVER, db, base_url, *urls]
    result = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def cli(
    db: str, *args: str, base_url: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    base = ["--base-url", base_url] if base_url else []
    argv = nkwatch_argv("--db", db, *base, *args)
    return subprocess.run(argv, capture_output=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def server() -> Any:
    from crawler.fixturesite.site import Site

    with serving(Site.from_fixtures(SITE_DIR)) as server:
        yield server


def article_url(server: FixtureServer, slug: str) -> str:
    return f"{server.base_url}{slug}/"


@pytest.fixture(scope="module")
def archive(
    server: FixtureServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """One store: three articles crawled, then the first one edited on the site and crawled again."""
    db = f"sqlite:///{tmp_path_factory.mktemp('evidence')}/nkwatch.db"
    urls = [article_url(server, slug) for slug in SLUGS]
    path = urlsplit(urls[0]).path
    first = server.faults[path] = PageVariant()
    summary = crawl(db, server.base_url, *urls)
    assert summary["new"] == 3, summary
    original = first.sent[-1]
    paragraph, number = editable_paragraph(db, urls[0], original)
    second = server.faults[path] = PageVariant(
        {paragraph.encode(): (paragraph + EDITED).encode()}
    )
    summary = crawl(db, server.base_url, urls[0])
    assert summary["revised"] == 1, summary
    del server.faults[path]
    return {
        "db": db,
        "urls": urls,
        "original": original,
        "edited": second.sent[-1],
        "paragraph": paragraph,
        "number": number,
    }


def editable_paragraph(db: str, url: str, page: bytes) -> tuple[str, int]:
    """A body paragraph written literally in the page's bytes (no entities), and its number."""
    from store import open_store

    with open_store(db) as store:
        report = store.get_report(url)
    for number, text in enumerate(report["body"], start=1):
        if number > 1 and page.count(text.encode()) == 1:
            return text, number
    raise AssertionError("no paragraph appears literally in the page")


def report_id(db: str, url: str) -> int:
    from store import open_store

    with open_store(db) as store:
        return store.get_report(url)["id"]


def test_a_crawl_keeps_the_page_and_show_html_gives_the_bytes_sent(
    archive: dict[str, Any],
) -> None:
    db = archive["db"]
    ident = str(report_id(db, archive["urls"][0]))
    current = cli(db, "show", ident, "--html")
    assert current.returncode == 0, current.stderr
    assert current.stdout == archive["edited"]
    first = cli(db, "show", ident, "--html", "--revision", "1")
    assert first.stdout == archive["original"]
    assert first.stdout != current.stdout
    # Every stored report has its page, and the other two are as the site served them.
    from store import open_store

    with open_store(db) as store:
        assert store.raw_totals()["pages"] == 4  # 3 first versions + 1 edit
        for url in archive["urls"][1:]:
            _, versions = store.report_versions(url)
            page = store.raw_page(versions[0]["raw_page_id"])
            assert page["status"] == 200
            assert page["final_url"] == url
            assert dict(page["headers"])["Content-Type"].startswith("text/html")


def test_an_edit_gives_two_revisions_and_a_diff_naming_the_paragraph(
    archive: dict[str, Any],
) -> None:
    db, url = archive["db"], archive["urls"][0]
    shown = cli(db, "show", url, "--revision", "1", "--format", "json")
    assert archive["paragraph"] in json.loads(shown.stdout)["body"]
    diff = cli(db, "diff", url)
    assert diff.returncode == 0, diff.stderr
    lines = diff.stdout.decode().splitlines()
    label = f"[paragraph {archive['number']}]"
    changed = [
        line
        for line in lines
        if line[:1] in "+-" and not line.startswith(("---", "+++"))
    ]
    assert changed == [
        f"-{label} {archive['paragraph']}",
        f"+{label} {archive['paragraph']}{EDITED}",
    ]
    assert lines[0].startswith("--- report ")
    assert "revision 1" in lines[0]
    assert "revision 2" in lines[1]
    as_json = json.loads(
        cli(db, "diff", url, "--from", "1", "--to", "2", "--format", "json").stdout
    )
    assert [c["change"] for c in as_json["changes"]] == ["replaced"]
    assert as_json["changes"][0]["to"][0]["where"] == f"paragraph {archive['number']}"


def test_warc_export_is_valid_and_import_reproduces_the_reports(
    archive: dict[str, Any], server: FixtureServer, tmp_path: Path
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    warc = tmp_path / "pages.warc.gz"
    done = cli(archive["db"], "export", "--format", "warc", "--all", "--out", str(warc))
    assert done.returncode == 0, done.stderr
    responses = []
    with warc.open("rb") as handle:
        records = ArchiveIterator(handle, check_digests=True)
        for record in records:
            payload = record.content_stream().read()
            assert record.digest_checker.passed is not False, (
                record.digest_checker.problems
            )
            if record.rec_type != "response":
                assert record.rec_type == "warcinfo"
                continue
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            sha1 = base64.b32encode(hashlib.sha1(payload).digest()).decode()  # noqa: S324 (WARC's digest)
            assert digest == f"sha1:{sha1}"
            assert record.rec_headers.get_header("WARC-Date").endswith("Z")
            responses.append(
                (record.rec_headers.get_header("WARC-Target-URI"), payload)
            )
    assert len(responses) == 4
    assert (archive["urls"][0], archive["original"]) in responses
    assert (archive["urls"][0], archive["edited"]) in responses

    empty = f"sqlite:///{tmp_path}/imported.db"
    imported = cli(empty, "import-warc", str(warc), "--json", base_url=server.base_url)
    assert imported.returncode == 0, imported.stderr
    counts = json.loads(imported.stdout.decode().splitlines()[-1])
    assert (counts["new"], counts["revised"]) == (3, 1), counts
    assert reports_of(empty) == reports_of(archive["db"])
    # The import keeps the pages too: the WARC's bytes come back out of the new store.
    again = cli(empty, "show", archive["urls"][0], "--html", "--revision", "1")
    assert again.stdout == archive["original"]
    # The same file a second time adds nothing (the only-new rule).
    twice = json.loads(
        cli(empty, "import-warc", str(warc), "--json", base_url=server.base_url)
        .stdout.decode()
        .splitlines()[-1]
    )
    assert (twice["new"], twice["revised"], twice["unchanged"]) == (0, 0, 4)


def reports_of(db: str) -> dict[str, Any]:
    from store import open_store

    with open_store(db) as store:
        reports = store.query_reports(law_enforcement_only=False)
        return {
            r["url"]: (
                {key: r[key] for key in REPORT_FIELDS},
                [v["content_hash"] for v in store.report_versions(r["url"])[1]],
            )
            for r in reports
        }


def test_raw_pages_can_be_turned_off(server: FixtureServer, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/noraw.db"
    url = article_url(server, SLUGS[1])
    assert crawl(db, server.base_url, url, env={"NKWATCH_KEEP_RAW": "0"})["new"] == 1
    shown = cli(db, "show", url, "--html")
    assert shown.returncode == 1
    assert shown.stderr.decode().count("\n") == 1
    assert b"no raw page kept" in shown.stderr
    assert b"Traceback" not in shown.stderr
