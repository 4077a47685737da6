"""The last step shared by every source (HTML, feed, REST): topic, entities, content hash."""

from __future__ import annotations

import dataclasses

from crawler.analysis.entities import extract_entities
from crawler.analysis.topic import classify_topic
from crawler.items import Report, content_hash


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
