"""nkwatch labels: every user label, most recent first."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from nkwatch.commands._store import emit, opened_store

HELP = "list the reports users labelled (and what the classifier had said)"
EPILOG = """LABEL is the user's verdict (yes = law enforcement), CLASSIFIER the classifier's band
(yes, possible, no; - for an article not crawled yet); a '!' marks the labels that overrule
it. Set labels with `nkwatch label`; --format json also gives each URL and the score."""

HEADER = ("ID", "DATE", "LABEL", "CLASSIFIER", "LABELLED (UTC)", "TITLE / NOTE")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        labels = store.labels()
    if args.format == "json":
        emit(json.dumps(labels, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not labels:
        print(
            "no labels yet; add one with `nkwatch label ID --law-enforcement yes|no`",
            file=sys.stderr,
        )
        return 0
    emit(table(labels))
    return 0


def table(labels: list[dict[str, Any]]) -> str:
    rows = [HEADER, *(cells(label) for label in labels)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER) - 1)]
    lines = [
        "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def cells(label: dict[str, Any]) -> tuple[str, ...]:
    verdict = "yes" if label["law_enforcement"] else "no"
    classifier = label["classifier"] or {}
    overruled = bool(classifier) and bool(classifier["law_enforcement"]) != bool(
        label["law_enforcement"]
    )
    if label["title"] is None:
        text = f"(not stored yet) {label['url']}"
    else:
        text = " ".join(str(label["title"]).split())
    if label.get("note"):
        text += f" / {label['note']}"
    return (
        str(label["id"] if label["id"] is not None else "-"),
        (label.get("published_at") or "")[:10],
        verdict + ("!" if overruled else ""),
        str(classifier.get("band") or "-"),
        str(label["labelled_at"])[:16].replace("T", " "),
        text,
    )
