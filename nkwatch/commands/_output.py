"""How parse and fetch print Reports: one JSON object, JSON Lines, or the seed text layout."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.items import Report


def print_report(
    report: Report, output_format: str, *, several: bool, first: bool
) -> None:
    """Print one of possibly several reports; several JSON reports become JSON Lines."""
    if output_format == "text":
        from crawler.textformat import render_text

        if several and not first:
            print()
        print(render_text(report))
    elif several:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
