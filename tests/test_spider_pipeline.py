"""The store pipeline: batches of reports, failures recorded at once, counts for the summary."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from crawler.items import Report
from crawler.pipelines import FetchFailure, StorePipeline

BASE = "https://www.dailynk.com/english/"


class FakeStore:
    """Remembers saved URLs like the store: the first save of a URL is new, then unchanged."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.failures: list[tuple[str, str, int | None]] = []
        self.seen: set[str] = set()
        self.closed = False

    def save_reports(self, reports: list[dict[str, Any]], run_id: int | None) -> Any:
        urls = [r["url"] for r in reports]
        self.batches.append(urls)
        new = [u for u in urls if u not in self.seen]
        self.seen.update(urls)
        return SimpleNamespace(
            new=new, revised=[], unchanged=[u for u in urls if u not in new]
        )

    def record_failure(
        self, url: str, reason: str, run_id: int | None, kind: str = "transient"
    ) -> str:
        self.failures.append((url, reason, run_id))
        return kind

    def close(self) -> None:
        self.closed = True


class FakeStats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count


def report(slug: str) -> Report:
    return Report(
        url=BASE + slug + "/",
        title=f"Title of {slug}",
        body=("Body.",),
        published_at=datetime(2024, 5, 2, tzinfo=UTC),
    )


def pipeline(store: FakeStore, batch_size: int = 2) -> StorePipeline:
    return StorePipeline(
        store, FakeStats(), run_id=7, batch_size=batch_size, owns_store=False
    )


def test_reports_are_saved_in_batches_and_the_rest_at_close() -> None:
    store = FakeStore()
    saver = pipeline(store)
    for slug in ("a", "b", "c"):
        assert saver.process_item(report(slug)).url == BASE + slug + "/"
    assert store.batches == [[BASE + "a/", BASE + "b/"]]
    saver.close_spider()
    assert store.batches[-1] == [BASE + "c/"]
    assert saver.saved.new == [
        (BASE + s + "/", f"Title of {s}") for s in ("a", "b", "c")
    ]
    assert saver.stats.values["store/new"] == 3
    assert not store.closed  # the runner's store: the runner closes it


def test_known_reports_count_as_unchanged() -> None:
    store = FakeStore()
    store.seen.add(BASE + "a/")
    saver = pipeline(store, batch_size=10)
    saver.process_item(report("a"))
    saver.process_item(report("b"))
    saver.close_spider()
    assert saver.saved.unchanged == 1
    assert [url for url, _ in saver.saved.new] == [BASE + "b/"]


def test_failures_are_recorded_at_once_with_the_run() -> None:
    store = FakeStore()
    saver = pipeline(store)
    saver.process_item(FetchFailure(BASE + "x/", "HTTP 500"))
    assert store.failures == [(BASE + "x/", "HTTP 500", 7)]
    assert saver.saved.failed == 1


def test_a_pipeline_that_opened_the_store_closes_it() -> None:
    store = FakeStore()
    saver = StorePipeline(
        store, FakeStats(), run_id=None, batch_size=5, owns_store=True
    )
    saver.close_spider()
    assert store.closed
    assert store.batches == []  # nothing to save: no empty transaction
