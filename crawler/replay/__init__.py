"""Replay of the offline Daily NK copy: Scrapy middleware, HTTP server and page recorder."""

from __future__ import annotations
