"""A store filled with the fixture site's articles (their expected Reports), for web tests.

No tests here; test_web_browser and test_web_serve import it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_store_samples import edited

from crawler.items import Report
from store import open_store

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "dailynk" / "articles"


def fixture_reports() -> list[dict[str, Any]]:
    """Every fixture article that is an article, as the store receives it."""
    reports = []
    for path in sorted(ARTICLES.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8")).get("expected")
        if expected:
            reports.append(Report.from_dict(expected).to_storage_dict())
    return reports


def fill_store(db_url: str) -> list[dict[str, Any]]:
    """Save the fixture reports, then an edit of the newest one (so it has revisions)."""
    reports = fixture_reports()
    with open_store(db_url) as store:
        store.save_reports(reports)
        newest = max(reports, key=lambda r: r["published_at"])
        store.save_reports([edited(newest, "The ministry later confirmed the arrests.")])
    return reports
