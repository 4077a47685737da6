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
    """The verdict readers see (a user's label, as the store applies it, wins)."""
    return bool((report.get("topic") or {}).get("law_enforcement"))


def is_possible(report: Mapping[str, Any]) -> bool:
    """Close to the line by the classifier, and no label decided otherwise."""
    return (report.get("topic") or {}).get("band") == "possible"


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
    run_id: int | None,
    reports: Sequence[Mapping[str, Any]],
    possible: Sequence[Mapping[str, Any]] = (),
) -> Message:
    """One message listing the run's new reports (the caller filters law enforcement).

    ``possible`` are new reports close to the line: listed after the others, marked
    "[possible]", in the payload's own ``possible`` list, so a subscriber can look.
    """
    listed = [report_summary(r) for r in reports[:MAX_LISTED]]
    maybe = [report_summary(r) for r in possible[: max(0, MAX_LISTED - len(listed))]]
    count = len(reports)
    noun = "report" if count == 1 else "reports"
    lines = [_report_line(s) for s in listed]
    if count > len(listed):
        lines.append(
            f"... and {count - len(listed)} more (nkwatch reports --since today)"
        )
    lines += [_report_line(s, mark="[possible] ") for s in maybe]
    if len(possible) > len(maybe):
        lines.append(
            f"... and {len(possible) - len(maybe)} more possible "
            "(nkwatch reports --possible --since today)"
        )
    title = f"nkwatch: {count} new law-enforcement {noun} on Daily NK"
    if possible:
        title += f" (+{len(possible)} possible)"
    payload: dict[str, Any] = {
        "run_id": run_id,
        "event": "new_reports",
        "count": count,
        "reports": listed,
    }
    if possible:
        payload["possible_count"] = len(possible)
        payload["possible"] = maybe
    return Message(title=title, text="\n".join(lines), payload=payload)


def _report_line(summary: Mapping[str, Any], mark: str = "") -> str:
    date = (summary.get("published_at") or "")[:10]
    where = ", ".join(summary["provinces"])
    extra = f" [{where}]" if where else ""
    return f"- {mark}{summary['title']} ({date}){extra}\n  {summary['url']}"


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
