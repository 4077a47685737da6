"""Every fixture article compared with its expected Report, one test per (fixture, field).

Non-article pages of the offline site (listings, 404, FAQ, author pages and articles whose
``expected`` is null) must give NotAnArticle. Topic precision and recall over the labelled
fixtures must each be at least 0.95.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from crawler.items import REPORT_FIELDS, Report
from crawler.parsers import NotAnArticle, parse_article

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "dailynk"
ARTICLES = SITE / "articles"
COMPARED_FIELDS = (*REPORT_FIELDS, "contact_hidden")


def _fixtures() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.stem, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(ARTICLES.glob("*.json"))
    ]


FIXTURES = _fixtures()
ARTICLE_FIXTURES = [(slug, spec) for slug, spec in FIXTURES if spec.get("expected")]


@functools.cache
def parsed(slug: str) -> Report | NotAnArticle:
    spec = dict(FIXTURES)[slug]
    return parse_article((ARTICLES / f"{slug}.html").read_bytes(), spec.get("url"))


def comparable(field: str, value: Any) -> Any:
    """The part of a field the fixtures pin down: topic is only its label."""
    if field == "topic":
        return {"law_enforcement": (value or {}).get("law_enforcement")}
    return value


@pytest.mark.parametrize(
    ("slug", "field"),
    [(slug, field) for slug, _ in ARTICLE_FIXTURES for field in COMPARED_FIELDS],
)
def test_field_matches_expected(slug: str, field: str) -> None:
    result = parsed(slug)
    assert isinstance(result, Report), f"{slug}: {result}"
    expected = dict(FIXTURES)[slug]["expected"]
    actual = result.to_storage_dict()
    assert comparable(field, actual[field]) == comparable(field, expected.get(field))


def _non_article_pages() -> list[tuple[str, Path]]:
    pages = [
        (slug, ARTICLES / f"{slug}.html")
        for slug, spec in FIXTURES
        if not spec.get("expected")
    ]
    not_found = SITE / "pages" / "404.html"  # served for every URL not in the manifest
    if not_found.exists():
        pages.append(("404", not_found))
    manifest = SITE / "manifest.json"
    if manifest.exists():
        for entry in json.loads(manifest.read_text(encoding="utf-8")).get("pages", []):
            content_type = entry.get("headers", {}).get("Content-Type", "")
            file = entry.get("file", "")
            if "html" in content_type and not file.startswith("articles/"):
                pages.append((entry["url"], SITE / file))
    return pages


@pytest.mark.parametrize(("name", "path"), _non_article_pages())
def test_non_article_pages_are_not_articles(name: str, path: Path) -> None:
    result = parse_article(path.read_bytes(), name if name.startswith("http") else None)
    assert isinstance(result, NotAnArticle), f"{name} parsed as an article"
    assert result.reason
    assert "\n" not in result.reason


def test_topic_precision_and_recall() -> None:
    assert ARTICLE_FIXTURES, "no fixture articles (python -m crawler.fixturesite build)"
    pairs = []
    for slug, spec in ARTICLE_FIXTURES:
        result = parsed(slug)
        predicted = isinstance(result, Report) and result.topic.law_enforcement
        pairs.append((predicted, bool(spec["expected"]["topic"]["law_enforcement"])))
    true_pos = sum(1 for p, e in pairs if p and e)
    precision = true_pos / max(1, sum(1 for p, _ in pairs if p))
    recall = true_pos / max(1, sum(1 for _, e in pairs if e))
    assert precision >= 0.95, f"precision {precision:.3f}"
    assert recall >= 0.95, f"recall {recall:.3f}"
