"""User labels: a person's law-enforcement verdict on an article, which wins over the classifier.

The classifier's topic stays stored as it was computed; a label is applied whenever a report
is read back (``apply_label``), so every reader (listings, show, exports, notifications)
sees the same verdict, and a later revision or rescoring cannot overwrite it. Labels are
keyed by the article's URL: one can be set before a crawl stores the article. A labelled
report's topic says so: ``topic.label`` holds the label, ``topic.classifier`` what the
classifier had said, and ``law_enforcement``/``band`` are the label's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from store.models import ReportLabel, ReportRecord
from store.rows import site_iso
from store.statements import dialect_insert

#: Columns a query selects next to a report's to apply its label (outer join on the URL).
LABEL_COLUMNS = (
    ReportLabel.law_enforcement.label("label_law_enforcement"),
    ReportLabel.note.label("label_note"),
    ReportLabel.labelled_at.label("label_labelled_at"),
)


def set_label(
    conn: Connection, url: str, law_enforcement: bool, note: str | None, now: datetime
) -> None:
    """Label an article (replacing any label it had)."""
    values = {"law_enforcement": law_enforcement, "note": note, "labelled_at": now}
    stmt = dialect_insert(conn, ReportLabel).values(url=url, **values)
    stmt = stmt.on_conflict_do_update(index_elements=["url"], set_=values)
    conn.execute(stmt)


def clear_label(conn: Connection, url: str) -> bool:
    """Remove an article's label; False if it had none."""
    result = conn.execute(delete(ReportLabel).where(ReportLabel.url == url))
    return bool(result.rowcount)


def list_labels(conn: Connection) -> list[dict[str, Any]]:
    """Every label, most recent first, with its report's id, title and date once stored."""
    query = (
        select(
            ReportLabel.url,
            ReportRecord.id,
            ReportRecord.title,
            ReportRecord.published_at,
            ReportRecord.topic,
            *LABEL_COLUMNS,
        )
        .outerjoin(ReportRecord, ReportRecord.url == ReportLabel.url)
        .order_by(ReportLabel.labelled_at.desc(), ReportLabel.url)
    )
    out = []
    for row in conn.execute(query).mappings():
        stored = row["id"] is not None
        out.append(
            {
                "id": row["id"],
                "url": row["url"],
                "title": row["title"],
                "published_at": site_iso(row["published_at"]) if stored else None,
                **label_of(row),
                "classifier": _classifier_verdict(row["topic"]) if stored else None,
            }
        )
    return out


def label_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """The label columns of a joined row as the label dict (call only when labelled)."""
    return {
        "law_enforcement": bool(row["label_law_enforcement"]),
        "note": row["label_note"],
        "labelled_at": row["label_labelled_at"].isoformat(),
    }


def apply_label(report: dict[str, Any], row: Mapping[str, Any]) -> dict[str, Any]:
    """The report as readers see it: its topic follows the label, if the row has one."""
    if row.get("label_law_enforcement") is None:
        return report
    label = label_of(row)
    topic = dict(report.get("topic") or {})
    verdict = label["law_enforcement"]
    report["topic"] = {
        **topic,
        "law_enforcement": verdict,
        "band": "yes" if verdict else "no",
        "label": label,
        "classifier": _classifier_verdict(topic),
    }
    return report


def _classifier_verdict(topic: Mapping[str, Any] | None) -> dict[str, Any]:
    topic = topic or {}
    law_enforcement = bool(topic.get("law_enforcement", False))
    band = topic.get("band") or ("yes" if law_enforcement else "no")
    return {
        "law_enforcement": law_enforcement,
        "band": band,
        "score": topic.get("score"),
    }
