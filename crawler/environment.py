"""Global settings read from the environment, and how a database URL is shown.

They live here, below the command line, so that every layer reads them the same way: the
CLI (``nkwatch/config.py`` re-exports them) and the scheduler's crawl subprocess
(``scheduler/crawl_job.py``, which takes its settings from the environment so a database
password never shows in ``ps``). Dependencies point one way: nkwatch -> scheduler ->
crawler -> store.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from platformdirs import user_data_path

from crawler.constants import BASE_URL

DB_ENV = "NKWATCH_DB"
BASE_URL_ENV = "NKWATCH_BASE_URL"


def default_db_path() -> Path:
    """The SQLite file used when neither --db nor NKWATCH_DB is given."""
    return user_data_path("nkwatch", appauthor=False) / "nkwatch.db"


def default_db_url() -> str:
    return os.environ.get(DB_ENV) or f"sqlite:///{default_db_path()}"


def default_base_url() -> str:
    return os.environ.get(BASE_URL_ENV) or BASE_URL


_PASSWORD_IN_URL = re.compile(
    r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)[^@/\s]*@"
)


def redact_url(url: str) -> str:
    """Hide the password of a database URL so it never reaches logs, errors or output."""
    return _PASSWORD_IN_URL.sub(r"\g<head>***@", url)
