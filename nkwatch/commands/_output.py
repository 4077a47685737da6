"""How reports are printed: JSON, JSON Lines, the seed text layout, or that layout with a header.

``text`` is for reading: a header saying which report it is (title, Korean time, URL,
authors), then the seed layout; several reports are separated by a rule. ``seed`` is the
exact layout of the seed files (``crawler.textformat.render_text``), for golden tests.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING

from nkwatch.commands._store import emit

if TYPE_CHECKING:
    from crawler.items import Report

TEXT_FORMATS = ("text", "seed")
#: Between reports in text output: no seed text starts with it.
SEPARATOR = "=" * 72
# Control characters would let a hostile title redraw or forge header lines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def print_report(
    report: Report, output_format: str, *, several: bool, first: bool
) -> None:
    """Print one of possibly several reports; several JSON reports become JSON Lines."""
    if output_format in TEXT_FORMATS:
        emit(text_block(report, output_format, first=first))
    elif several:
        emit(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
    else:
        emit(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")


def text_block(report: Report, output_format: str, *, first: bool = True) -> str:
    """One report as ``text`` (header, then the seed layout) or ``seed``, newline-ended."""
    from crawler.textformat import render_text

    body = render_text(report).rstrip("\n") + "\n"
    if output_format == "seed":
        return body if first else "\n" + body
    head = header(report)
    return head + "\n" + body if first else f"\n{SEPARATOR}\n" + head + "\n" + body


def header(report: Report) -> str:
    """Title, Korean publication time (and update), URL and authors, one per line."""
    lines = [_clean(report.title)]
    when = f"published {korean_time(report.published_at)}"
    if report.modified_at and report.modified_at != report.published_at:
        when += f", updated {korean_time(report.modified_at)}"
    lines.append(when)
    lines.append(_clean(report.url))
    names = [_clean(a.name) for a in report.authors if a.name]
    if names:
        lines.append("by " + ", ".join(names))
    return "\n".join(lines) + "\n" + "-" * min(72, max(len(x) for x in lines)) + "\n"


def korean_time(moment: datetime) -> str:
    """2024-01-31 14:05 KST: the site's own clock, as the page shows it."""
    from crawler.constants import KST

    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M KST")


def _clean(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text or "").split())
