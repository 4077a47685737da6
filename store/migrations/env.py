"""Alembic environment: runs on the connection the store hands over (see store.schema).

Used from the command line too (``alembic -c store/migrations/alembic.ini …`` with
``NKWATCH_DB`` set), where it opens its own connection.
"""

from __future__ import annotations

import os
from typing import Any

from alembic import context

from store.engine import make_engine
from store.models import Base
from store.search import is_search_table

# Tables other programs keep in the same database: never autogenerate a DROP for them.
FOREIGN_TABLES = frozenset({"apscheduler_jobs"})


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    # The search index is made by its migration in each engine's own form (store.search).
    return not (type_ == "table" and (name in FOREIGN_TABLES or is_search_table(name)))


def run_migrations(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        compare_type=True,
        # SQLite cannot ALTER most things: later migrations rebuild tables in batch mode.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get(
        "NKWATCH_DB"
    )
    if not url:
        raise SystemExit("set NKWATCH_DB to the database URL")
    engine = make_engine(url)
    try:
        with engine.connect() as own_connection:
            run_migrations(own_connection)
            own_connection.commit()
    finally:
        engine.dispose()


main()
