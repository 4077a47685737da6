"""The raw-page hook: the pipeline saves each page with its report, and the switches."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from crawler.items import Report
from crawler.pipelines import StorePipeline
from crawler.rawpage import RawPage, keep_raw_default
from nkwatch import cli
from nkwatch.commands import crawl

BASE = "https://www.dailynk.com/english/"


class RecordingStore:
    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str] | None]] = []

    def save_reports(
        self, reports: list[dict[str, Any]], run_id: int | None, **kw: Any
    ) -> Any:
        pages = kw.get("raw_pages")
        self.calls.append(
            (
                [r["url"] for r in reports],
                None if pages is None else [p["url"] for p in pages],
            )
        )
        return SimpleNamespace(
            new=[r["url"] for r in reports], revised=[], unchanged=[]
        )

    def record_failure(self, url: str, reason: str, run_id: int | None) -> None: ...
    def close(self) -> None: ...


class Stats:
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


def report(slug: str) -> Report:
    return Report(
        url=f"{BASE}{slug}/",
        title=slug,
        body=("Body.",),
        published_at=datetime(2024, 5, 2, tzinfo=UTC),
    )


def raw(slug: str) -> RawPage:
    url = f"{BASE}{slug}/"
    return RawPage(
        url,
        url,
        url,
        200,
        "HTTP/1.1",
        (("Content-Type", "text/html"),),
        b"<html>" * 30000,
        datetime.now(UTC),
        "h",
    )


def test_each_page_is_saved_with_its_report_in_one_call() -> None:
    store = RecordingStore()
    saver = StorePipeline(store, Stats(), run_id=None, batch_size=2, owns_store=False)
    saver.keep_raw(raw("a"))
    saver.process_item(report("a"))
    saver.process_item(report("b"))  # a report without a page (e.g. from the feed)
    saver.keep_raw(raw("c"))
    saver.process_item(report("c"))
    saver.close_spider()
    assert store.calls == [
        ([f"{BASE}a/", f"{BASE}b/"], [f"{BASE}a/"]),
        ([f"{BASE}c/"], [f"{BASE}c/"]),
    ]
    assert len(repr(raw("a"))) < 100  # not the whole page in a log line


@pytest.mark.parametrize(
    ("value", "kept"),
    [(None, True), ("1", True), ("0", False), ("off", False), ("No", False)],
)
def test_the_environment_switch(value: str | None, kept: bool) -> None:
    assert (
        keep_raw_default({} if value is None else {"NKWATCH_KEEP_RAW": value}) is kept
    )


def test_crawl_no_raw_turns_the_setting_off(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    def fake_execute(options: Any, **_: Any) -> Any:
        seen.append(options)
        raise SystemExit(0)

    monkeypatch.setattr(crawl, "execute", fake_execute)
    for argv, expected in (
        (["crawl"], {}),
        (["crawl", "--no-raw"], {"NKWATCH_KEEP_RAW": False}),
    ):
        with pytest.raises(SystemExit):
            cli.main(["--db", "sqlite:///:memory:", *argv])
        settings = dict(seen[-1].settings)
        assert {k: v for k, v in settings.items() if k == "NKWATCH_KEEP_RAW"} == expected


@pytest.mark.parametrize("keep", [True, False])
def test_the_pipeline_receives_the_spiders_pages_only_when_keeping_is_on(
    keep: bool,
) -> None:
    from scrapy.settings import Settings

    spider = SimpleNamespace(store=RecordingStore(), raw_sink=None)
    settings = Settings({"NKWATCH_KEEP_RAW": keep, "NKWATCH_RUN_ID": 0})
    crawler = SimpleNamespace(settings=settings, spider=spider, stats=Stats())
    saver = StorePipeline.from_crawler(crawler)
    assert (spider.raw_sink == saver.keep_raw) is keep
    assert (spider.raw_sink is None) is not keep
