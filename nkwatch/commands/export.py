"""nkwatch export: stored reports as JSON Lines, CSV or an Atom feed.

The writers here are pure (reports in, text out); ``nkwatch reports`` reuses the CSV and
JSON Lines ones. CSV cells that a spreadsheet would run as a formula are defused with a
leading apostrophe; the Atom feed is built with ElementTree (which escapes all text) after
removing the characters XML 1.0 cannot carry at all.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from crawler.items import REPORT_FIELDS
from nkwatch.commands._agencies import agency_ids, province_names
from nkwatch.commands._files import write_file
from nkwatch.commands._options import add_band_options, add_report_filters
from nkwatch.commands._store import (
    emit,
    explain_empty,
    opened_store,
    public_report,
)

HELP = "export stored reports as jsonl, csv, atom, or their pages as warc"
EPILOG = """examples:
  nkwatch export --format atom --out feed.xml        # law-enforcement reports as a feed
  nkwatch export --format csv --all --since 2024-01-01 > reports.csv
  nkwatch export --format jsonl | jq .title
  nkwatch export --format warc --out pages.warc.gz   # the pages as fetched (ISO 28500)
  nkwatch export --format atom --possible   # with the reports close to the line
  nkwatch export --format atom --search '"state security" Yanggang' --out ss.xml

