"""The store's public face: ``open_store(url)`` and the ``Store`` the crawler and CLI call.

Every method runs in its own transaction: a batch is saved whole or not at all. Methods
take and return plain dicts (the Report JSON contract), never ORM objects, so callers
need no SQLAlchemy. Dates given back are ISO strings: reports in the site's zone
(+09:00), store timestamps (first_seen_at, runs, failures) in UTC.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Self, TypeVar

from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError

from store import (
    history,
    labels,
    locks,
    notifications,
    queries,
    raw,
    reparsing,
    rescoring,
    robots,
    runs,
    saving,
    state,
    trends,
)
from store.engine import (
    display_path,
    make_engine,
    read_transaction,
    safe_url,
    write_transaction,
)
from store.errors import DatabaseMissing, DatabaseUnavailable, StoreError
from store.readonly import make_read_only
from store.saving import SaveResult
from store.schema import check_revision, current_revision, ensure_schema
from store.search_query import SearchQuery, parse_query

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

logger = logging.getLogger(__name__)

T = TypeVar("T")

# PostgreSQL may abort one of two transactions that wait on each other (deadlock, or a
# serialization failure); the whole batch is then simply run again.
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})
_WRITE_ATTEMPTS = 3


def open_store(
    url: str,
    *,
    clock: Callable[[], datetime] | None = None,
    read_only: bool = False,
) -> Store:
    """Open the database at ``url``, creating and migrating it on first use.

    Raises ``store.errors.BadDatabaseUrl`` for a malformed or unsupported URL,
    ``DatabaseUnavailable`` when it cannot be opened/reached/written, ``SchemaOutdated``
    when it needs ``nkwatch db upgrade``, and ``SchemaUnknown`` when it is not ours.
    ``read_only`` (query commands, the web server): nothing is created, a SQLite file is
    opened read-only (a missing one raises ``DatabaseMissing``) and every connection
    refuses writes.
    """
    engine = make_engine(url, read_only=read_only)
    try:
        with translate_errors(engine):
            if read_only:
                make_read_only(engine)
                require_schema(engine)
            else:
                ensure_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, clock=clock)


def require_schema(engine: Engine) -> None:
    """For read-only use: the database must already be at head; nothing is created."""
    with read_transaction(engine) as conn:
        revision = current_revision(conn)
    if revision is None:
        raise DatabaseMissing(
            f"database {safe_url(engine.url)} holds no nkwatch data yet "
            "(run `nkwatch crawl` first)"
        )
    check_revision(revision)


@contextmanager
def translate_errors(engine: Engine) -> Iterator[None]:
    """Turn driver errors (server down, file unwritable, lock timeout) into StoreErrors."""
    try:
        yield
    except OperationalError as exc:
        reason = _first_line(exc)
        raise DatabaseUnavailable(f"database {safe_url(engine.url)}: {reason}") from exc
    except DatabaseError as exc:
        if engine.dialect.name == "sqlite" and "not a database" in _first_line(exc):
            raise DatabaseUnavailable(
                f"{display_path(engine.url)} is not an SQLite database "
                "(damaged, or another kind of file): check --db"
            ) from exc
        raise


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__


class Store:
    """Reports, revisions, crawl runs, fetch failures and locks in one database."""

    def __init__(
        self, engine: Engine, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        self._engine = engine
        self._clock = clock or _utcnow

    @property
    def url(self) -> str:
        """The database URL with the password hidden."""
        return safe_url(self._engine.url)

    @property
    def engine(self) -> Engine:
        """The store's engine, for a job store that shares its pool (one connection)."""
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- reports ---------------------------------------------------------------------

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Which of these URLs are stored (batched indexed IN queries)."""
        return self._read(queries.known_urls, list(urls))

    def save_reports(
        self,
        reports: Sequence[Mapping[str, Any]],
        run_id: int | None = None,
        raw_pages: Sequence[Mapping[str, Any]] = (),
    ) -> SaveResult:
        """Save a batch of ``Report.to_storage_dict()`` dicts in one transaction.

        New URLs are inserted (the unique key decides, atomically); known URLs with a
        different ``content_hash`` get a revision and show the new version; the same hash
        only moves ``last_seen_at``. Stored URLs leave ``fetch_failures``. The whole batch
        is validated first: an ``InvalidReport`` writes nothing. ``raw_pages`` (see
        ``store.raw``) are kept in the same transaction, one per report version.
        """
        now = self._clock()

        def work(conn: Connection) -> SaveResult:
            result = saving.save_reports(conn, reports, now, run_id)
            raw.keep_pages(conn, raw_pages, run_id)
            return result

        return self._write(work)

    def query_reports(
        self,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        agency: str | Sequence[str] | None = None,
        province: str | Sequence[str] | None = None,
        law_enforcement_only: bool = True,
        limit: int | None = None,
        possible: bool = False,
        search: str | SearchQuery | None = None,
        offset: int = 0,
        seen_since: date | datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Reports newest first by published_at, as Report dicts plus id/first_seen_at/last_seen_at.

        ``since``/``until`` are inclusive; a ``date`` means that whole day in site time
        (+09:00). ``agency`` is an agency id (``state_security``) or several (any of them
        matches), ``province`` likewise, matched case-insensitively, with or without
        "Province". ``seen_since``: first stored at or after that moment (a date: that
        day's start in site time). ``possible`` adds reports in the classifier's
        "possible" band. User labels win over the classifier (store/labels.py).
        ``search`` (see store.search_query) keeps the reports whose text matches, best
        match first, each with a ``snippet``; a query that cannot be searched raises
        ``BadSearchQuery``.
        """
        return list(
            self.iter_reports(
                since=since,
                until=until,
                agency=agency,
                province=province,
                law_enforcement_only=law_enforcement_only,
                limit=limit,
                possible=possible,
                search=search,
                offset=offset,
                seen_since=seen_since,
            )
        )

    def iter_reports(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Like ``query_reports`` but streamed (for exports of the whole store)."""
        filters = _parsed_search(filters)
        with translate_errors(self._engine), read_transaction(self._engine) as conn:
            yield from queries.iter_reports(conn, **filters)

    def count_reports(self, **filters: Any) -> int:
        """How many reports ``query_reports`` gives with these filters (no limit/offset)."""
        filters = _parsed_search(filters)
        return self._read(lambda conn: queries.count_reports(conn, **filters))

    def report_facts(self, law_enforcement_only: bool = True) -> list[dict[str, Any]]:
        """Date, agencies, provinces and amounts of every report, oldest first (for charts)."""
        return self._read(
            lambda conn: list(
                trends.report_facts(conn, law_enforcement_only=law_enforcement_only)
            )
        )

    def get_report(self, ref: str | int) -> dict[str, Any] | None:
        """One report by id or URL (http/https and a missing trailing slash are forgiven)."""
        return self._read(queries.get_report, ref)

    def has_reports(self) -> bool:
        return self._read(queries.has_reports)

    def recent_urls(self, days: int, now: datetime | None = None) -> list[str]:
        """URLs of reports published in the last ``days`` days (for ``--refresh-days``)."""
        return self._read(queries.recent_urls, days, now or self._clock())

    # -- raw pages and versions ------------------------------------------------------

    def report_versions(
        self, ref: str | int
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """A report (by id or URL) and its versions, oldest first (see ``store.history``)."""

        def query(
            conn: Connection,
        ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
            report = queries.get_report(conn, ref)
            return report, history.versions(conn, report["id"]) if report else []

        return self._read(query)

    def known_versions(self, urls: Iterable[str]) -> set[tuple[str, str]]:
        """(url, content_hash) of every version stored of these URLs (current or past)."""
        return self._read(raw.known_versions, list(urls))

    def raw_page(self, page_id: int) -> dict[str, Any] | None:
        """One kept HTTP response, body decompressed (bytes as received)."""
        return self._read(raw.raw_page, page_id)

    def iter_raw_pages(self, report_ids: Sequence[int]) -> Iterator[dict[str, Any]]:
        """The kept responses of these reports, streamed."""
        with translate_errors(self._engine), read_transaction(self._engine) as conn:
            yield from raw.iter_pages(conn, report_ids)

    def current_raw_pages(
        self, since: date | datetime | None = None
    ) -> list[tuple[int, str]]:
        """(report id, URL) of the reports with a kept page, published since ``since``."""
        return self._read(reparsing.candidates, _site_start(since))

    def reparse_report(
        self,
        report_id: int,
        parse: Callable[[bytes, str], Mapping[str, Any] | None],
        *,
        dry_run: bool = False,
    ) -> str:
        """Rebuild one report from its current raw page with ``parse`` (bytes, URL ->
        storage dict or None): "revised", "updated", "unchanged" or "unparsed"."""
        now = self._clock()
        if dry_run:
            return self._read(reparsing.reparse_report, report_id, parse, now, True)
        return self._write(
            lambda conn: reparsing.reparse_report(conn, report_id, parse, now)
        )

    def prune_raw(self, before: datetime, *, dry_run: bool = False) -> tuple[int, int]:
        """Delete raw pages fetched before ``before``: (pages, compressed bytes)."""
        if dry_run:
            return self._read(raw.prune, before, True)
        return self._write(lambda conn: raw.prune(conn, before))

    def raw_totals(self) -> dict[str, int]:
        """Raw pages kept, their bytes as received and as stored."""
        return self._read(raw.totals)
    # -- labels and rescoring --------------------------------------------------------

    def set_label(
        self, url: str, law_enforcement: bool, note: str | None = None
    ) -> None:
        """Label an article by its URL, stored or not yet (then as ``canonical_url`` writes it)."""
        now = self._clock()
        self._write(
            lambda conn: labels.set_label(conn, url, law_enforcement, note, now)
        )

    def clear_label(self, url: str) -> bool:
        """Remove an article's label; False if it had none."""
        return self._write(lambda conn: labels.clear_label(conn, url))

    def labels(self) -> list[dict[str, Any]]:
        """Every label: report id, url, title, published_at, the label, the classifier's verdict."""
        return self._read(labels.list_labels)

    def iter_stored_topics(
        self, since: date | datetime | None = None
    ) -> Iterator[dict[str, Any]]:
        """The classifier's view of stored reports (labels not applied), oldest first."""
        with translate_errors(self._engine), read_transaction(self._engine) as conn:
            yield from rescoring.iter_stored(conn, since)

    def rescore_reports(self, rescored: Sequence[Mapping[str, Any]]) -> int:
        """Store new ``{"id", "topic", "entities"}`` of reports in one transaction; return how many."""
        wanted = list(rescored)
        return self._write(lambda conn: rescoring.store_rescored(conn, wanted))

    # -- crawl runs and failures -----------------------------------------------------

    def start_run(self, trigger: str) -> int:
        """Record a crawl start ("scheduled" | "manual" | "replay"); its outcome is "running"."""
        now = self._clock()
        return self._write(lambda conn: runs.start_run(conn, trigger, now))

    def finish_run(
        self,
        run_id: int,
        outcome: str,
        *,
        requests: int = 0,
        new: int = 0,
        revised: int = 0,
        unchanged: int = 0,
        failed: int = 0,
        error: str | None = None,
    ) -> None:
        """Record how a run ended: "ok" | "failed" | "interrupted" | "partial", with counts."""
        now = self._clock()
        counts = {
            "requests": requests,
            "new": new,
            "revised": revised,
            "unchanged": unchanged,
            "failed": failed,
        }
        self._write(
            lambda conn: runs.finish_run(conn, run_id, outcome, now, counts, error)
        )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest crawl runs first, as JSON-ready dicts."""
        return self._read(runs.runs, limit)

    def last_run(self, outcome: str | None = None) -> dict[str, Any] | None:
        """The latest run (with that outcome, if given), or None."""
        found = self._read(runs.runs, 1, outcome)
        return found[0] if found else None

    def record_failure(
        self,
        url: str,
        reason: str,
        run_id: int | None = None,
        kind: str = "transient",
    ) -> str:
        """Remember that ``url`` failed ("transient" | "permanent"); return the kind kept.

        Attempts += 1 if it failed before; a transient failure that failed too often is kept
        as "given_up" (see store/runs.py for the back-off).
        """
        now = self._clock()
        return self._write(
            lambda conn: runs.record_failure(conn, url, reason, now, run_id, kind)
        )

    def clear_failures(self, urls: Iterable[str] | None) -> int:
        """Forget failures of these URLs (None: all); return how many were forgotten.

        ``save_reports`` already does it for what it stores.
        """
        wanted = None if urls is None else list(urls)
        return self._write(lambda conn: runs.clear_failures(conn, wanted))

    def failed_urls(
        self, limit: int | None = None, *, recheck: bool = False
    ) -> list[str]:
        """URLs due for a retry this run (every failed one with ``recheck``), longest-waiting first."""
        return self._read(runs.failed_urls, limit, self._clock(), recheck)

    def settled_urls(self, urls: Iterable[str]) -> set[str]:
        """Those of ``urls`` whose failure verdict says not to request them now."""
        return self._read(runs.settled_urls, list(urls), self._clock())

    def failures(self) -> list[dict[str, Any]]:
        """Every recorded failure: url, reason, kind, attempts, first_failed_at,
        last_attempt_at, next_attempt_at (None: given up), run_id."""
        return self._read(runs.failures)

    # -- kept notifications (failed deliveries, resent later) ------------------------

    def keep_notification(self, **message: Any) -> int:
        """Keep a message no target accepted (see store.notifications.keep)."""
        now = self._clock()
        return self._write(lambda conn: notifications.keep(conn, now=now, **message))

    def kept_notifications(self, target_key: str, limit: int = 20) -> list[dict[str, Any]]:
        """This target's messages still to resend, oldest first."""
        return self._read(notifications.pending, target_key, limit)

    def notification_delivered(self, kept_id: int) -> None:
        self._write(lambda conn: notifications.delivered(conn, kept_id))

    def notification_failed(self, kept_id: int, error: str, max_attempts: int) -> bool:
        """One more failed resend; True when it was the last allowed (given up)."""
        now = self._clock()
        return self._write(
            lambda conn: notifications.failed_again(
                conn, kept_id, error, now, max_attempts
            )
        )

    def undelivered_notifications(self) -> dict[str, Any]:
        """{pending, given_up, oldest_pending} for ``nkwatch status``."""
        return self._read(notifications.undelivered)

    # -- locks and crawler state -----------------------------------------------------

    def acquire_lock(self, name: str, owner: str, ttl_s: float) -> bool:
        """Take the named lock for ``ttl_s`` seconds; True if free, expired or already ours."""
        now = self._clock()
        return self._write(
            lambda conn: locks.acquire_lock(conn, name, owner, ttl_s, now)
        )

    def refresh_lock(self, name: str, owner: str, ttl_s: float) -> bool:
        """Extend our lock to now + ``ttl_s``; False if we lost it."""
        now = self._clock()
        return self._write(
            lambda conn: locks.refresh_lock(conn, name, owner, ttl_s, now)
        )

    def release_lock(self, name: str, owner: str) -> bool:
        """Release our lock; False if we did not hold it."""
        return self._write(lambda conn: locks.release_lock(conn, name, owner))

    def lock_holder(self, name: str) -> dict[str, Any] | None:
        """Who holds the named lock now: {owner, acquired_at, expires_at}, or None."""
        return self._read(locks.lock_holder, name, self._clock())

    def lock_owner(self, name: str) -> str | None:
        """The owner of the named lock if it is held (unexpired), else None."""
        holder = self.lock_holder(name)
        return holder["owner"] if holder else None

    def get_state(self, key: str) -> Any:
        """A value the crawler kept under ``key`` (JSON types), or None."""
        return self._read(state.get_state, key)

    def set_state(self, key: str, value: Any) -> None:
        """Keep a JSON-ready value under ``key`` (None deletes it)."""
        now = self._clock()
        self._write(lambda conn: state.set_state(conn, key, value, now))

    def get_robots(self, origin: str) -> dict[str, Any] | None:
        """robots.txt kept for ``origin`` ("https://host"): status, body, fetched_at."""
        return self._read(robots.get_robots, origin)

    def keep_robots(
        self, origin: str, status: int, body: str, fetched_at: datetime | None = None
    ) -> None:
        """Keep a robots.txt answer for reuse (``fetched_at`` defaults to now)."""
        now = fetched_at or self._clock()
        self._write(lambda conn: robots.keep_robots(conn, origin, status, body, now))

    def forget_robots(self, origin: str) -> None:
        now = self._clock()
        self._write(lambda conn: robots.forget_robots(conn, origin, now))

    # -- transactions ----------------------------------------------------------------

    def _read(self, query: Callable[..., T], *args: Any) -> T:
        with translate_errors(self._engine), read_transaction(self._engine) as conn:
            return query(conn, *args)

    def _write(self, work: Callable[[Connection], T]) -> T:
        for attempt in range(1, _WRITE_ATTEMPTS + 1):
            try:
                with (
                    translate_errors(self._engine),
                    write_transaction(self._engine) as conn,
                ):
                    return work(conn)
            except DatabaseUnavailable as exc:
                if attempt == _WRITE_ATTEMPTS or not _is_transient(exc.__cause__):
                    raise
                logger.info("retrying a write after %s (attempt %d)", exc, attempt)
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")  # pragma: no cover


def _parsed_search(filters: dict[str, Any]) -> dict[str, Any]:
    search = filters.get("search")
    if isinstance(search, str):
        return {**filters, "search": parse_query(search)}
    return filters


def _is_transient(exc: BaseException | None) -> bool:
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return isinstance(exc, DBAPIError) and sqlstate in _RETRY_SQLSTATES


def _site_start(since: date | datetime | None) -> datetime | None:
    """A ``date`` means its first moment in site time (+09:00), as in ``query_reports``."""
    if since is None or isinstance(since, datetime):
        return since
    from crawler.constants import KST

    return datetime(since.year, since.month, since.day, tzinfo=KST)


def _utcnow() -> datetime:
    return datetime.now(UTC)


__all__ = ["SaveResult", "Store", "StoreError", "open_store"]
