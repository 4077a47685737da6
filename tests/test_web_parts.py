"""The web app's pure parts: counting for the charts, drawing them, diffs, snippets."""

from __future__ import annotations

from nkwatch.web import charts, stats
from nkwatch.web.changes import describe_changes
from nkwatch.web.present import kst, snippet_html, web_url


def fact(day: str, agencies=(), provinces=(), amounts=()) -> dict:
    return {
        "published_at": f"{day}T10:00:00+09:00",
        "agencies": list(agencies),
        "provinces": list(provinces),
        "amounts": list(amounts),
    }


def test_months_without_reports_are_shown_empty() -> None:
    facts = [
        fact("2024-01-05", ["police"]),
        fact("2024-03-01", ["police", "courts"]),
        fact("2024-03-09", ["courts"]),
    ]
    assert stats.per_month_by_agency(facts) == [
        ("2024-01", {"police": 1}),
        ("2024-02", {}),
        ("2024-03", {"police": 1, "courts": 2}),
    ]


def test_provinces_are_counted_once_per_report_most_first() -> None:
    facts = [
        fact("2024-01-01", provinces=["Yanggang", "Yanggang"]),
        fact("2024-01-02", provinces=["Chagang", "Yanggang"]),
    ]
    assert stats.by_province(facts) == [("Yanggang", 2), ("Chagang", 1)]


def test_amounts_are_added_up_per_currency_and_month() -> None:
    yuan = {"value": 500.0, "currency": "CNY", "text": "500 yuan"}
    facts = [
        fact("2024-01-01", amounts=[yuan, yuan]),
        fact("2024-02-01", amounts=[yuan]),
    ]
    assert stats.amounts_by_currency(facts) == {
        "CNY": [("2024-01", 1000.0), ("2024-02", 500.0)]
    }


def test_chart_labels_are_escaped_and_bars_scale_with_values() -> None:
    svg = str(charts.horizontal_bars("t", [("<b>x</b>", 10), ("y", 5)]))
    assert "<b>" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg
    widths = [
        float(w) for w in __import__("re").findall(r'<rect[^>]* width="([\d.]+)"', svg)
    ]
    assert widths[0] == 2 * widths[1]


def test_describe_changes_names_fields_and_paragraphs() -> None:
    before = {"title": "A", "body": ["one", "two"]}
    after = {"title": "B", "body": ["one", "three", "four"]}
    assert describe_changes(before, after) == {
        "fields": ["title"],
        "added": ["three", "four"],
        "removed": ["two"],
    }


def test_snippets_escape_text_and_mark_matches() -> None:
    html = snippet_html(
        [{"text": "<i>a</i> ", "match": False}, {"text": "bribe", "match": True}]
    )
    assert str(html) == "&lt;i&gt;a&lt;/i&gt; <mark>bribe</mark>"


def test_times_are_shown_in_korean_time() -> None:
    assert kst("2024-03-01T00:30:00+00:00") == "2024-03-01 09:30 KST"


def test_only_http_links_become_hrefs() -> None:
    assert web_url("https://www.dailynk.com/english/x/") == "https://www.dailynk.com/english/x/"
    assert web_url("javascript:alert(1)") == ""
    assert web_url(" JaVaScRiPt:alert(1)") == ""
    assert web_url(None) == ""
