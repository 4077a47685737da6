"""Parsers: Daily NK pages, feed items and REST posts -> Report (pure, no network)."""

from __future__ import annotations

from crawler.parsers.dailynk import parse_article
from crawler.parsers.outcome import NotAnArticle

__all__ = ["NotAnArticle", "parse_article"]
