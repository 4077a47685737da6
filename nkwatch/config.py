"""Where nkwatch keeps its data and how it reads global settings from the environment."""

from __future__ import annotations

import os
import re
from pathlib import Path

from platformdirs import user_data_path

DEFAULT_BASE_URL = "https://www.dailynk.com/english/"
DB_ENV = "NKWATCH_DB"
BASE_URL_ENV = "NKWATCH_BASE_URL"
VERBOSE_ENV = "NKWATCH_VERBOSE"


def default_db_path() -> Path:
    """The SQLite file used when neither --db nor NKWATCH_DB is given."""
    return user_data_path("nkwatch", appauthor=False) / "nkwatch.db"


def default_db_url() -> str:
    return os.environ.get(DB_ENV) or f"sqlite:///{default_db_path()}"


def default_base_url() -> str:
    return os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


def default_verbosity() -> int:
    """NKWATCH_VERBOSE as a count of -v (0 when unset or not a number)."""
    value = os.environ.get(VERBOSE_ENV, "").strip()
    return int(value) if value.isdigit() else 0


def version() -> str:
    """The installed nkwatch's version."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("nkwatch")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


_PASSWORD_IN_URL = re.compile(
    r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)[^@/\s]*@"
)


def redact_url(url: str) -> str:
    """Hide the password of a database URL so it never reaches logs, errors or output."""
    return _PASSWORD_IN_URL.sub(r"\g<head>***@", url)
