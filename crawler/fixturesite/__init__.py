"""The offline Daily NK English site: renders fixture specs and a synthetic archive into pages."""

from __future__ import annotations
