"""The "possible" band in every output: reports --possible, tables, CSV, Atom, notifications.

And the filters' spellings: --province in any spelling, --agency by any name.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest
from test_labels import cli, crawled, notified

from scheduler.messages import new_reports_message
from store import open_store

ARREST = (
    "bowibu-detains-brokers-hyesan",
    "Bowibu detains two brokers in Ryanggang Province",
    ["State security agents detained two brokers in Hyesan, a source said."],
)
VAGUE = (
    "hyesan-residents-grumble",
    "Hyesan residents grumble about new rules",
    [
        (
            "Residents of Hyesan are unhappy with new rules on trading hours, and some say "
            "safety agents may look into the market managers, a source said."
        ),
        "An investigation is rumored but has not begun.",
    ],
)
PRICES = (
    "rice-prices-ease-chongjin",
    "Rice prices ease in Chongjin markets",
    ["Rice prices fell in Chongjin markets as the harvest arrived, a source said."],
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/band.db"
    with open_store(url) as store:
        store.save_reports(
            [crawled(*ARREST, n=3), crawled(*VAGUE, n=2), crawled(*PRICES, n=1)]
        )
    return url


def titles(out: str) -> list[str]:
    return [r["title"] for r in json.loads(out)]


def test_the_bands_are_what_the_classifier_said(db: str) -> None:
    with open_store(db) as store:
        bands = {
            r["title"]: r["topic"]["band"]
            for r in store.query_reports(law_enforcement_only=False)
        }
    assert bands == {ARREST[1]: "yes", VAGUE[1]: "possible", PRICES[1]: "no"}


def test_reports_possible_adds_the_close_ones_marked(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    assert titles(cli(capsys, "--db", db, "reports", "--format", "json")[1]) == [
        ARREST[1]
    ]
    code, out, _ = cli(capsys, "--db", db, "reports", "--possible", "--format", "json")
    assert code == 0
    assert titles(out) == [ARREST[1], VAGUE[1]]
    code, out, _ = cli(capsys, "--db", db, "reports", "--possible")
    lines = out.splitlines()
    assert len(lines) == 3
    assert "[possible] Hyesan residents grumble" in lines[2]
    assert "[possible]" not in lines[1]
    # --limit counts what is shown, also when the band is checked row by row.
    code, out, _ = cli(
        capsys, "--db", db, "reports", "--possible", "--limit", "1", "--format", "json"
    )
    assert titles(out) == [ARREST[1]]


def test_exports_mark_the_band(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = cli(capsys, "--db", db, "export", "--format", "csv", "--all")
    assert code == 0
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(out))}
    assert {t: r["topic_band"] for t, r in rows.items()} == {
        ARREST[1]: "yes",
        VAGUE[1]: "possible",
        PRICES[1]: "no",
    }
    code, out, _ = cli(capsys, "--db", db, "export", "--format", "atom", "--possible")
    entries = feedparser.parse(out).entries
    assert [e.title for e in entries] == [ARREST[1], f"[possible] {VAGUE[1]}"]
    bands = [
        {t.term for t in e.tags if t.scheme == "nkwatch:topic-band"} for e in entries
    ]
    assert bands == [{"yes"}, {"possible"}]
    code, out, _ = cli(capsys, "--db", db, "export", "--format", "jsonl", "--possible")
    assert [json.loads(line)["topic"]["band"] for line in out.splitlines()] == [
        "yes",
        "possible",
    ]


def test_notifications_list_possible_reports_apart(tmp_path: Path, db: str) -> None:
    with open_store(db) as store:
        urls = [r["url"] for r in store.query_reports(law_enforcement_only=False)]
        [message] = notified(tmp_path, store, urls)
    assert [r["title"] for r in message.payload["reports"]] == [ARREST[1]]
    assert [r["title"] for r in message.payload["possible"]] == [VAGUE[1]]
    assert message.payload["possible_count"] == 1
    assert message.title.endswith("(+1 possible)")
    assert f"[possible] {VAGUE[1]}" in message.text


def test_a_run_with_only_possible_reports_is_still_notified(
    tmp_path: Path, db: str
) -> None:
    with open_store(db) as store:
        vague = store.get_report(f"https://www.dailynk.com/english/{VAGUE[0]}/")
        [message] = notified(tmp_path, store, [vague["url"]])
    assert message.payload["count"] == 0
    assert message.payload["reports"] == []
    assert len(message.payload["possible"]) == 1


def test_a_message_without_possible_reports_is_unchanged() -> None:
    message = new_reports_message(1, [])
    assert "possible" not in message.payload
    assert "possible" not in message.title


@pytest.mark.parametrize(
    "spelling",
    ["Yanggang", "Ryanggang", "ryanggang province", "Yanggang-do", "Ryang-gang"],
)
def test_province_filter_accepts_every_spelling(
    capsys: pytest.CaptureFixture[str], db: str, spelling: str
) -> None:
    code, out, _ = cli(
        capsys, "--db", db, "reports", "--province", spelling, "--format", "json"
    )
    assert code == 0
    assert titles(out) == [ARREST[1]]


@pytest.mark.parametrize(
    "name",
    ["state_security", "MSS", "SSD", "bowibu", "Ministry of State Security", "Bowibu"],
)
def test_agency_filter_accepts_every_name(
    capsys: pytest.CaptureFixture[str], db: str, name: str
) -> None:
    code, out, _ = cli(
        capsys, "--db", db, "reports", "--agency", name, "--format", "json"
    )
    assert code == 0
    assert titles(out) == [ARREST[1]]


def test_an_unknown_agency_is_a_one_line_usage_error(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, err = cli(capsys, "--db", db, "reports", "--agency", "fbi")
    assert (code, out) == (2, "")
    assert "unknown agency 'fbi'" in err
    assert len(err.strip().splitlines()) == 1
