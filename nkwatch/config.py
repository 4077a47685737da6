"""Where nkwatch keeps its data and how it reads global settings from the environment.

The settings themselves live in ``crawler.environment`` (the scheduler's crawl subprocess
reads them too, and may not import the CLI); this module keeps the CLI's names for them.
"""

from __future__ import annotations

import os

from crawler.constants import BASE_URL as DEFAULT_BASE_URL
from crawler.environment import (
    BASE_URL_ENV,
    DB_ENV,
    default_base_url,
    default_db_path,
    default_db_url,
    redact_url,
)

VERBOSE_ENV = "NKWATCH_VERBOSE"


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


__all__ = [
    "BASE_URL_ENV",
    "DB_ENV",
    "DEFAULT_BASE_URL",
    "VERBOSE_ENV",
    "default_base_url",
    "default_db_path",
    "default_db_url",
    "default_verbosity",
    "redact_url",
    "version",
]
