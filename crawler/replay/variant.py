"""A page variant for the fixture server: the site's page with some bytes replaced.

``server.faults[path] = PageVariant({b"old": b"new"})`` serves the path's page edited (an
article the site revised after publication); with no replacements it serves the page as
is. Either way it keeps every body it sent in ``sent``, so a test can compare what the
crawler stored with exactly what went over the wire.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.replay.server import FixtureHandler


class PageVariant:
    """A fault (in ``crawler.replay.server``'s sense) that answers with an edited page."""

    def __init__(self, replacements: Mapping[bytes, bytes] | None = None) -> None:
        self.replacements = dict(replacements or {})
        self.sent: list[bytes] = []
        self._lock = threading.Lock()

    def __call__(self, handler: FixtureHandler) -> None:
        answer = handler.site_answer()
        if answer is None:
            return
        body = answer.body
        for old, new in self.replacements.items():
            if old not in body:
                raise ValueError(f"the page has no {old[:40]!r} to replace")
            body = body.replace(old, new)
        edited = replace(answer, body=body)
        with self._lock:
            self.sent.append(body)
        handler.send_site_answer(edited, head=handler.command == "HEAD")
