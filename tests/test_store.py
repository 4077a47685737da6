"""The store API on SQLite and PostgreSQL: only new reports, real revisions, runs, failures, locks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from conftest import Clock
from test_store_samples import (
    KST,
    article_url,
    count_rows,
    edited,
    fetch_rows,
    make_report,
    pg_schema_url,
)

from crawler.items import (
    REPORT_FIELDS,
    Amount,
    Author,
    Entities,
    Figure,
    Image,
    Place,
    Report,
    Topic,
)
from store import Store, open_store
from store.errors import InvalidReport, UnknownRun
from store.rows import REPORT_KEYS


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.db"
        return
    with pg_schema_url(request.getfixturevalue("pg_url")) as url:
        yield url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_url: str, clock: Clock) -> Iterator[Store]:
    opened = open_store(db_url, clock=clock)
    yield opened
    opened.close()


def test_store_keys_are_the_report_contract() -> None:
    assert (*REPORT_FIELDS, "contact_hidden") == REPORT_KEYS


# -- only new ------------------------------------------------------------------------


def test_saving_the_same_batch_twice_stores_nothing_the_second_time(
    store: Store, db_url: str
) -> None:
    batch = [make_report(n) for n in range(3)]
    first = store.save_reports(batch)
    second = store.save_reports(batch)
    assert first.new == [article_url(n) for n in range(3)]
    assert second.new == []
    assert second.revised == []
    assert second.unchanged == [article_url(n) for n in range(3)]
    assert count_rows(db_url, "reports") == 3
    assert count_rows(db_url, "revisions") == 0


def test_a_batch_mixing_new_and_known_reports_sorts_them(store: Store) -> None:
    store.save_reports([make_report(1), make_report(2)])
    result = store.save_reports(
        [make_report(3), make_report(2), edited(make_report(1))]
    )
    assert result.new == [article_url(3)]
    assert result.unchanged == [article_url(2)]
    assert result.revised == [article_url(1)]


def test_a_url_given_twice_in_one_batch_is_stored_once_in_its_last_version(
    store: Store, db_url: str
) -> None:
    report = make_report(1)
    result = store.save_reports([report, edited(report)])
    assert result.new == [article_url(1)]
    assert count_rows(db_url, "reports") == 1
    assert store.get_report(article_url(1))["body"] == edited(report)["body"]


def test_an_invalid_report_rejects_the_whole_batch(store: Store) -> None:
    broken = {**make_report(2), "title": ""}
    with pytest.raises(InvalidReport, match="title is missing"):
        store.save_reports([make_report(1), broken])
    assert store.known_urls([article_url(1), article_url(2)]) == set()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"published_at": "2024-01-01T10:00:00"}, "no UTC offset"),
        ({"published_at": "yesterday"}, "not an ISO date"),
        ({"content_hash": ""}, "content_hash is missing"),
        ({"url": None}, "url is missing"),
        ({"post_id": "12"}, "post_id is not an integer"),
    ],
)
def test_invalid_reports_are_refused_with_the_reason(
    store: Store, change: dict, problem: str
) -> None:
    with pytest.raises(InvalidReport, match=problem):
        store.save_reports([{**make_report(1), **change}])


def test_a_report_round_trips_exactly(store: Store) -> None:
    report = Report(
        url=article_url(7),
        post_id=161234,
        title="MPS officers extract bribes",
        subtitle="A subtitle",
        published_at=datetime(2019, 11, 14, 18, 12, tzinfo=KST),
        modified_at=datetime(2019, 11, 14, 19, 0, tzinfo=KST),
        authors=(
            Author(
                name="Kang Mi Jin",
                url=f"{article_url(1)}author",
                bio="Bio.",
                email=None,
            ),
        ),
        translator="Violet Kim",
        categories=("News",),
        tags=("bribery", "MPS"),
        image=Image(
            url="https://x/img.jpg", alt="alt", caption="Cap.", credit="Daily NK"
        ),
        body=("One “curly” paragraph.", "Two."),
        figures=(Figure(url="https://x/f.jpg", caption="Fig.", credit=None),),
        contact_email="dailynkenglish@gmail.com",
        korean_url="https://www.dailynk.com/%ec%95%88/",
        topic=Topic(law_enforcement=True, score=0.75, matched=("bribe",)),
        entities=Entities(
            agencies=("police",),
            provinces=("Kangwon",),
            places=(Place(name="Wonsan", province="Kangwon"),),
            amounts=(Amount(value=1500, currency="CNY", text="RMB 1500"),),
        ),
        content_hash="ab" * 32,
        contact_hidden=True,
    )
    store.save_reports([report.to_storage_dict()])
    stored = store.get_report(report.url)
    assert Report.from_dict(stored) == report
    assert {k: stored[k] for k in REPORT_KEYS} == report.to_storage_dict()


# -- revisions -----------------------------------------------------------------------


def test_an_edited_article_keeps_both_versions_and_shows_the_new_one(
    store: Store, db_url: str, clock: Clock
) -> None:
    original = make_report(1)
    store.save_reports([original])
    first_seen = store.get_report(article_url(1))["first_seen_at"]
    clock.advance(hours=2)
    run_id = store.start_run("manual")
    result = store.save_reports([edited(original)], run_id=run_id)

    assert result.revised == [article_url(1)]
    current = store.get_report(article_url(1))
    assert current["body"] == edited(original)["body"]
    assert current["content_hash"] == edited(original)["content_hash"]
    assert current["first_seen_at"] == first_seen
    assert count_rows(db_url, "reports") == 1
    versions = fetch_rows(
        db_url, "SELECT content_hash, run_id, id FROM revisions ORDER BY id"
    )
    assert [v[0] for v in versions] == [
        original["content_hash"],
        current["content_hash"],
    ]
    assert versions[1][1] == run_id
    pointer = fetch_rows(db_url, "SELECT current_revision_id FROM reports")[0][0]
    assert pointer == versions[1][2]


def test_seeing_the_same_version_again_only_moves_last_seen_at(
    store: Store, db_url: str, clock: Clock
) -> None:
    store.save_reports([make_report(1)])
    before = store.get_report(article_url(1))
    clock.advance(days=1)
    result = store.save_reports([make_report(1)])
    after = store.get_report(article_url(1))
    assert result.unchanged == [article_url(1)]
    assert after["last_seen_at"] == clock.now.isoformat()
    assert {**after, "last_seen_at": None} == {**before, "last_seen_at": None}
    assert count_rows(db_url, "revisions") == 0


def test_an_article_edited_back_points_to_its_first_version_again(
    store: Store, db_url: str
) -> None:
    original = make_report(1)
    store.save_reports([original])
    store.save_reports([edited(original)])
    result = store.save_reports([original])
    assert result.revised == [article_url(1)]
    assert store.get_report(article_url(1))["body"] == original["body"]
    assert count_rows(db_url, "revisions") == 2
    pointer, first_revision = fetch_rows(
        db_url,
        "SELECT r.current_revision_id, min(v.id) FROM reports r "
        "JOIN revisions v ON v.report_id = r.id GROUP BY r.current_revision_id",
    )[0]
    assert pointer == first_revision


def test_a_revision_updates_the_agency_and_province_filters(store: Store) -> None:
    store.save_reports([make_report(1, agencies=("police",), provinces=("Kangwon",))])
    changed = make_report(1, agencies=("state_security",), provinces=("Yanggang",))
    store.save_reports([edited(changed)])
    assert store.query_reports(agency="police") == []
    assert store.query_reports(province="Kangwon") == []
    assert [r["url"] for r in store.query_reports(agency="state_security")] == [
        article_url(1)
    ]
    assert [r["url"] for r in store.query_reports(province="yanggang")] == [
        article_url(1)
    ]


# -- reading -------------------------------------------------------------------------


def test_known_urls_answers_for_more_urls_than_one_query_holds(store: Store) -> None:
    store.save_reports([make_report(n) for n in (1, 700, 1199)])
    asked = [article_url(n) for n in range(1200)]
    assert store.known_urls(asked) == {
        article_url(1),
        article_url(700),
        article_url(1199),
    }


def test_query_is_newest_first_and_law_enforcement_only_by_default(
    store: Store,
) -> None:
    store.save_reports(
        [make_report(1), make_report(2, law_enforcement=False), make_report(3)]
    )
    assert [r["url"] for r in store.query_reports()] == [article_url(3), article_url(1)]
    everything = store.query_reports(law_enforcement_only=False)
    assert [r["url"] for r in everything] == [article_url(n) for n in (3, 2, 1)]
    assert [r["url"] for r in store.query_reports(limit=1)] == [article_url(3)]


def test_query_dates_are_inclusive_days_in_korean_time(store: Store) -> None:
    # 23:30 KST on Jan 1 is still Jan 1 in Korea, though Jan 1 14:30 UTC.
    late = datetime(2024, 1, 1, 23, 30, tzinfo=KST)
    store.save_reports(
        [
            make_report(1, published_at=late),
            make_report(2, published_at=late + timedelta(hours=1)),
            make_report(3, published_at=late - timedelta(days=1)),
        ]
    )
    day = date(2024, 1, 1)
    assert [r["url"] for r in store.query_reports(since=day, until=day)] == [
        article_url(1)
    ]
    since = store.query_reports(since=day)
    assert [r["url"] for r in since] == [article_url(2), article_url(1)]
    assert [r["url"] for r in store.query_reports(until=day)] == [
        article_url(1),
        article_url(3),
    ]


def test_query_by_agency_and_province(store: Store) -> None:
    store.save_reports(
        [
            make_report(1, agencies=("police",), provinces=("North Hamgyong",)),
            make_report(
                2, agencies=("state_security", "police"), provinces=("Yanggang",)
            ),
            make_report(3, agencies=("border_guards",), provinces=()),
        ]
    )
    police = store.query_reports(agency="police")
    assert [r["url"] for r in police] == [article_url(2), article_url(1)]
    hamgyong = store.query_reports(province="NORTH HAMGYONG Province")
    assert [r["url"] for r in hamgyong] == [article_url(1)]
    both = store.query_reports(agency="police", province="Yanggang")
    assert [r["url"] for r in both] == [article_url(2)]
    assert store.query_reports(agency="courts") == []


def test_get_report_by_id_or_any_spelling_of_its_url(store: Store) -> None:
    store.save_reports([make_report(1)])
    report_id = store.get_report(article_url(1))["id"]
    bare = article_url(1).removeprefix("https://").rstrip("/")
    for ref in (
        report_id,
        str(report_id),
        article_url(1).replace("https", "http"),
        bare,
    ):
        assert store.get_report(ref)["url"] == article_url(1), ref
    assert store.get_report("https://www.dailynk.com/english/not-stored/") is None
    assert store.get_report(report_id + 1000) is None


def test_recent_urls_are_those_published_in_the_last_days(store: Store) -> None:
    now = datetime(2024, 3, 10, 12, tzinfo=KST)
    store.save_reports(
        [
            make_report(1, published_at=now - timedelta(days=1)),
            make_report(2, published_at=now - timedelta(days=3)),
            make_report(3, published_at=now - timedelta(days=10)),
        ]
    )
    assert store.recent_urls(5, now=now) == [article_url(1), article_url(2)]


# -- runs and failures ---------------------------------------------------------------


def test_runs_record_start_outcome_and_counts(store: Store, clock: Clock) -> None:
    first = store.start_run("scheduled")
    assert store.last_run()["outcome"] == "running"
    clock.advance(seconds=90)
    store.finish_run(first, "ok", requests=12, new=3, revised=1, unchanged=5, failed=2)
    second = store.start_run("manual")
    store.finish_run(second, "failed", error="site unreachable")

    runs = store.runs()
    assert [r["id"] for r in runs] == [second, first]
    assert runs[1]["trigger"] == "scheduled"
    assert (runs[1]["requests"], runs[1]["new"], runs[1]["revised"]) == (12, 3, 1)
    assert (runs[1]["unchanged"], runs[1]["failed"]) == (5, 2)
    started = datetime.fromisoformat(runs[1]["started_at"])
    assert datetime.fromisoformat(runs[1]["finished_at"]) - started == timedelta(
        seconds=90
    )
    assert runs[0]["error"] == "site unreachable"
    assert store.last_run(outcome="ok")["id"] == first
    assert store.last_run(outcome="partial") is None
    assert store.runs(limit=1) == runs[:1]


def test_bad_trigger_outcome_or_run_id_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="trigger"):
        store.start_run("cron")
    run_id = store.start_run("manual")
    with pytest.raises(ValueError, match="outcome"):
        store.finish_run(run_id, "done")
    with pytest.raises(UnknownRun):
        store.finish_run(run_id + 99, "ok")


def test_failures_count_attempts_until_cleared(store: Store, clock: Clock) -> None:
    run_id = store.start_run("manual")
    store.record_failure(article_url(1), "HTTP 500", run_id)
    clock.advance(minutes=1)
    store.record_failure(article_url(2), "not an article: no body")
    clock.advance(minutes=1)
    store.record_failure(article_url(1), "timeout", run_id)

    by_url = {f["url"]: f for f in store.failures()}
    assert by_url[article_url(1)]["attempts"] == 2
    assert by_url[article_url(1)]["reason"] == "timeout"
    assert by_url[article_url(2)]["attempts"] == 1
    assert store.failed_urls() == [
        article_url(2),
        article_url(1),
    ]  # longest waiting first
    assert store.failed_urls(limit=1) == [article_url(2)]
    assert store.known_urls([article_url(1)]) == set()  # failed is not seen

    store.clear_failures([article_url(2)])
    assert store.failed_urls() == [article_url(1)]


def test_storing_a_failed_url_clears_its_failure(store: Store) -> None:
    store.record_failure(article_url(1), "HTTP 503")
    store.record_failure(article_url(2), "HTTP 503")
    store.save_reports([make_report(1)])
    assert store.failed_urls() == [article_url(2)]


# -- locks and state -----------------------------------------------------------------


def test_a_lock_has_one_holder_until_released_or_expired(
    store: Store, clock: Clock
) -> None:
    assert store.acquire_lock("crawl", "host-a:1", ttl_s=60)
    assert not store.acquire_lock("crawl", "host-b:2", ttl_s=60)
    assert store.acquire_lock("crawl", "host-a:1", ttl_s=60)  # re-entrant for its owner
    assert store.lock_owner("crawl") == "host-a:1"
    assert store.refresh_lock("crawl", "host-a:1", ttl_s=60)
    assert not store.release_lock("crawl", "host-b:2")

    clock.advance(seconds=61)  # the holder died without releasing
    assert store.lock_owner("crawl") is None
    assert store.acquire_lock("crawl", "host-b:2", ttl_s=60)
    assert not store.refresh_lock("crawl", "host-a:1", ttl_s=60)
    assert store.release_lock("crawl", "host-b:2")
    assert store.acquire_lock("crawl", "host-c:3", ttl_s=60)


def test_crawl_state_keeps_json_values(store: Store) -> None:
    assert store.get_state("backfill") is None
    store.set_state("backfill", {"rest_page": 7, "done": False})
    store.set_state("backfill", {"rest_page": 8, "done": False})
    assert store.get_state("backfill") == {"rest_page": 8, "done": False}
    store.set_state("backfill", None)
    assert store.get_state("backfill") is None


@pytest.mark.slow
def test_next_run_closes_a_run_whose_process_is_gone(tmp_path) -> None:
    import subprocess
    import sys

    from store import open_store

    url = f"sqlite:///{tmp_path / 'runs.db'}"
    with open_store(url) as store:
        live = store.start_run("manual")
    # A run started by a process that has exited without finishing it (as after kill -9).
    code = (
        "import sys; from store import open_store\n"
        "s = open_store(sys.argv[1]); print(s.start_run('manual')); s.close()"
    )
    child = subprocess.run(
        [sys.executable, "-c", code, url], capture_output=True, text=True, check=True
    )
    dead = int(child.stdout)
    with open_store(url) as store:
        store.start_run("manual")
        by_id = {run["id"]: run for run in store.runs()}
    assert by_id[dead]["outcome"] == "interrupted"
    assert "ended without finishing" in by_id[dead]["error"]
    assert by_id[live]["outcome"] == "running"  # this process is alive: left alone
