"""nkwatch reclassify: after a rule change, exactly the reports the change concerns flip.

The reports are stored by a classifier without the "summoned" rule (as an older nkwatch
would have scored them); reclassify then runs with the current rules, from stored text only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_labels import crawled

from crawler.analysis import topic
from nkwatch.cli import main
from store import open_store

SUMMONED = [
    ("customs-chief-summoned", "Hyesan customs chief summoned to Pyongyang"),
    ("cadres-summoned-sinuiju", "Sinuiju trade cadres summoned over missing coal"),
]
UNCHANGED = [
    ("police-detain-brokers", "Police detain two brokers in Hyesan"),
    ("rice-prices-ease", "Rice prices ease in Chongjin markets"),
]


def _without_summoned() -> list:
    return [term for term in topic._ACTS if term[0] != "summoned"]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/rescore.db"
    with monkeypatch.context() as old_rules:
        old_rules.setattr(topic, "_ACTS", _without_summoned())
        reports = [
            crawled(slug, title, [title + ", a source said."], n=i)
            for i, (slug, title) in enumerate(SUMMONED + UNCHANGED)
        ]
    with open_store(url) as store:
        store.save_reports(reports)
    return url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def verdicts(db: str) -> dict[str, bool]:
    with open_store(db) as store:
        return {
            r["title"]: r["topic"]["law_enforcement"]
            for r in store.query_reports(law_enforcement_only=False)
        }


def test_old_rules_missed_the_summons(db: str) -> None:
    before = verdicts(db)
    assert [before[t] for _, t in SUMMONED] == [False, False]
    assert [before[t] for _, t in UNCHANGED] == [True, False]


def test_dry_run_tells_which_would_flip_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    before = verdicts(db)
    code, out, _ = run(capsys, "--db", db, "-v", "reclassify", "--dry-run")
    assert code == 0
    assert "2 verdicts changed (2 now law enforcement, 0 no longer)" in out
    assert "(dry run)" in out
    flipped = [line for line in out.splitlines() if "->" in line]
    assert sorted(line.split("  ", 2)[-1] for line in flipped) == sorted(
        t for _, t in SUMMONED
    )
    assert verdicts(db) == before


def test_reclassify_flips_exactly_the_expected_reports(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    before = verdicts(db)
    code, out, _ = run(capsys, "--db", db, "reclassify")
    assert code == 0
    assert "rescored 4 reports" in out
    assert "2 verdicts changed" in out
    after = verdicts(db)
    changed = {t for t in after if after[t] != before[t]}
    assert changed == {t for _, t in SUMMONED}
    with open_store(db) as store:
        rescored = [
            store.get_report(f"https://www.dailynk.com/english/{slug}/")
            for slug, _ in SUMMONED
        ]
    assert all("summoned" in r["topic"]["matched"] for r in rescored)
    # Run again: nothing left to change.
    code, out, _ = run(capsys, "--db", db, "reclassify")
    assert "0 verdicts changed" in out
    assert "stored 0 updated" in out


def test_a_label_still_wins_after_reclassify(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    with open_store(db) as store:
        first = store.get_report(f"https://www.dailynk.com/english/{SUMMONED[0][0]}/")
    run(capsys, "--db", db, "label", str(first["id"]), "--law-enforcement", "no")
    run(capsys, "--db", db, "reclassify")
    code, out, _ = run(capsys, "--db", db, "reports", "--format", "json")
    assert code == 0
    # The labelled summons stays out although the classifier now says yes.
    assert {r["title"] for r in json.loads(out)} == {SUMMONED[1][1], UNCHANGED[0][1]}


def test_since_limits_the_rescoring(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    # Reports are an hour apart on 2024-05-01 (site time): a later day has none.
    code, out, _ = run(capsys, "--db", db, "reclassify", "--since", "2024-05-02")
    assert code == 0
    assert "rescored 0 reports" in out
