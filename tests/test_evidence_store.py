"""Raw pages in the store (SQLite and PostgreSQL), reparse with a changed parser, prune,
and the evidence commands' answers to bad input.

Reports here are parsed by the real parser from the fixture site's saved pages and kept
with those pages, as a crawl does; the parser change ``reparse`` must pick up is
simulated by wrapping ``nkwatch.commands.reparse.parse_page``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_store_samples import pg_schema_url

from crawler.items import Report
from crawler.parsers import parse_article
from nkwatch import cli
from nkwatch.commands import reparse
from store import open_store

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "dailynk" / "articles"
SLUGS = (
    "hyesan-court-hands-heavy-sentences-copper-smugglers",
    "bowibu-rounds-up-remittance-brokers-hoeryong",
    "corn-prices-climb-sinuiju-spring-lean-season",
    "haeju-traffic-police-sell-back-impounded-motorbikes-bribes",
)
BASE = "https://www.dailynk.com/english/"
NOW = datetime.now(UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.db"
        return
    with pg_schema_url(request.getfixturevalue("pg_url")) as url:
        yield url


def page(slug: str) -> bytes:
    return (ARTICLES / f"{slug}.html").read_bytes()


def raw_of(report: Report, body: bytes, fetched_at: datetime = NOW) -> dict[str, Any]:
    return {
        "url": report.url,
        "request_url": report.url,
        "final_url": report.url,
        "status": 200,
        "protocol": "HTTP/1.1",
        "headers": [
            ["Content-Type", "text/html; charset=UTF-8"],
            ["Vary", "Accept-Encoding"],
        ],
        "body": body,
        "fetched_at": fetched_at,
        "content_hash": report.content_hash,
    }


def parsed(slug: str, body: bytes | None = None) -> Report:
    result = parse_article(body or page(slug), f"{BASE}{slug}/")
    assert isinstance(result, Report), result
    return result


@pytest.fixture
def stored(db_url: str) -> str:
    """The four articles saved with their pages, as a crawl saves them."""
    reports = [parsed(slug) for slug in SLUGS]
    with open_store(db_url) as store:
        store.save_reports(
            [r.to_storage_dict() for r in reports],
            raw_pages=[raw_of(r, page(s)) for r, s in zip(reports, SLUGS, strict=True)],
        )
    return db_url


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_pages_are_kept_compressed_and_come_back_byte_for_byte(stored: str) -> None:
    with open_store(stored) as store:
        totals = store.raw_totals()
        assert totals["pages"] == 4
        assert totals["stored_bytes"] < totals["body_bytes"] / 3  # compressed
        for slug in SLUGS:
            _, versions = store.report_versions(f"{BASE}{slug}/")
            assert [v["number"] for v in versions] == [1]
            kept = store.raw_page(versions[0]["raw_page_id"])
            assert kept["body"] == page(slug)
            assert kept["headers"][1] == ["Vary", "Accept-Encoding"]
            assert kept["source"] == "crawl"


def test_an_edit_keeps_a_second_page_and_an_unchanged_refetch_none(stored: str) -> None:
    slug = SLUGS[0]
    original = page(slug)
    first_paragraph = parsed(slug).body[1]
    edited_page = original.replace(
        first_paragraph.encode()[:40], b"EDITED " + first_paragraph.encode()[:40]
    )
    edited = parsed(slug, edited_page)
    assert edited.content_hash != parsed(slug).content_hash
    with open_store(stored) as store:
        result = store.save_reports(
            [edited.to_storage_dict()], raw_pages=[raw_of(edited, edited_page)]
        )
        assert result.revised == [edited.url]
        again = store.save_reports(
            [edited.to_storage_dict()], raw_pages=[raw_of(edited, edited_page + b" ")]
        )
        assert again.unchanged == [edited.url]
        _, versions = store.report_versions(edited.url)
        bodies = [store.raw_page(v["raw_page_id"])["body"] for v in versions]
        assert bodies == [original, edited_page]
        assert [v["current"] for v in versions] == [False, True]
        assert store.raw_totals()["pages"] == 5


def changed_parser(body_slug: str, caption_slug: str) -> Any:
    """The parser after a "fix": one article's text and another's caption read differently."""

    def parse(body: bytes, url: str) -> dict[str, Any] | None:
        report = reparse.__dict__["_original_parse"](body, url)
        if url.endswith(f"/{body_slug}/"):
            report["body"] = [*report["body"][:-1], report["body"][-1] + " (fixed)"]
            report["content_hash"] = "f" * 64
        elif url.endswith(f"/{caption_slug}/"):
            report["image"] = {
                **(report["image"] or {"url": "x"}),
                "caption": "A fixed caption",
            }
        return report

    return parse


def test_reparse_updates_exactly_the_reports_the_parser_change_affects(
    stored: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(reparse, "_original_parse", reparse.parse_page, raising=False)
    # The current parser first: nothing changes.
    code, out, _ = run_cli(capsys, "--db", stored, "reparse", "--json")
    assert code == 0
    assert json.loads(out.splitlines()[-1]) == {
        "reports": 4,
        "revised": 0,
        "updated": 0,
        "unchanged": 4,
        "unparsed": 0,
        "skipped": 0,
    }
    with open_store(stored) as store:
        before = {slug: store.get_report(f"{BASE}{slug}/") for slug in SLUGS}
    monkeypatch.setattr(reparse, "parse_page", changed_parser(SLUGS[1], SLUGS[2]))
    code, out, _ = run_cli(capsys, "--db", stored, "reparse", "--dry-run", "--json")
    assert json.loads(out.splitlines()[-1])["revised"] == 1
    code, out, _ = run_cli(capsys, "--db", stored, "reparse", "--json")
    assert json.loads(out.splitlines()[-1]) == {
        "reports": 4,
        "revised": 1,
        "updated": 1,
        "unchanged": 2,
        "unparsed": 0,
        "skipped": 0,
    }
    with open_store(stored) as store:
        after = {slug: store.get_report(f"{BASE}{slug}/") for slug in SLUGS}
        _, text_fixed = store.report_versions(f"{BASE}{SLUGS[1]}/")
        _, caption_fixed = store.report_versions(f"{BASE}{SLUGS[2]}/")
        # The revision made by reparse still shows the page it was read from.
        assert store.raw_page(text_fixed[1]["raw_page_id"])["body"] == page(SLUGS[1])
    assert after[SLUGS[0]] == before[SLUGS[0]]
    assert after[SLUGS[3]] == before[SLUGS[3]]
    assert after[SLUGS[1]]["body"][-1].endswith(" (fixed)")
    assert len(text_fixed) == 2  # the old reading stays in the history
    assert text_fixed[0]["data"]["body"] == before[SLUGS[1]]["body"]
    assert after[SLUGS[1]]["last_seen_at"] == before[SLUGS[1]]["last_seen_at"]
    assert after[SLUGS[2]]["image"]["caption"] == "A fixed caption"
    assert len(caption_fixed) == 1  # same text: updated in place, no revision
    # Run again with the same parser: everything is as it says already.
    code, out, _ = run_cli(capsys, "--db", stored, "reparse", "--json")
    assert json.loads(out.splitlines()[-1])["unchanged"] == 4


def test_reparse_since_reads_only_later_reports(
    stored: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store(stored) as store:
        dates = sorted(
            store.get_report(f"{BASE}{s}/")["published_at"][:10] for s in SLUGS
        )
    code, out, _ = run_cli(
        capsys, "--db", stored, "reparse", "--since", dates[-1], "--json"
    )
    assert code == 0
    later = sum(1 for d in dates if d >= dates[-1])
    assert json.loads(out.splitlines()[-1])["reports"] == later < 4


def test_prune_deletes_only_pages_older_than_the_age(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old, recent = parsed(SLUGS[0]), parsed(SLUGS[1])
    with open_store(db_url) as store:
        store.save_reports(
            [old.to_storage_dict(), recent.to_storage_dict()],
            raw_pages=[
                raw_of(old, page(SLUGS[0]), NOW - timedelta(days=3 * 365)),
                raw_of(recent, page(SLUGS[1]), NOW - timedelta(days=365)),
            ],
        )
    code, out, _ = run_cli(
        capsys, "--db", db_url, "prune", "--raw", "--older-than", "2y", "--dry-run"
    )
    assert code == 0
    assert "would delete 1 raw pages" in out
    code, out, _ = run_cli(
        capsys, "--db", db_url, "prune", "--raw", "--older-than", "2y"
    )
    assert "deleted 1 raw pages" in out
    with open_store(db_url) as store:
        assert store.raw_totals()["pages"] == 1
        assert store.get_report(old.url) is not None  # the report itself stays
        code, _, err = run_cli(capsys, "--db", db_url, "show", old.url, "--html")
        assert code == 1
        assert "no raw page kept" in err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["prune", "--older-than", "2y"], 2, "--raw"),
        (["prune", "--raw", "--older-than", "soon"], 2, "expected an age"),
        (["prune", "--raw", "--older-than", "0d"], 2, "more than 0"),
        (["show", "1", "--revision", "3"], 2, "has 1 revision"),
        (["diff", "1", "--to", "7"], 2, "--to 7"),
        (["show", "999", "--html"], 1, "no stored report"),
        (["export", "--format", "warc"], 2, "--out"),
        (["import-warc", "/nonexistent/x.warc.gz"], 1, "cannot read"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(
    stored: str,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    message: str,
) -> None:
    got, _, err = run_cli(capsys, "--db", stored, *argv)
    assert got == code
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "content", [b"", b"this is not a warc file\n" * 10, b"\x1f\x8b\x08\x00garbage"]
)
def test_import_of_a_file_that_is_not_a_warc_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    db = f"sqlite:///{tmp_path}/x.db"
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(content)
    code, _, err = run_cli(capsys, "--db", db, "import-warc", str(path))
    assert code == 1, err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    with open_store(db) as store:
        assert not store.has_reports()


def test_a_warc_cut_short_is_refused_before_anything_is_stored(
    stored: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = tmp_path / "all.warc.gz"
    code, _, err = run_cli(
        capsys,
        "--db",
        stored,
        "export",
        "--format",
        "warc",
        "--all",
        "--out",
        str(warc),
    )
    assert code == 0, err
    data = warc.read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) * 2 // 3])
    empty = f"sqlite:///{tmp_path}/empty.db"
    code, _, err = run_cli(
        capsys, "--db", empty, "import-warc", str(tmp_path / "cut.warc.gz")
    )
    assert code == 1
    assert "cut.warc.gz" in err
    assert err.count("\n") == 1
    with open_store(empty) as store:
        assert not store.has_reports()


def test_diff_of_a_report_never_edited_says_so(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "--db", stored, "diff", "1")
    assert code == 0
    assert "one revision" in out


def test_replacing_report_fields_is_not_needed_for_the_diff() -> None:
    from nkwatch.commands.diff import unified

    old = {"title": "T", "body": ["a", "b", "c"]}
    new = {"title": "T", "body": ["new first", "a", "b", "c"]}
    lines = list(unified(old, new, ("old", "new"), 0))
    # An inserted paragraph is one added line, not every later paragraph renumbered.
    assert [line for line in lines if line[:1] in "+-"][2:] == [
        "+[paragraph 1] new first"
    ]
    assert dataclasses.is_dataclass(Report)


def test_a_version_stored_without_its_page_is_skipped_not_reverted(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = SLUGS[0]
    text = parsed(slug).body[1].encode()[:40]
    edited = parsed(slug, page(slug).replace(text, b"EDITED " + text))
    with open_store(stored) as store:
        assert store.save_reports([edited.to_storage_dict()]).revised == [edited.url]
    code, out, _ = run_cli(capsys, "--db", stored, "reparse", "--json")
    assert json.loads(out.splitlines()[-1])["skipped"] == 1
    with open_store(stored) as store:
        assert store.get_report(edited.url)["content_hash"] == edited.content_hash
    code, _, err = run_cli(capsys, "--db", stored, "show", edited.url, "--html")
    assert code == 1
    assert "revision 2" in err
    code, out, _ = run_cli(
        capsys, "--db", stored, "show", edited.url, "--html", "--revision", "1"
    )
    assert code == 0


def test_diff_of_an_article_edited_back_compares_the_current_with_what_it_replaced(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = SLUGS[0]
    first = parsed(slug)
    text = first.body[1].encode()[:40]
    edited = parsed(slug, page(slug).replace(text, b"EDITED " + text))
    with open_store(stored) as store:
        store.save_reports([edited.to_storage_dict()])
        store.save_reports([first.to_storage_dict()])  # the site undid its edit
        _, versions = store.report_versions(first.url)
    assert [v["current"] for v in versions] == [True, False]
    code, out, _ = run_cli(capsys, "--db", stored, "diff", first.url)
    assert code == 0
    assert "revision 2" in out.splitlines()[0]
    assert "revision 1" in out.splitlines()[1]
    assert any(line.startswith("-[paragraph 2] EDITED") for line in out.splitlines())
    code, _, err = run_cli(capsys, "--db", stored, "diff", first.url, "--to", "1")
    assert code == 2
    assert "give --from" in err