Reports are newest first, all that match (no limit). Dates are days in Korean time (the
site's zone), inclusive; --agency, --province and --seen-since work as in `nkwatch reports`
(repeated values match any of them). --out replaces FILE whole (never half-written), keeps
an existing file's permissions, and gives a new one the usual umask permissions.

A user's label (`nkwatch label`) wins over the classifier. Reports in the classifier's
"possible" band are marked: topic.band in JSON Lines, the topic_band column in CSV, and in
Atom a "possible" category (scheme nkwatch:topic-band) and "[possible]" before the title."""

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ID = "tag:nkwatch,2024:dailynk-english/{kind}"
# Cells starting with these run as formulas in Excel/LibreOffice/Sheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids even when escaped (control characters, lone surrogates).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: Report fields a spreadsheet gets as several flat cells instead of one.
CSV_EXPANDED = {
    "image": ("image_url", "image_caption", "image_credit"),
    "topic": (
        "law_enforcement",
        "topic_score",
        "topic_matched",
        "topic_band",
        "label",
        "label_note",
    ),
    "entities": ("agencies", "provinces", "places", "amounts"),
}
#: Columns moved to the end: the body is long, a spreadsheet reads best with it last.
CSV_LAST = ("body",)


def csv_columns(report_fields: Iterable[str]) -> tuple[str, ...]:
    """The CSV header: every Report field (expanded where CSV_EXPANDED says), the store's
    keys around them, the long columns last. A field added to the Report appears here."""
    columns = ["id"]
    for name in report_fields:
        if name not in CSV_LAST:
            columns += CSV_EXPANDED.get(name, (name,))
    return (*columns, "first_seen_at", "last_seen_at", *CSV_LAST)


CSV_COLUMNS = csv_columns(REPORT_FIELDS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("jsonl", "csv", "atom", "warc"), required=True
    )
    add_report_filters(parser)
    add_band_options(parser)
    parser.add_argument("--out", metavar="FILE", help="write here instead of stdout")


def run(args: argparse.Namespace) -> int:
    if args.format == "warc":
        from nkwatch.commands.warc_export import export_warc

        return export_warc(args)
    agencies = agency_ids(args.agency)  # before opening: a typo is a usage error
    with opened_store(args, read_only=True) as store:
        reports = store.iter_reports(
            since=args.since,
            until=args.until,
            seen_since=args.seen_since,
            agency=agencies,
            province=province_names(args.province),
            law_enforcement_only=not args.all,
            possible=args.possible,
            search=args.search,
        )
        first = next(reports, None)
        if first is None:
            explain_empty(store)  # and still write a valid empty document
        stored = itertools.chain([first] if first else [], reports)
        public = (public_report(r) for r in stored)
        if args.format == "atom":
            kind = (
                "all"
                if args.all
                else "law-enforcement-and-possible"
                if args.possible
                else "law-enforcement"
            )
            chunks: Iterable[str] = [atom_feed(list(public), args.base_url, kind)]
        elif args.format == "csv":
            chunks = csv_lines(public)
        else:
            chunks = jsonl_lines(public)
        write_chunks(chunks, args.out)
    return 0


def jsonl_lines(reports: Iterable[dict[str, Any]]) -> Iterator[str]:
    for report in reports:
        yield json.dumps(report, ensure_ascii=False) + "\n"


def csv_lines(reports: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text, header first; a line per report (body paragraphs joined by blank lines)."""
    yield _csv_line(CSV_COLUMNS)
    for report in reports:
        yield _csv_line([safe_cell(value) for value in csv_row(report)])


def csv_row(report: dict[str, Any]) -> list[Any]:
    entities = report.get("entities") or {}
    topic = report.get("topic") or {}
    image = report.get("image") or {}
    values = {
        **report,
        "authors": _joined(a.get("name") for a in report.get("authors") or ()),
        "image_url": image.get("url"),
        "image_caption": image.get("caption"),
        "image_credit": image.get("credit"),
        "figures": _joined(f.get("url") for f in report.get("figures") or ()),
        "agencies": _joined(entities.get("agencies")),
        "provinces": _joined(entities.get("provinces")),
        "places": _joined(p.get("name") for p in entities.get("places") or ()),
        "amounts": _joined(a.get("text") for a in entities.get("amounts") or ()),
        "law_enforcement": topic.get("law_enforcement"),
        "topic_score": topic.get("score"),
        "topic_matched": _joined(topic.get("matched")),
        "topic_band": topic_band(topic),
        "label": _label_cell(topic),
        "label_note": (topic.get("label") or {}).get("note"),
        "body": "\n\n".join(report.get("body") or ()),
    }
    return [_flat(values.get(column)) for column in CSV_COLUMNS]


def _flat(value: Any) -> Any:
    """One cell: lists joined with "; ", a JSON object as JSON (a field without a rule)."""
    if isinstance(value, list | tuple):
        return _joined(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def topic_band(topic: dict[str, Any]) -> str:
    """yes / possible / no (a topic stored before bands existed has only its verdict)."""
    band = topic.get("band")
    if band in ("yes", "possible", "no"):
        return band
    return "yes" if topic.get("law_enforcement") else "no"


def _label_cell(topic: dict[str, Any]) -> str:
    label = topic.get("label")
    if not label:
        return ""
    return "yes" if label.get("law_enforcement") else "no"


def safe_cell(value: Any) -> Any:
    """Defuse text a spreadsheet would evaluate (``=HYPERLINK(...)``) with a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def atom_feed(
    reports: list[dict[str, Any]],
    site_url: str,
    kind: str,
    *,
    title: str | None = None,
    feed_id_suffix: str = "",
    self_url: str | None = None,
) -> str:
    """An Atom 1.0 document, newest entry first; every text is escaped by ElementTree.

    ``title``, ``feed_id_suffix`` (the filters, so each filtered feed has its own id) and
    ``self_url`` are for feeds served over HTTP (``nkwatch serve``).
    """
    import xml.etree.ElementTree as ET
    from urllib.parse import quote

    feed = ET.Element("feed", xmlns=ATOM_NS)
    feed_id = FEED_ID.format(kind=kind)
    if feed_id_suffix:
        feed_id += "?" + quote(feed_id_suffix, safe="=&")
    _text(feed, "id", feed_id)
    _text(feed, "title", title or f"Daily NK English: {kind} reports (nkwatch)")
    updated = max((_entry_updated(r) for r in reports), default=None)
    _text(feed, "updated", updated or datetime.now(UTC).isoformat(timespec="seconds"))
    ET.SubElement(feed, "link", rel="alternate", href=_xml_safe(site_url))
    if self_url:
        ET.SubElement(feed, "link", rel="self", href=_xml_safe(self_url))
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "Daily NK"
    _text(feed, "generator", "nkwatch")
    for report in reports:
        _atom_entry(ET.SubElement(feed, "entry"), report)
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def _atom_entry(entry: Any, report: dict[str, Any]) -> None:
    import xml.etree.ElementTree as ET

    topic = report.get("topic") or {}
    band = topic_band(topic)
    mark = "[possible] " if band == "possible" else ""
    _text(entry, "id", report["url"])
    _text(entry, "title", mark + report["title"], type="text")
    ET.SubElement(entry, "link", rel="alternate", href=_xml_safe(report["url"]))
    _text(entry, "published", report["published_at"])
    _text(entry, "updated", _entry_updated(report))
    for author in report.get("authors") or ():
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = _xml_safe(
            author.get("name") or ""
        )
    entities = report.get("entities") or {}
    for term in (*(report.get("categories") or ()), *(entities.get("agencies") or ())):
        ET.SubElement(entry, "category", term=_xml_safe(str(term)))
    ET.SubElement(entry, "category", term=band, scheme="nkwatch:topic-band")
    if topic.get("label"):
        ET.SubElement(
            entry, "category", term=_label_cell(topic), scheme="nkwatch:label"
        )
    body = report.get("body") or []
    summary = report.get("subtitle") or (body[0] if body else "")
    if summary:
        _text(entry, "summary", summary, type="text")
    _text(entry, "content", "\n\n".join(body), type="text")


def _entry_updated(report: dict[str, Any]) -> str:
    return report.get("modified_at") or report["published_at"]


def _text(parent: Any, tag: str, text: str, **attrs: str) -> None:
    import xml.etree.ElementTree as ET

    ET.SubElement(parent, tag, attrs).text = _xml_safe(text)


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _joined(values: Iterable[Any] | None) -> str:
    return "; ".join(str(v) for v in values or () if v)


def _csv_line(values: Iterable[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def write_chunks(chunks: Iterable[str], out: str | None) -> None:
    """Write to stdout, or to ``out`` whole (see ``write_file``)."""
    if out is None:
        for chunk in chunks:
            emit(chunk)
        return
    write_file(out, chunks)
