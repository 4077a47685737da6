"""`nkwatch reports --search` and `export --search`: matching reports, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from test_cli_store import cli
from test_search import corpus_reports

from store import open_store


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    with open_store(url) as store:
        store.save_reports(corpus_reports())
    return url


def test_reports_search_lists_the_matches_with_their_snippets(capsys, db) -> None:
    code, out, err = cli(capsys, "--db", db, "reports", "--search", "hyesan -bribes")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3  # header, the one report, its snippet
    assert "Border guards caught at the Yalu" in lines[1]
    assert "«Hyesan»" in lines[2]


def test_reports_search_as_json_keeps_the_snippet_segments(capsys, db) -> None:
    code, out, _ = cli(
        capsys, "--db", db, "reports", "--all", "--search", "yuan OR dollars",
        "--format", "json",
    )
    reports = json.loads(out)
    assert code == 0
    assert {r["title"] for r in reports} == {
        "Police in Hyesan take bribes in yuan",
        "Market traders fined",
    }
    for report in reports:
        matched = {s["text"].casefold() for s in report["snippet"] if s["match"]}
        assert matched & {"yuan", "dollars"}


def test_export_search_makes_a_feed_of_the_matches(capsys, db, tmp_path) -> None:
    out_file = tmp_path / "feed.xml"
    code, _, _ = cli(
        capsys, "--db", db, "export", "--format", "atom",
        "--search", '"state security"', "--out", str(out_file),
    )
    feed = feedparser.parse(out_file.read_text(encoding="utf-8"))
    assert code == 0
    assert not feed.bozo
    assert {e.title for e in feed.entries} == {
        "Border guards caught at the Yalu",
        "State security widens crackdown",
    }


@pytest.mark.parametrize("command", ["reports", "export"])
def test_an_unparsable_search_is_a_one_line_usage_error(capsys, db, command) -> None:
    extra = ["--format", "jsonl"] if command == "export" else []
    code, out, err = cli(capsys, "--db", db, command, *extra, "--search", '"state')
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert 'a "phrase" is not closed' in err
    assert "Traceback" not in err
