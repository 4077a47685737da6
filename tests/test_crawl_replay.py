"""`nkwatch replay`: the real spider over the saved fixtures through the replay middleware."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, SITE, run_nkwatch, without_static_pages

SITE_DIR = SITE

pytestmark = [
    pytest.mark.skipif(
        not (SITE_DIR / "manifest.json").is_file(), reason="fixtures/dailynk not built yet"
    ),
    pytest.mark.slow,  # every test replays in a child process
]

#: Fields the topic classifier decides beyond the hand label (docs/fixtures.md).
NOT_COMPARED = {"score", "matched", "band"}


def replay(
    db: str, *args: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    result = run_nkwatch(
        "--db", db, "replay", str(FIXTURES), "--json", *args, timeout=120
    )
    lines = result.stdout.strip().splitlines()
    return result, json.loads(lines[-1]) if lines else {}


def expected_reports() -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((SITE_DIR / "articles").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["expected"] is not None:
            found[data["url"]] = data["expected"]
    return found


def stored(db: str) -> dict[str, dict[str, Any]]:
    from store import open_store

    with open_store(db) as store:
        return {r["url"]: r for r in store.query_reports(law_enforcement_only=False)}


@pytest.mark.parametrize("mode", [(), ("--backfill",)], ids=["incremental", "backfill"])
def test_replay_stores_every_fixture_article_as_parsed(
    tmp_path: Path, mode: tuple[str, ...]
) -> None:
    db = f"sqlite:///{tmp_path / 'replay.db'}"
    result, summary = replay(db, *mode)
    assert result.returncode == 0, result.stderr
    expected = expected_reports()
    reports = stored(db)
    assert set(reports) == set(expected)
    assert summary["new"] == len(expected)
    from store import open_store

    with open_store(db) as store:
        assert without_static_pages(store.failures()) == []
    for url, want in expected.items():
        got = reports[url]
        for field, value in want.items():
            if field == "topic":
                value = {k: v for k, v in value.items() if k not in NOT_COMPARED}
                got_value = {
                    k: v for k, v in got["topic"].items() if k not in NOT_COMPARED
                }
                assert got_value == value, url
            elif field != "contact_hidden":
                assert got[field] == value, (url, field)


def test_second_replay_requests_no_article_again(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'replay.db'}"
    replay(db)
    result, summary = replay(db)
    assert result.returncode == 0, result.stderr
    assert summary["new"] == 0
    # robots.txt, the feed, the home page and category/news/: nothing else
    assert summary["requests"] == 4


def test_replay_of_a_folder_without_manifest_is_a_usage_error(tmp_path: Path) -> None:
    result, _ = replay(
        f"sqlite:///{tmp_path / 'x.db'}"
    )  # sanity: the real folder works
    assert result.returncode == 0
    result = run_nkwatch("--db", f"sqlite:///{tmp_path / 'y.db'}", "replay", str(tmp_path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "manifest.json" in result.stderr
