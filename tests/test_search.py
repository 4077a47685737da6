"""Full-text search in the store: exactly the matching reports, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from test_store_samples import edited, make_report, pg_schema_url

from store import open_store
from store.engine import make_engine, write_transaction
from store.schema import alembic_config, upgrade_schema
from store.search_query import BadSearchQuery

# Texts written for these tests; each query below names the reports it must find.
CORPUS = {
    1: ("Police in Hyesan take bribes in yuan", ("Officers asked smugglers for 5,000 yuan.",)),
    2: ("Border guards caught at the Yalu", ("Guards in Hyesan were arrested by state security.",)),
    3: ("State security widens crackdown", ("The ministry of state security sent inspectors.",)),
    4: ("Prison camp conditions worsen", ("Former inmates describe hunger and forced labor.",)),
    5: ("Market traders fined", ("Traders paid dollars to avoid security checks by the state.",)),
    6: ("A <script>alert(1)</script> headline", ("Markup in a title is text to search.",)),
}
CASES = [
    ("hyesan", {1, 2}),
    ("bribe", {1}),  # stemmed: "bribes"
    ("HYESAN bribes", {1}),
    ('"state security"', {2, 3}),  # 5 has both words, not side by side
    ("state security", {2, 3, 5}),
    ("yuan OR dollars", {1, 5}),
    ("hyesan -bribes", {2}),
    ('security -"state security"', {5}),
    ('security -"ministry of state"', {2, 5}),
    ("traders OR inmates -hunger", {5}),
    ("script", {6}),
    ("nonexistentword", set()),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.db"
        return
    with pg_schema_url(request.getfixturevalue("pg_url")) as url:
        yield url


def corpus_reports() -> list[dict]:
    return [
        make_report(n, title=title, body=body, law_enforcement=n != 4)
        for n, (title, body) in CORPUS.items()
    ]


def found(store, query: str, **filters) -> set[int]:
    posts = {r["post_id"] - 100000 for r in store.query_reports(search=query, **filters)}
    assert store.count_reports(search=query, **filters) == len(posts)
    return posts


@pytest.fixture
def store(db_url: str):
    with open_store(db_url) as opened:
        opened.save_reports(corpus_reports())
        yield opened


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_search_finds_exactly_the_matching_reports(store, query, expected) -> None:
    assert found(store, query, law_enforcement_only=False) == expected


def test_search_combines_with_the_filters(store) -> None:
    assert found(store, "hunger OR hyesan", law_enforcement_only=False) == {1, 2, 4}
    assert found(store, "hunger OR hyesan") == {1, 2}  # 4 is not law enforcement
    second = datetime.fromisoformat(make_report(2)["published_at"])
    assert found(store, "hyesan", since=second) == {2}
    assert found(store, "hyesan", until=second - timedelta(seconds=1)) == {1}
    assert found(store, "hyesan", agency="courts") == set()


def test_a_title_match_ranks_above_a_body_match(store) -> None:
    ranked = store.query_reports(search="hyesan")
    assert [r["post_id"] - 100000 for r in ranked] == [1, 2]


def test_snippets_mark_the_matches_and_keep_markup_as_text(store) -> None:
    [hit] = store.query_reports(search="smugglers", law_enforcement_only=False)
    marked = [s["text"] for s in hit["snippet"] if s["match"]]
    assert [m.casefold() for m in marked] == ["smugglers"]
    [tagged] = store.query_reports(search="alert", law_enforcement_only=False)
    text = "".join(s["text"] for s in tagged["snippet"])
    assert "<script>" in text or "Markup" in text


def test_a_revision_is_found_by_its_new_words_only(store) -> None:
    first = make_report(4, title=CORPUS[4][0], body=CORPUS[4][1], law_enforcement=False)
    revised = edited({**first, "body": ["Inmates were moved to another camp."]}, "Riots.")
    assert store.save_reports([revised]).revised == [first["url"]]
    assert found(store, "hunger", law_enforcement_only=False) == set()
    assert found(store, "riots", law_enforcement_only=False) == {4}


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ('"state security', "not closed"),
        ("OR police", "OR must stand between"),
        ("police OR", "OR must stand between"),
        ("-police", "needs at least one word"),
        ("police OR -bribes", "cannot join an -exclusion"),
        ("  ", "no words to search for"),
        ("x" * 600, "longer than"),
    ],
)
def test_a_query_that_cannot_be_searched_is_refused_with_the_reason(
    store, query: str, problem: str
) -> None:
    with pytest.raises(BadSearchQuery) as refused:
        store.query_reports(search=query)
    assert problem in str(refused.value)
    assert "\n" not in str(refused.value)


def test_operator_characters_are_only_words(store) -> None:
    # FTS5 and tsquery syntax typed by a reader is searched for, not run.
    assert found(store, "hyesan* ^yuan (bribes):*", law_enforcement_only=False) == {1}


def test_the_migration_indexes_reports_stored_before_search_existed(db_url: str) -> None:
    with open_store(db_url) as store:
        store.save_reports(corpus_reports())
    engine = make_engine(db_url)
    with write_transaction(engine) as conn:
        command.downgrade(alembic_config(conn), "0004")  # drops the index
    upgrade_schema(engine)
    engine.dispose()
    with open_store(db_url) as store:
        assert found(store, "hyesan") == {1, 2}
        assert found(store, '"state security"') == {2, 3}


def test_search_results_page_with_limit_and_offset(store) -> None:
    ranked = [r["id"] for r in store.query_reports(search="hyesan OR state")]
    assert len(ranked) == 4
    for filters in ({}, {"agency": "police"}):
        every = [r["id"] for r in store.query_reports(search="hyesan OR state", **filters)]
        pages = [
            r["id"]
            for offset in range(0, len(every), 2)
            for r in store.query_reports(
                search="hyesan OR state", limit=2, offset=offset, **filters
            )
        ]
        assert pages == every
