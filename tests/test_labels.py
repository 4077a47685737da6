"""User labels end to end: a label wins in reports, show, exports and the next notification.

Reports are saved as a crawl saves them (the classifier's topic from crawler.analysis), so
the label is checked against real verdicts, not hand-set flags.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import feedparser
import pytest
from test_store_samples import pg_schema_url

from crawler.items import Report
from crawler.parsers.outcome import finish_report
from nkwatch.cli import main
from scheduler.service import Service, ServiceConfig
from store import open_store

if TYPE_CHECKING:
    from scheduler.notify import Message

KST = timezone(timedelta(hours=9))
SITE = "https://www.dailynk.com/english/"

ARREST = (
    "police-detain-brokers-hyesan",
    "Police detain two brokers in Hyesan",
    ["Safety agents detained two brokers in Hyesan last week, a source said."],
)
PRICES = (
    "rice-prices-ease-chongjin",
    "Rice prices ease in Chongjin markets",
    ["Rice prices fell in Chongjin markets as the harvest arrived, a source said."],
)


def crawled(slug: str, title: str, body: list[str], n: int = 0) -> dict[str, Any]:
    """A storage dict as a crawl makes it: topic and entities from the analysis."""
    report = Report(
        url=f"{SITE}{slug}/",
        title=title,
        body=tuple(body),
        published_at=datetime(2024, 5, 1, 10, tzinfo=KST) + timedelta(hours=n),
    )
    return finish_report(report).to_storage_dict()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The two stored reports, on SQLite and (when the test server is set) PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/labels.db"
        yield seeded(url)
        return
    with pg_schema_url(request.getfixturevalue("pg_url")) as url:
        yield seeded(url)


def seeded(url: str) -> str:
    with open_store(url) as store:
        store.save_reports([crawled(*ARREST, n=1), crawled(*PRICES, n=2)])
    return url


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ids(store_url: str) -> dict[str, int]:
    with open_store(store_url) as store:
        return {
            r["title"]: r["id"] for r in store.query_reports(law_enforcement_only=False)
        }


def listed(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> list[str]:
    code, out, _ = cli(capsys, "--db", db, "reports", "--format", "json", *extra)
    assert code == 0
    return [r["title"] for r in json.loads(out)]


def atom_titles(capsys: pytest.CaptureFixture[str], db: str) -> list[str]:
    code, out, _ = cli(capsys, "--db", db, "export", "--format", "atom")
    assert code == 0
    return [entry.title for entry in feedparser.parse(out).entries]


def test_the_classifier_decides_until_a_label_overrules_it(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    arrest, prices = ARREST[1], PRICES[1]
    assert listed(capsys, db) == [arrest]
    assert atom_titles(capsys, db) == [arrest]

    report_id = ids(db)[prices]
    code, _, err = cli(
        capsys, "--db", db, "label", str(report_id), "--law-enforcement", "yes",
        "--note", "traders fined at the market",
    )  # fmt: skip
    assert code == 0
    assert "labelled law enforcement" in err
    code, _, _ = cli(
        capsys, "--db", db, "label", f"{SITE}{ARREST[0]}", "--law-enforcement", "no"
    )  # a URL without its trailing slash names the stored report too
    assert code == 0

    assert listed(capsys, db) == [prices]
    assert atom_titles(capsys, db) == [prices]
    code, out, _ = cli(capsys, "--db", db, "show", str(report_id), "--format", "json")
    topic = json.loads(out)["topic"]
    assert topic["law_enforcement"] is True
    assert topic["label"]["note"] == "traders fined at the market"
    assert topic["classifier"]["law_enforcement"] is False

    code, _, err = cli(capsys, "--db", db, "label", str(report_id), "--clear")
    assert code == 0
    assert "label removed" in err
    assert listed(capsys, db) == []  # the arrest is still labelled "no"


def test_labels_lists_every_label_with_the_classifier_verdict(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    report_id = ids(db)[ARREST[1]]
    cli(capsys, "--db", db, "label", str(report_id), "--law-enforcement", "no")
    code, out, _ = cli(capsys, "--db", db, "labels", "--format", "json")
    assert code == 0
    [label] = json.loads(out)
    assert (label["id"], label["law_enforcement"]) == (report_id, False)
    assert label["classifier"]["band"] == "yes"
    code, out, _ = cli(capsys, "--db", db, "labels")
    assert code == 0
    assert "no!" in out  # the label overrules the classifier
    assert ARREST[1] in out


def test_a_label_is_kept_across_revisions(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    report_id = ids(db)[ARREST[1]]
    cli(capsys, "--db", db, "label", str(report_id), "--law-enforcement", "no")
    slug, title, body = ARREST
    with open_store(db) as store:
        result = store.save_reports([crawled(slug, title, [*body, "An update."], n=1)])
        assert result.revised == [f"{SITE}{slug}/"]
        assert store.get_report(report_id)["topic"]["law_enforcement"] is False
    assert listed(capsys, db) == []


def test_a_label_set_before_the_crawl_decides_the_next_notification(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The user labels a new article by URL before the scheduled run stores it.
    slug, title, body = PRICES[0] + "-again", PRICES[1] + " again", PRICES[2]
    code, _, err = cli(
        capsys, "--db", db, "label", f"{SITE}{slug}/", "--law-enforcement", "yes"
    )
    assert code == 0
    assert "not stored yet" in err
    arrest = ("brokers-detained-again", "Police detain brokers again", ARREST[2])
    with open_store(db) as store:
        store.save_reports([crawled(slug, title, body, n=3), crawled(*arrest, n=4)])
        sent = notified(tmp_path, store, [f"{SITE}{slug}/", f"{SITE}{arrest[0]}/"])
    [message] = sent
    # The classifier says "no" to the prices story; the label sends it as law enforcement.
    assert {r["title"] for r in message.payload["reports"]} == {title, arrest[1]}
    assert "possible" not in message.payload


def notified(tmp_path: Path, store: Any, urls: list[str]) -> list[Message]:
    """What the service sends for a run that stored ``urls`` (the real message path)."""

    class Capture:
        def __init__(self) -> None:
            self.sent: list[Message] = []

        def submit(self, message: Message) -> None:
            self.sent.append(message)

    config = ServiceConfig(db_url="sqlite://", base_url=SITE, trigger=None)  # type: ignore[arg-type]
    capture = Capture()
    service = Service(config, store, lock=None, notifier=capture)  # type: ignore[arg-type]
    service._notify_new(7, service._reports(urls), baseline=False)
    return capture.sent


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["label", "99", "--law-enforcement", "yes"], 1, "no stored report with id 99"),
        (["label", "1", "--law-enforcement", "maybe"], 2, "expected yes or no"),
        (["label", "1"], 2, "one of the arguments"),
        (["label", "1", "--clear", "--law-enforcement", "no"], 2, "not allowed"),
        (
            ["label", "1", "--law-enforcement", "no", "--note", "  "],
            2,
            "--note is empty",
        ),
        (["label", "not a url", "--law-enforcement", "no"], 2, "neither a report id"),
        (["label", "1", "--clear", "--note", "x"], 2, "--note goes with"),
    ],
)
def test_bad_label_input_is_one_line_and_stores_nothing(
    capsys: pytest.CaptureFixture[str],
    db: str,
    argv: list[str],
    code: int,
    message: str,
) -> None:
    got, _, err = cli(capsys, "--db", db, *argv)
    assert got == code
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    with open_store(db) as store:
        assert store.labels() == []
