"""The Report is the only contract: every place that lists its fields derives them from it.

A field added to ``crawler.items.Report`` must reach the store (a column, report_row,
storage_dict), ``from_dict``, the JSON output and the CSV export; each test here names the
field a place misses.
"""

from __future__ import annotations

import csv
import io
from dataclasses import MISSING, fields
from datetime import datetime

from crawler.constants import KST
from crawler.items import (
    REPORT_FIELDS,
    STORAGE_FIELDS,
    Amount,
    Author,
    Entities,
    Figure,
    Image,
    Place,
    Report,
    Topic,
)
from nkwatch.commands._store import public_report
from nkwatch.commands.export import CSV_COLUMNS, CSV_EXPANDED, csv_columns, csv_lines
from store import open_store
from store.models import ReportRecord
from store.rows import REPORT_KEYS, report_row

#: The JSON contract's field order (README, "The Report"): users' tools read it.
CONTRACT_ORDER = (
    "url", "post_id", "title", "subtitle", "published_at", "modified_at", "authors",
    "translator", "editor", "categories", "tags", "image", "body", "figures",
    "contact_email", "disclaimer", "korean_url", "topic", "entities", "content_hash",
)  # fmt: skip


def complete_report() -> Report:
    """A Report with every field set to something other than its default."""
    return Report(
        url="https://www.dailynk.com/english/complete-report/",
        post_id=170001,
        title="Provincial prosecutors question market managers",
        subtitle="A subtitle",
        published_at=datetime(2024, 5, 2, 14, 30, tzinfo=KST),
        modified_at=datetime(2024, 5, 3, 9, 0, tzinfo=KST),
        authors=(Author(name="Jeong Tae Joo", url="https://x/a/", bio="Bio.", email="a@x"),),
        translator="A Translator",
        editor="An Editor",
        categories=("News",),
        tags=("prosecutors",),
        image=Image(url="https://x/i.jpg", alt="alt", caption="Cap.", credit="Daily NK"),
        body=("First paragraph.", "Second paragraph."),
        figures=(Figure(url="https://x/f.jpg", caption="Fig.", credit="Daily NK"),),
        contact_email="dailynkenglish@gmail.com",
        disclaimer="Views expressed are the author's own.",
        korean_url="https://www.dailynk.com/%ec%95%88/",
        topic=Topic(law_enforcement=True, score=0.8, matched=("prosecutors",)),
        entities=Entities(
            agencies=("prosecutors",),
            provinces=("North Hamgyong",),
            places=(Place(name="Chongjin", province="North Hamgyong"),),
            amounts=(Amount(value=200.0, currency="USD", text="$200"),),
        ),
        content_hash="cd" * 32,
        contact_hidden=True,
    )


def defaulted_fields(report: Report) -> list[str]:
    out = []
    for spec in fields(Report):
        default = spec.default
        if spec.default_factory is not MISSING:
            default = spec.default_factory()
        if default is not MISSING and getattr(report, spec.name) == default:
            out.append(spec.name)
    return out


def test_the_sample_sets_every_field() -> None:
    # Otherwise a new field would pass the round trips below unexercised.
    assert defaulted_fields(complete_report()) == []


def test_the_json_contract_keeps_its_field_order() -> None:
    assert REPORT_FIELDS == CONTRACT_ORDER
    assert list(complete_report().to_dict()) == list(CONTRACT_ORDER)


def test_from_dict_rebuilds_every_field() -> None:
    report = complete_report()
    rebuilt = Report.from_dict(report.to_storage_dict())
    differing = [f.name for f in fields(Report) if getattr(rebuilt, f.name) != getattr(report, f.name)]
    assert differing == []


def missing_columns(names: tuple[str, ...]) -> list[str]:
    columns = set(ReportRecord.__table__.columns.keys())
    return [name for name in names if name not in columns]


def test_every_report_field_has_a_column() -> None:
    assert missing_columns(STORAGE_FIELDS) == []
    # and the check names a field that has none
    assert missing_columns((*STORAGE_FIELDS, "new_field")) == ["new_field"]


def test_report_row_fills_every_column_of_the_report() -> None:
    row = report_row(complete_report().to_storage_dict())
    assert [key for key in REPORT_KEYS if key not in row] == []
    assert REPORT_KEYS == STORAGE_FIELDS


def test_the_store_gives_back_every_field(tmp_path) -> None:
    report = complete_report()
    store = open_store(f"sqlite:///{tmp_path / 'contract.db'}")
    try:
        store.save_reports([report.to_storage_dict()])
        stored = store.get_report(report.url)
    finally:
        store.close()
    expected = report.to_storage_dict()
    assert [k for k in STORAGE_FIELDS if stored.get(k) != expected[k]] == []
    assert Report.from_dict(stored) == report
    assert list(public_report(stored)) == [*REPORT_FIELDS, "id", "first_seen_at", "last_seen_at"]


def test_every_report_field_has_a_csv_column() -> None:
    columns = set(CSV_COLUMNS)
    missing = [
        name for name in REPORT_FIELDS if not set(CSV_EXPANDED.get(name, (name,))) <= columns
    ]
    assert missing == []
    # a field added to the Report gets its own column without a change to the export
    assert "new_field" in csv_columns((*REPORT_FIELDS, "new_field"))


def test_every_csv_column_has_a_value_for_a_complete_report() -> None:
    report = complete_report()
    stored = {**report.to_dict(), "id": 1, "first_seen_at": "x", "last_seen_at": "y"}
    # complete as the store gives it back: with a user's label (nkwatch label) on the topic
    stored["topic"] = {**stored["topic"], "label": {"law_enforcement": True, "note": "read"}}
    header, row = csv.reader(io.StringIO("".join(csv_lines([stored]))))
    assert header == list(CSV_COLUMNS)
    assert [name for name, cell in zip(header, row, strict=True) if cell == ""] == []
