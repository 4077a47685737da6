"""The item pipeline: a thin adapter from the spider's items to the store.

The spider yields two kinds of item: a ``Report`` (saved in batches; the store decides
new / revised / unchanged by URL and content hash, and clears the URL's past failure) and
a ``FetchFailure`` (recorded at once with its kind: the store decides when it is tried
again, and keeps a transient one that failed too often as given up). The
response a Report was parsed from (a ``RawPage``) is handed to ``keep_raw`` by the
spider just before it yields the Report, and saved with it, in the same transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

# FetchFailure lives beside the Report now; imported here too so code that still takes it
# from crawler.pipelines keeps working until it moves to crawler.items.
from crawler.items import FetchFailure, Report

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from crawler.rawpage import RawPage

logger = logging.getLogger(__name__)

__all__ = ["FetchFailure", "ReportStore", "Saved", "StorePipeline"]


class ReportStore(Protocol):
    """The part of ``store.Store`` the pipeline uses."""

    def save_reports(
        self, reports: Sequence[Mapping[str, Any]], run_id: int | None, **raw: Any
    ) -> Any: ...
    def record_failure(
        self, url: str, reason: str, run_id: int | None, kind: str = "transient"
    ) -> str: ...
    def close(self) -> None: ...


@dataclass(slots=True)
class Saved:
    """What the pipeline saved in this run, for the run summary."""

    new: list[tuple[str, str]] = field(default_factory=list)  # (url, title)
    revised: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    settled: list[str] = field(default_factory=list)  # failed URLs not retried next run


class StorePipeline:
    """Saves Reports in batches of ``NKWATCH_SAVE_BATCH`` and records failures."""

    def __init__(
        self,
        store: ReportStore,
        stats: StatsCollector,
        *,
        run_id: int | None,
        batch_size: int,
        owns_store: bool,
    ) -> None:
        self.store = store
        self.stats = stats
        self.run_id = run_id
        self.batch_size = max(1, batch_size)
        self.owns_store = owns_store
        self.saved = Saved()
        self._batch: dict[str, Report] = {}
        self._raw: dict[str, RawPage] = {}  # by report URL, until its report is saved

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        # The spider's store (one connection pool per run); Scrapy deep-copies settings,
        # so a store object cannot travel through them.
        store = getattr(crawler.spider, "store", None)
        owns_store = False
        if store is None:
            db_url = settings.get("NKWATCH_DB")
            if not db_url:
                raise ValueError("NKWATCH_DB is not set: nowhere to save reports")
            from store import open_store

            store, owns_store = open_store(db_url), True
        pipeline = cls(
            store,
            crawler.stats,
            run_id=settings.getint("NKWATCH_RUN_ID") or None,
            batch_size=settings.getint("NKWATCH_SAVE_BATCH", 20),
            owns_store=owns_store,
        )
        if settings.getbool("NKWATCH_KEEP_RAW") and crawler.spider is not None:
            crawler.spider.raw_sink = pipeline.keep_raw
        return pipeline

    def keep_raw(self, page: RawPage) -> None:
        """Hold a response until its report (same URL) is saved, then save it with it."""
        self._raw[page.url] = page

    def process_item(self, item: Any) -> Any:
        if isinstance(item, FetchFailure):
            kept = self.store.record_failure(
                item.url, item.reason, self.run_id, kind=item.kind
            )
            if kept != "transient":
                self.saved.settled.append(item.url)
            self.saved.failed += 1
            self.stats.inc_value("store/failure_recorded")
        elif isinstance(item, Report):
            self._batch[item.url] = item
            if len(self._batch) >= self.batch_size:
                self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()
        if self.owns_store:
            self.store.close()

    def flush(self) -> None:
        """Save the pending batch in one transaction."""
        if not self._batch:
            return
        batch, self._batch = self._batch, {}
        dicts = [report.to_storage_dict() for report in batch.values()]
        raw = [self._raw.pop(url).to_storage_dict() for url in batch if url in self._raw]
        if raw:
            result = self.store.save_reports(dicts, self.run_id, raw_pages=raw)
            self.stats.inc_value("store/raw_pages", len(raw))
        else:
            result = self.store.save_reports(dicts, self.run_id)
        self.saved.new += [(url, batch[url].title) for url in result.new]
        self.saved.revised += [(url, batch[url].title) for url in result.revised]
        self.saved.unchanged += len(result.unchanged)
        for name in ("new", "revised", "unchanged"):
            self.stats.inc_value(f"store/{name}", len(getattr(result, name)))
        logger.debug("saved %d reports: %d new", len(dicts), len(result.new))
