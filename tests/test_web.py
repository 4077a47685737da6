"""The web app through its HTTP interface: listings, filters, escaping, errors, feed, API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient
from test_search import corpus_reports
from test_store_samples import KST, edited, make_report

from crawler.items import REPORT_FIELDS
from nkwatch.web import create_app
from store import open_store
from store.errors import DatabaseUnavailable

SITE = "https://www.dailynk.com/english/"
HOSTILE = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"


def many_reports(count: int) -> list[dict[str, Any]]:
    start = datetime(2024, 3, 1, 9, tzinfo=KST)
    return [
        make_report(
            100 + n,
            title=f"Arrests in Hyesan, week {n}",
            published_at=start + timedelta(days=n),
            agencies=("state_security",) if n % 2 else ("police",),
            provinces=("Yanggang",) if n % 3 == 0 else ("North Hamgyong",),
        )
        for n in range(count)
    ]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/web.db"
    with open_store(url) as store:
        store.save_reports(corpus_reports())
        store.save_reports(many_reports(45))
        newest = datetime(2025, 1, 1, 9, tzinfo=KST)
        hostile = make_report(900, title=HOSTILE, body=(HOSTILE,), published_at=newest)
        store.save_reports([hostile])
        store.save_reports([edited(corpus_reports()[0], "Officials later denied it.")])
    return url


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    store = open_store(db_url, read_only=True)
    app = create_app(store, db_url=db_url, site_url=SITE)
    with TestClient(app, raise_server_exceptions=True) as test_client:
        yield test_client
    store.close()


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/reports/\d+">(.*?)</a>', html)


def test_home_lists_law_enforcement_reports_twenty_a_page(client: TestClient) -> None:
    first = client.get("/")
    assert first.status_code == 200
    shown = titles(first.text)
    assert len(shown) == 20
    assert "Prison camp conditions worsen" not in first.text  # not law enforcement
    total = 5 + 45 + 1
    assert f"<strong>{total}</strong> reports" in first.text
    last = client.get("/?page=3")
    assert len(titles(last.text)) == total - 40
    assert "Page 3 of 3" in last.text
    everything = client.get("/?all=1")
    assert f"<strong>{total + 1}</strong> reports" in everything.text


def test_filters_narrow_the_listing(client: TestClient) -> None:
    page = client.get("/?agency=state_security&province=yanggang&all=1&page=1")
    expected = {f"Arrests in Hyesan, week {n}" for n in range(45) if n % 2 and n % 3 == 0}
    assert set(titles(page.text)) == expected
    dated = client.get("/?since=2024-03-02&until=2024-03-04")
    assert set(titles(dated.text)) == {f"Arrests in Hyesan, week {n}" for n in (1, 2, 3)}


def test_search_lists_the_matches_with_highlighted_snippets(client: TestClient) -> None:
    page = client.get("/", params={"q": '"state security" -ministry'})
    assert set(titles(page.text)) == {"Border guards caught at the Yalu"}
    assert "<mark>state security</mark>" in page.text.lower()


def test_every_stored_string_is_escaped(client: TestClient) -> None:
    for path in ("/", "/?q=onerror", "/reports/" + str(report_id(client, "onerror"))):
        html = client.get(path).text
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html


def test_security_headers_are_on_every_response(client: TestClient) -> None:
    for path in ("/", "/stats", "/api/reports", "/feed.atom", "/nope", "/?page=x"):
        headers = client.get(path).headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "script-src" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/?page=0", "page: expected a whole number from 1"),
        ("/?page=abc", "page: expected a whole number"),
        ("/?since=2024-13-01", "since: expected a date like 2024-01-31"),
        ("/?since=2024-03-05&until=2024-03-01", "is after until"),
        ("/?agency=kgb", "agency: unknown agency 'kgb'"),
        ("/?all=yes", "all: expected 1 or 0"),
        ("/?q=%22open", 'q: a "phrase" is not closed'),
        ("/?q=-only", "q: an -exclusion needs at least one word"),
        ("/?colour=red", "unknown parameter 'colour'"),
        ("/reports/abc", "report id: expected a number"),
        ("/feed.atom?since=yesterday", "since: expected a date"),
        ("/api/reports?limit=1000", "limit: expected a whole number from 1 to 200"),
        ("/api/reports?offset=-1", "offset: expected a whole number"),
        ("/stats?all=2", "all: expected 1 or 0"),
    ],
)
def test_a_bad_parameter_gets_a_400_that_says_what_was_wrong(
    client: TestClient, path: str, message: str
) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert message in response.text.replace("&#39;", "'").replace("&#34;", '"')
    assert "Traceback" not in response.text


def test_an_unknown_report_is_a_404_page(client: TestClient) -> None:
    assert client.get("/reports/99999").status_code == 404
    assert client.get("/api/reports/99999").json()["status"] == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/", "/api/reports", "/api/reports/1", "/feed.atom"])
def test_nothing_can_be_written(client: TestClient, method: str, path: str) -> None:
    assert client.request(method, path).status_code == 405


def test_the_app_store_refuses_writes(db_url: str) -> None:
    with open_store(db_url, read_only=True) as store, pytest.raises(DatabaseUnavailable):
        store.save_reports([make_report(5000)])


def test_report_page_shows_the_report_and_what_a_revision_changed(
    client: TestClient,
) -> None:
    html = client.get(f"/reports/{report_id(client, 'smugglers')}").text
    assert "Police in Hyesan take bribes in yuan" in html
    assert "Officers asked smugglers for 5,000 yuan." in html
    assert "Read the original on Daily NK" in html
    assert "<ins>Officials later denied it.</ins>" in html
    assert 'href="/?agency=police"' in html


def test_stats_draws_the_charts_from_the_counts(client: TestClient) -> None:
    html = client.get("/stats").text
    assert html.count("<svg") >= 2
    # One bar per province named by law-enforcement reports.
    province_chart = html.split('aria-label="Reports by province"')[1].split("</svg>")[0]
    assert province_chart.count("<rect") == 2  # North Hamgyong and Yanggang
    assert ">Yanggang: 15<" in province_chart


def test_the_feed_has_the_filtered_reports_for_a_feed_reader(client: TestClient) -> None:
    response = client.get("/feed.atom?agency=state_security&province=Yanggang")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.text)
    assert not feed.bozo
    assert "state security in Yanggang" in feed.feed.title
    expected = {f"Arrests in Hyesan, week {n}" for n in range(45) if n % 2 and n % 3 == 0}
    assert {entry.title for entry in feed.entries} == expected
    assert any(link.rel == "self" for link in feed.feed.links)
    home = client.get("/?agency=state_security").text
    assert 'type="application/atom+xml"' in home
    assert 'href="/feed.atom?agency=state_security"' in home


def test_api_lists_reports_as_the_report_schema(client: TestClient) -> None:
    body = client.get("/api/reports?limit=5&offset=2&agency=police").json()
    assert body["limit"] == 5
    assert body["offset"] == 2
    assert len(body["reports"]) == 5
    report = body["reports"][0]
    assert set(REPORT_FIELDS) | {"id", "first_seen_at"} <= set(report)
    every = client.get("/api/reports?limit=200&agency=police").json()
    assert body["total"] == every["total"] == len(every["reports"])
    assert [r["id"] for r in every["reports"][2:7]] == [r["id"] for r in body["reports"]]
    one = client.get(f"/api/reports/{report['id']}").json()
    assert one["title"] == report["title"]


def test_api_search_returns_snippet_segments(client: TestClient) -> None:
    body = client.get("/api/reports", params={"q": "yuan OR dollars", "all": "1"}).json()
    assert body["total"] == 2
    for report in body["reports"]:
        assert any(s["match"] for s in report["snippet"])


def test_api_is_documented_without_scripts(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/reports"]["get"]["parameters"]}
    assert {"q", "agency", "province", "since", "until", "all", "limit", "offset"} <= params
    docs = client.get("/api/docs").text
    assert "GET /api/reports" in docs
    assert "<script" not in docs


def test_healthz_is_200_when_healthy_and_503_when_not(
    client: TestClient, db_url: str
) -> None:
    # a store that never had a successful run is not healthy (nkwatch status says so too)
    assert client.get("/healthz").status_code == 503
    with open_store(db_url) as store:
        store.finish_run(store.start_run("scheduled"), "ok")
    assert client.get("/healthz").status_code == 200
    with open_store(db_url) as store:
        for _ in range(3):
            store.finish_run(store.start_run("scheduled"), "failed", error="boom")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["healthy"] is False


def test_reports_first_seen_in_the_last_day_are_marked_new(db_url: str) -> None:
    store = open_store(db_url, read_only=True)
    first_seen = datetime.fromisoformat(store.query_reports(limit=1)[0]["first_seen_at"])
    soon = create_app(store, db_url=db_url, site_url=SITE, clock=lambda: first_seen)
    later = create_app(
        store, db_url=db_url, site_url=SITE, clock=lambda: first_seen + timedelta(days=2)
    )
    with TestClient(soon) as fresh, TestClient(later) as old:
        assert "20 new on this page" in fresh.get("/").text
        assert 'class="badge"' not in old.get("/").text
    store.close()
    assert first_seen <= datetime.now(UTC)


def report_id(client: TestClient, word: str) -> int:
    body = client.get("/api/reports", params={"q": word, "all": "1"}).json()
    return body["reports"][0]["id"]
