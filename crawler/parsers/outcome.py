"""The parser's "not an article" result: a value, not an exception."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NotAnArticle:
    """Why a page yielded no Report: one line, e.g. "listing page" or "404 page"."""

    reason: str

    def __str__(self) -> str:
        return self.reason
