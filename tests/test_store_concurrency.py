"""Two processes saving overlapping batches at the same moment: every report exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_samples import (
    article_url,
    count_rows,
    edited,
    make_report,
    pg_schema_url,
)

from store import open_store

# At a shared start time the children open the store (so they also race to create a
# new database); a second later they all start saving their batches one by one.
CHILD = """
import json, sys, time
from store import open_store
url, batches_file, start_at = sys.argv[1], sys.argv[2], float(sys.argv[3])
batches = json.loads(open(batches_file, encoding="utf-8").read())
while time.time() < start_at:
    time.sleep(0.002)
store = open_store(url)
while time.time() < start_at + 1.0:
    time.sleep(0.002)
totals = {"new": [], "revised": [], "unchanged": [], "began": time.time()}
for batch in batches:
    result = store.save_reports(batch)
    for key in ("new", "revised", "unchanged"):
        totals[key] += getattr(result, key)
totals["ended"] = time.time()
store.close()
print(json.dumps(totals))
"""
BATCH = 10


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.db"
        return
    with pg_schema_url(request.getfixturevalue("pg_url")) as url:
        yield url


def save_at_once(
    url: str, tmp_path: Path, *work: list[dict]
) -> list[dict[str, list[str]]]:
    """Run one child per list of reports, all starting together; return their totals."""
    start_at = time.time() + 2.0  # time for every interpreter to start and import
    children = []
    for index, reports in enumerate(work):
        batches = [reports[i : i + BATCH] for i in range(0, len(reports), BATCH)]
        path = tmp_path / f"batches-{index}.json"
        path.write_text(json.dumps(batches), encoding="utf-8")
        children.append(
            subprocess.Popen(
                [sys.executable, "-c", CHILD, url, str(path), str(start_at)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append(json.loads(out))
    # The point is that they ran at the same time: their saving periods must overlap.
    assert max(r["began"] for r in results) < min(r["ended"] for r in results)
    return results


@pytest.mark.slow
def test_overlapping_batches_store_every_report_once(
    db_url: str, tmp_path: Path
) -> None:
    # A goes down from 599, B up from 300: both start inside the shared range 300..599.
    first = [make_report(n) for n in range(599, -1, -1)]
    second = [make_report(n) for n in range(300, 900)]
    a, b = save_at_once(db_url, tmp_path, first, second)

    assert set(a["new"]).isdisjoint(b["new"])
    assert set(a["new"]) | set(b["new"]) == {article_url(n) for n in range(900)}
    shared = {article_url(n) for n in range(300, 600)}
    # Each shared report was new for exactly one of them and known to the other.
    assert set(a["unchanged"]) | set(b["unchanged"]) == shared
    assert set(a["unchanged"]).isdisjoint(b["unchanged"])
    assert a["revised"] == b["revised"] == []
    assert count_rows(db_url, "reports") == 900
    assert count_rows(db_url, "revisions") == 0


@pytest.mark.slow
def test_the_same_edit_seen_twice_at_once_is_one_revision(
    db_url: str, tmp_path: Path
) -> None:
    originals = [make_report(n) for n in range(300)]
    with open_store(db_url) as store:
        store.save_reports(originals)
    updates = [edited(r) for r in originals]
    a, b = save_at_once(db_url, tmp_path, updates, list(reversed(updates)))

    assert set(a["revised"]).isdisjoint(b["revised"])
    assert set(a["revised"]) | set(b["revised"]) == {r["url"] for r in originals}
    assert count_rows(db_url, "reports") == 300
    assert count_rows(db_url, "revisions") == 600  # each original plus its one edit
