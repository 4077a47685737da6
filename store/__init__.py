"""Persistence for nkwatch: only new reports (and real revisions), crawl runs, failures, locks.

Usage::

    from store import open_store
    store = open_store("sqlite:///nkwatch.db")      # or postgresql+psycopg://…
    result = store.save_reports([report.to_storage_dict() for report in reports], run_id)
    result.new, result.revised, result.unchanged      # lists of URLs

The store imports neither Scrapy nor the crawler's machinery: it takes and returns the
plain dicts of ``Report.to_storage_dict()``, and of the crawler it imports only the
contract those dicts follow (``crawler.items``, ``crawler.constants``: standard library only).
"""

from __future__ import annotations

from store.api import Store, open_store
from store.errors import SchemaOutdated, StoreError
from store.saving import SaveResult

__all__ = ["SaveResult", "SchemaOutdated", "Store", "StoreError", "open_store"]
