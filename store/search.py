"""Full-text search: one index table per engine, kept in step with the reports it covers.

SQLite: an FTS5 table ``report_search`` (rowid = report id; title, subtitle, body), ranked
by bm25 with the title weighing most. PostgreSQL: a table ``report_search`` with the same
texts and a weighted ``tsvector`` under a GIN index, ranked by ``ts_rank_cd``. Both stem
English words (FTS5's porter tokenizer, PostgreSQL's ``english`` configuration), so
"bribes" finds "bribe"; PostgreSQL also drops stop words ("the", "of").

The index is written by ``index_reports`` in the saving transaction (new reports and
revisions), so it can never show a version the reports table does not. Snippets come back
as segments, ``[{"text": ..., "match": bool}]``, never as markup: the caller escapes the
text and highlights the matches in its own way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Select, column, func, literal_column, table, text

from store.models import ReportRecord
from store.search_query import SearchQuery, Term, fts5_match
from store.statements import chunks

SEARCH_TABLE = "report_search"
# Private-use characters around each match in a snippet: no text the site writes has them.
START, STOP = "\ue000", "\ue001"
_PG_CONFIG = "'english'::regconfig"
# Title, subtitle, body: a word in the title says more about what a report is about.
# ``kind`` only filters (law enforcement or not), inside the index, so the default
# listing's search and count never read the reports table for every match.
_BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.0)
_TEXT_COLUMNS = "{title subtitle body}"
LAW_ENFORCEMENT_KIND = "lawenforcement"
_SNIPPET_WORDS = 24
_PG_HEADLINE = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def is_search_table(name: str | None) -> bool:
    """The index table and FTS5's own shadow tables (not ORM models; migrations make them)."""
    return bool(name) and (name == SEARCH_TABLE or name.startswith(SEARCH_TABLE + "_"))


