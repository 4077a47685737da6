"""Shared test helpers: fixture paths and the PostgreSQL URL (tests skip without it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SITE = FIXTURES / "dailynk"
SEEDS = FIXTURES / "seeds"


@pytest.fixture
def pg_url() -> str:
    """The PostgreSQL test server's URL; skips the test on machines without one."""
    url = os.environ.get("NKWATCH_TEST_PG_URL")
    if not url:
        pytest.skip("NKWATCH_TEST_PG_URL is not set")
    return url
