"""nkwatch reclassify: recompute topic and entities of stored reports from their stored text."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from nkwatch.commands._store import day, opened_store

HELP = "rescore stored reports with the current classifier (no network)"
EPILOG = """examples:
  nkwatch reclassify --dry-run -v        # what would change, report by report
  nkwatch reclassify --since 2024-01-01

Topic (verdict, band, score, matched terms) and entities are recomputed from the title,
subtitle, captions and body the store kept, exactly as a fresh crawl would compute them;
text, content hashes and revisions are not touched, and user labels keep winning. All
changes are stored in one transaction, or none. --since is a day in Korean time (inclusive)."""

PROGRESS_EVERY = 1000


@dataclass
class Changes:
    """What rescoring found: the reports to store, and whose verdict or band moved."""

    seen: int = 0
    rescored: list[dict[str, Any]] = field(default_factory=list)
    verdicts: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    bands: int = 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        metavar="DATE",
        type=day,
        help="only reports published since YYYY-MM-DD",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change; store nothing"
    )


def run(args: argparse.Namespace) -> int:
    from crawler.analysis.topic import RULES_VERSION

    with opened_store(args) as store:
        changes = rescore(store.iter_stored_topics(since=args.since))
        if changes.rescored and not args.dry_run:
            store.rescore_reports(changes.rescored)
    for line in summary(changes, RULES_VERSION, dry_run=args.dry_run):
        print(line)
    if args.verbose:
        for old, new in changes.verdicts:
            print(verdict_line(old, new))
    return 0


def rescore(stored: Iterable[dict[str, Any]]) -> Changes:
    """Compare each stored report's topic and entities with what the analysis says now."""
    changes = Changes()
    for report in stored:
        changes.seen += 1
        if changes.seen % PROGRESS_EVERY == 0:
            print(f"... {changes.seen} reports rescored", file=sys.stderr)
        old_topic = report.get("topic") or {}
        topic, entities = analysed(report)
        if topic == old_topic and entities == (report.get("entities") or {}):
            continue
        changes.rescored.append(
            {"id": report["id"], "topic": topic, "entities": entities}
        )
        if bool(topic["law_enforcement"]) != bool(old_topic.get("law_enforcement")):
            changes.verdicts.append((report, topic))
        elif topic.get("band") != old_topic.get("band"):
            changes.bands += 1
    return changes


def analysed(stored: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Topic and entities as a crawl of this text would compute them now."""
    from crawler.items import Report
    from crawler.parsers.outcome import finish_report

    fresh = finish_report(Report.from_dict(stored)).to_dict()
    return fresh["topic"], fresh["entities"]


def summary(changes: Changes, rules: str, *, dry_run: bool) -> list[str]:
    stored = "would store" if dry_run else "stored"
    now_yes = sum(1 for _, topic in changes.verdicts if topic["law_enforcement"])
    now_no = len(changes.verdicts) - now_yes
    return [
        f"rescored {changes.seen} reports with topic rules {rules}: "
        f"{len(changes.verdicts)} verdicts changed ({now_yes} now law enforcement, "
        f"{now_no} no longer), {changes.bands} more moved between possible and no; "
        f"{stored} {len(changes.rescored)} updated topics/entities"
        + (" (dry run)" if dry_run else "")
    ]


def verdict_line(old: dict[str, Any], topic: dict[str, Any]) -> str:
    before = (old.get("topic") or {}).get("band") or (
        "yes" if (old.get("topic") or {}).get("law_enforcement") else "no"
    )
    title = " ".join(str(old.get("title") or "").split())
    return f"  {old['id']}: {before} -> {topic['band']} ({topic['score']:.2f})  {title}"
