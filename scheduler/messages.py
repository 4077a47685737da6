"""The notification messages: new law-enforcement reports of a run, and health alerts.

Payloads carry report fields only (from the stored report dicts), never page HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from scheduler.notify import Message

if TYPE_CHECKING:
    from scheduler.health import Alert

# One message per run; a huge first run should not produce a megabyte e-mail.
MAX_LISTED = 50


def is_law_enforcement(report: Mapping[str, Any]) -> bool:
    return bool((report.get("topic") or {}).get("law_enforcement"))


def report_summary(report: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a subscriber needs to decide whether to read the report."""
    entities = report.get("entities") or {}
    return {
        "url": report.get("url"),
        "title": report.get("title"),
        "subtitle": report.get("subtitle"),
        "published_at": report.get("published_at"),
        "authors": [
            a.get("name") for a in report.get("authors") or () if a.get("name")
        ],
        "agencies": list(entities.get("agencies") or ()),
        "provinces": list(entities.get("provinces") or ()),
        "places": [
            p.get("name") for p in entities.get("places") or () if p.get("name")
        ],
        "tags": list(report.get("tags") or ()),
    }


def new_reports_message(
    run_id: int | None, reports: Sequence[Mapping[str, Any]]
) -> Message:
    """One message listing the run's new reports (the caller filters law enforcement)."""
    listed = [report_summary(r) for r in reports[:MAX_LISTED]]
    count = len(reports)
    noun = "report" if count == 1 else "reports"
    lines = [_report_line(s) for s in listed]
    if count > len(listed):
        lines.append(
            f"... and {count - len(listed)} more (nkwatch reports --since today)"
        )
    return Message(
        title=f"nkwatch: {count} new law-enforcement {noun} on Daily NK",
        text="\n".join(lines),
        payload={
            "run_id": run_id,
            "event": "new_reports",
            "count": count,
            "reports": listed,
        },
    )


def _report_line(summary: Mapping[str, Any]) -> str:
    date = (summary.get("published_at") or "")[:10]
    where = ", ".join(summary["provinces"])
    extra = f" [{where}]" if where else ""
    return f"- {summary['title']} ({date}){extra}\n  {summary['url']}"


def alerts_message(
    run_id: int | None, raised: Sequence[Alert], resolved: Sequence[Alert]
) -> Message:
    """One message for the alerts that appeared and those that cleared after a run."""
    items = [{"key": a.key, "state": "raised", "message": a.message} for a in raised]
    items += [
        {"key": a.key, "state": "resolved", "message": a.message} for a in resolved
    ]
    if raised:
        title = f"nkwatch alert: {raised[0].message}"
    else:
        title = f"nkwatch: resolved: {resolved[0].message}"
    text = "\n".join(f"- {i['state']}: {i['message']}" for i in items)
    return Message(
        title=title[:250],
        text=text,
        payload={"run_id": run_id, "event": "health", "alerts": items},
    )
