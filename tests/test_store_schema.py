"""Schema management: new databases are created at head, old ones refused until upgraded."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from test_store_samples import (
    article_url,
    count_rows,
    fetch_rows,
    make_report,
    pg_schema_url,
)

from store import open_store
from store.engine import make_engine, parse_database_url, write_transaction
from store.errors import (
    BadDatabaseUrl,
    DatabaseUnavailable,
    SchemaOutdated,
    SchemaUnknown,
)
from store.models import Base
from store.schema import HEAD_REVISION, REVISIONS, alembic_config, upgrade_schema
from store.search import is_search_table


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.db"
        return
    with pg_schema_url(request.getfixturevalue("pg_url")) as url:
        yield url


def migrate_to(url: str, revision: str) -> None:
    engine = make_engine(url)
    with write_transaction(engine) as conn:
        command.upgrade(alembic_config(conn), revision)
    engine.dispose()


def _not_search_index(name: str | None, type_: str, _parents: object) -> bool:
    return not (type_ == "table" and is_search_table(name))


def version(url: str) -> str:
    return fetch_rows(url, "SELECT version_num FROM alembic_version")[0][0]


def test_revision_list_matches_the_migration_scripts() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    walked = [s.revision for s in scripts.walk_revisions()]  # head first
    assert tuple(reversed(walked)) == REVISIONS
    assert scripts.get_current_head() == HEAD_REVISION


def test_first_use_creates_the_sqlite_file_directory_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "nkwatch.db"
    open_store(f"sqlite:///{path}").close()
    assert path.exists()
    assert version(f"sqlite:///{path}") == HEAD_REVISION


def test_sqlite_is_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30000
    engine.dispose()


def test_migrations_create_exactly_the_models(db_url: str) -> None:
    open_store(db_url).close()
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            # The search index is not an ORM model: its migration makes it per engine.
            opts={"compare_type": True, "include_name": _not_search_index},
        )
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_autogenerate_leaves_the_apscheduler_table_alone(db_url: str) -> None:
    open_store(db_url).close()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE apscheduler_jobs (id VARCHAR(191) PRIMARY KEY)"
        )
    with engine.connect() as conn:
        # `alembic check` through our env.py: raises if it would autogenerate any change.
        command.check(alembic_config(conn))
    engine.dispose()


def test_a_store_can_be_created_where_apscheduler_already_made_its_table(
    db_url: str,
) -> None:
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE apscheduler_jobs (id VARCHAR(191) PRIMARY KEY)"
        )
    engine.dispose()
    open_store(db_url).close()
    assert version(db_url) == HEAD_REVISION
    assert count_rows(db_url, "apscheduler_jobs") == 0


def test_an_older_schema_is_refused_until_upgraded(db_url: str) -> None:
    migrate_to(db_url, REVISIONS[0])
    with pytest.raises(SchemaOutdated) as refused:
        open_store(db_url)
    assert (
        str(refused.value) == "database schema is out of date: run `nkwatch db upgrade`"
    )

    assert upgrade_schema(make_engine(db_url)) == (REVISIONS[0], HEAD_REVISION)
    with open_store(db_url) as store:
        store.set_state("k", 1)  # the table the second migration adds
        assert store.get_state("k") == 1


def test_an_upgrade_keeps_the_stored_reports(db_url: str) -> None:
    with open_store(db_url) as store:
        store.save_reports([make_report(1)])
    engine = make_engine(db_url)
    with write_transaction(engine) as conn:
        command.downgrade(alembic_config(conn), REVISIONS[0])
    upgrade_schema(engine)
    engine.dispose()
    with open_store(db_url) as store:
        assert store.known_urls([article_url(1)]) == {article_url(1)}


def test_a_schema_from_a_newer_nkwatch_is_refused(db_url: str) -> None:
    open_store(db_url).close()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(SchemaUnknown, match="9999"):
        open_store(db_url)


def test_a_foreign_reports_table_is_not_taken_over(db_url: str) -> None:
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE reports (id INTEGER PRIMARY KEY, x TEXT)")
    engine.dispose()
    with pytest.raises(SchemaUnknown, match="not made by nkwatch"):
        open_store(db_url)


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://user@host/db", "oracle+cx_oracle://h/db", ""],
)
def test_bad_database_urls_are_refused_in_one_line(url: str) -> None:
    with pytest.raises(BadDatabaseUrl) as refused:
        open_store(url)
    assert "\n" not in str(refused.value)


def test_postgres_spellings_use_the_installed_driver() -> None:
    for url in ("postgresql://u@h/db", "postgres://u@h/db"):
        assert parse_database_url(url).drivername == "postgresql+psycopg"


def test_an_sqlite_path_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(DatabaseUnavailable, match="cannot create the directory"):
        open_store(f"sqlite:///{blocker}/sub/nkwatch.db")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_directory_is_a_clear_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(DatabaseUnavailable, match=r"unable to open|readonly"):
            open_store(f"sqlite:///{locked}/nkwatch.db")
    finally:
        locked.chmod(0o700)


def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    # Port 1 on the loopback refuses at once; no network is involved.
    url = "postgresql+psycopg://nkwatch:s3cret-pw@127.0.0.1:1/nkwatch?connect_timeout=3"
    with pytest.raises(DatabaseUnavailable) as refused:
        open_store(url)
    message = str(refused.value)
    assert "s3cret-pw" not in message
    assert "127.0.0.1" in message
    assert "\n" not in message