def create_index(conn: Connection) -> None:
    """Create the engine's index table (empty); the migration then fills it."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
            "title, subtitle, body, kind, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        return
    conn.exec_driver_sql(
        f"CREATE TABLE {SEARCH_TABLE} ("
        "report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE, "
        "title TEXT NOT NULL, subtitle TEXT NOT NULL, body TEXT NOT NULL, "
        "document TSVECTOR NOT NULL)"
    )
    conn.exec_driver_sql(
        f"CREATE INDEX ix_{SEARCH_TABLE}_document ON {SEARCH_TABLE} USING GIN (document)"
    )


def drop_index(conn: Connection) -> None:
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")


def index_reports(
    conn: Connection, reports: Sequence[tuple[int, Mapping[str, Any]]]
) -> None:
    """(Re)index these reports: ``(id, row)`` pairs with title, subtitle and body."""
    if not reports:
        return
    entries = [
        {"id": report_id, **search_texts(row), "kind": _kind(row)}
        for report_id, row in reports
    ]
    ids = [entry["id"] for entry in entries]
    key = "rowid" if conn.dialect.name == "sqlite" else "report_id"
    for chunk in chunks(ids):
        conn.execute(
            text(f"DELETE FROM {SEARCH_TABLE} WHERE {key} IN :ids").bindparams(  # noqa: S608 (constants)
                _expanding("ids")
            ),
            {"ids": list(chunk)},
        )
    if conn.dialect.name == "sqlite":
        insert = (
            f"INSERT INTO {SEARCH_TABLE} (rowid, title, subtitle, body, kind) "  # noqa: S608
            "VALUES (:id, :title, :subtitle, :body, :kind)"
        )
    else:
        insert = (
            f"INSERT INTO {SEARCH_TABLE} (report_id, title, subtitle, body, document) "  # noqa: S608
            f"VALUES (:id, :title, :subtitle, :body, "
            f"setweight(to_tsvector({_PG_CONFIG}, {_untagged(':title')}), 'A') || "
            f"setweight(to_tsvector({_PG_CONFIG}, {_untagged(':subtitle')}), 'B') || "
            f"setweight(to_tsvector({_PG_CONFIG}, {_untagged(':body')}), 'D'))"
        )
    conn.execute(text(insert), entries)


def reindex_all(conn: Connection, batch: int = 1000) -> int:
    """Index every stored report (the migration's backfill); return how many."""
    reports = ReportRecord.__table__
    query = Select(
        reports.c.id,
        reports.c.title,
        reports.c.subtitle,
        reports.c.body,
        reports.c.law_enforcement,
    )
    last_id, done = 0, 0
    while True:
        rows = (
            conn.execute(
                query.where(reports.c.id > last_id).order_by(reports.c.id).limit(batch)
            )
            .mappings()
            .all()
        )
        if not rows:
            return done
        index_reports(conn, [(row["id"], row) for row in rows])
        last_id, done = rows[-1]["id"], done + len(rows)


def search_texts(row: Mapping[str, Any]) -> dict[str, str]:
    """The texts a report is found by: title, subtitle, body paragraphs one per line."""
    body = "\n".join(str(p) for p in row.get("body") or ())
    return {
        "title": _clean(row.get("title")),
        "subtitle": _clean(row.get("subtitle")),
        "body": _clean(body),
    }


def add_search(
    conn: Connection,
    query: Select[Any],
    search: SearchQuery,
    *,
    ranked: bool = True,
    law_enforcement_only: bool = False,
) -> Select[Any]:
    """Keep only the reports of ``query`` that match; ranked: best match first."""
    if conn.dialect.name == "sqlite":
        return _add_fts5(query, _fts5_expression(search, law_enforcement_only), ranked)
    return _add_tsquery(query, search, ranked)


def fts5_page(
    search: SearchQuery, law_enforcement_only: bool, limit: int | None, offset: int
) -> Select[Any]:
    """SQLite, no filter but the kind: a page of the best matches found in the index alone.

    Ranked and cut to the page inside FTS5, so only the shown reports are read.
    """
    fts = table(SEARCH_TABLE, column("rowid"))
    rank = func.bm25(literal_column(SEARCH_TABLE), *_BM25_WEIGHTS)
    hits = (
        Select(fts.c.rowid.label("hit_id"), rank.label("hit_rank"))
        .where(_match(_fts5_expression(search, law_enforcement_only)))
        .order_by(rank, fts.c.rowid.desc())
        .limit(limit if limit is not None else -1)
        .offset(offset)
        .cte("search_page")
        .prefix_with("MATERIALIZED")
    )
    reports = ReportRecord.__table__
    return (
        Select(reports)
        .join(hits, hits.c.hit_id == reports.c.id)
        .order_by(hits.c.hit_rank, reports.c.id.desc())
    )


def fts5_count(search: SearchQuery, law_enforcement_only: bool) -> Select[Any]:
    """SQLite, no filter but the kind: how many reports match, counted in the index."""
    fts = table(SEARCH_TABLE, column("rowid"))
    expression = _fts5_expression(search, law_enforcement_only)
    return Select(func.count()).select_from(fts).where(_match(expression))


def snippets(
    conn: Connection, search: SearchQuery, report_ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    """The snippet of each of these reports (a page of results): ``{id: segments}``.

    Asked separately from the ranked query so only the shown reports pay for one.
    """
    if not report_ids:
        return {}
    ids = _expanding("ids")
    if conn.dialect.name == "sqlite":
        statement = text(
            f"SELECT rowid, snippet({SEARCH_TABLE}, -1, :start, :stop, '…', "  # noqa: S608
            f"{_SNIPPET_WORDS}) FROM {SEARCH_TABLE} "
            f"WHERE {SEARCH_TABLE} MATCH :fts_query AND rowid IN :ids"
        ).bindparams(ids)
        params = {
            "start": START,
            "stop": STOP,
            "fts_query": _fts5_expression(search, False),
        }
        rows = conn.execute(statement, {**params, "ids": list(report_ids)})
    else:
        index = table(SEARCH_TABLE, column("report_id"), column("body"))
        headline = func.ts_headline(
            literal_column(_PG_CONFIG),
            func.translate(index.c.body, "<>", "  "),
            _tsquery(search),
            _PG_HEADLINE,
        )
        rows = conn.execute(
            Select(index.c.report_id, headline).where(
                index.c.report_id.in_(list(report_ids))
            )
        )
    return {report_id: snippet_segments(snippet) for report_id, snippet in rows}


def snippet_segments(snippet: str | None) -> list[dict[str, Any]]:
    """A snippet with match markers as ``[{"text", "match"}]`` segments, in order."""
    segments: list[dict[str, Any]] = []
    for index, part in enumerate((snippet or "").split(START)):
        matched, _, rest = part.partition(STOP) if index else ("", "", part)
        if index and not _:
            matched, rest = "", part  # a start marker without its stop: not a match
        if matched:
            segments.append({"text": matched, "match": True})
        if rest:
            segments.append({"text": rest, "match": False})
    return segments


def _add_fts5(query: Select[Any], expression: str, ranked: bool) -> Select[Any]:
    fts = table(SEARCH_TABLE, column("rowid"))
    match = _match(expression)
    if not ranked:
        # IN (subquery): SQLite runs the MATCH once, instead of once per filtered report.
        return query.where(ReportRecord.id.in_(Select(fts.c.rowid).where(match)))
    # The matches with their rank first (MATERIALIZED: the MATCH drives, once), then
    # the filters on those reports only.
    rank = func.bm25(literal_column(SEARCH_TABLE), *_BM25_WEIGHTS)
    hits = (
        Select(fts.c.rowid.label("hit_id"), rank.label("hit_rank"))
        .where(match)
        .cte("search_hits")
        .prefix_with("MATERIALIZED")
    )
    return query.join(hits, hits.c.hit_id == ReportRecord.id).order_by(
        hits.c.hit_rank, ReportRecord.published_at.desc(), ReportRecord.id.desc()
    )


def _add_tsquery(query: Select[Any], search: SearchQuery, ranked: bool) -> Select[Any]:
    index = table(SEARCH_TABLE, column("report_id"), column("document"))
    tsquery = _tsquery(search)
    query = query.join(index, index.c.report_id == ReportRecord.id).where(
        index.c.document.op("@@")(tsquery)
    )
    if not ranked:
        return query
    rank = func.ts_rank_cd(index.c.document, tsquery)
    return query.order_by(
        rank.desc(), ReportRecord.published_at.desc(), ReportRecord.id.desc()
    )


def _tsquery(search: SearchQuery) -> Any:
    """The query as a tsquery built from bound phrases: no user text is ever parsed as syntax."""
    expression: Any = None
    for group in search.required:
        either: Any = None
        for term in group:
            phrase = _pg_phrase(term)
            either = phrase if either is None else func.tsquery_or(either, phrase)
        expression = (
            either if expression is None else func.tsquery_and(expression, either)
        )
    for term in search.excluded:
        expression = func.tsquery_and(expression, func.tsquery_not(_pg_phrase(term)))
    return expression


def _pg_phrase(term: Term) -> Any:
    return func.phraseto_tsquery(literal_column(_PG_CONFIG), " ".join(term.words))


def _fts5_expression(search: SearchQuery, law_enforcement_only: bool) -> str:
    """The reader's query over the texts only, and the kind filter if asked for."""
    expression = f"{_TEXT_COLUMNS} : ({fts5_match(search)})"
    if law_enforcement_only:
        expression += f' AND kind : "{LAW_ENFORCEMENT_KIND}"'
    return expression


def _match(expression: str) -> Any:
    return text(f"{SEARCH_TABLE} MATCH :fts_query").bindparams(fts_query=expression)


def _kind(row: Mapping[str, Any]) -> str:
    return LAW_ENFORCEMENT_KIND if row.get("law_enforcement") else "other"


def _untagged(expression: str) -> str:
    # PostgreSQL's parser drops "<script>" as an XML tag; FTS5 indexes it as a word.
    # Text is text here: with < and > as spaces, both engines find the same words.
    return f"translate({expression}, '<>', '  ')"


def _expanding(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)


def _clean(value: Any) -> str:
    return str(value or "").replace(START, "").replace(STOP, "")
