"""The parser's results: a finished Report, or "not an article" as a value (not an exception).

``finish_report`` is the last step shared by every source (HTML, feed, REST): topic,
entities and content hash computed from the fields read.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from crawler.analysis.entities import extract_entities
from crawler.analysis.topic import classify_topic
from crawler.items import Report, content_hash


@dataclass(frozen=True, slots=True)
class NotAnArticle:
    """Why a page yielded no Report: one line, e.g. "listing page" or "404 page"."""

    reason: str

    def __str__(self) -> str:
        return self.reason


def finish_report(report: Report) -> Report:
    """Report with topic, entities and content_hash computed from its text fields."""
    captions = [report.image.caption] if report.image and report.image.caption else []
    figure_captions = [f.caption for f in report.figures if f.caption]
    entities = extract_entities(
        title=report.title,
        subtitle=report.subtitle,
        image_captions=captions,
        body=report.body,
        figure_captions=figure_captions,
    )
    topic = classify_topic(
        report.title, report.subtitle, report.body, entities=entities
    )
    return dataclasses.replace(
        report,
        topic=topic,
        entities=entities,
        content_hash=content_hash(report.title, report.body),
    )
