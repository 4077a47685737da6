"""Where nkwatch keeps its data and how it reads global settings from the environment.

The settings themselves live in ``crawler.environment`` (the scheduler's crawl subprocess
reads them too, and may not import the CLI); this module keeps the CLI's names for them.
"""

from __future__ import annotations

from crawler.constants import BASE_URL as DEFAULT_BASE_URL
from crawler.environment import (
    BASE_URL_ENV,
    DB_ENV,
    default_base_url,
    default_db_path,
    default_db_url,
    redact_url,
)

__all__ = [
    "BASE_URL_ENV",
    "DB_ENV",
    "DEFAULT_BASE_URL",
    "default_base_url",
    "default_db_path",
    "default_db_url",
    "redact_url",
]
