"""The raw page item: the HTTP response an article's Report was parsed from.

The spider hands one to the store pipeline (``spider.raw_sink``, set when
``NKWATCH_KEEP_RAW`` is on) just before it yields the Report, and the pipeline saves it
with that Report, in the same transaction (``store.raw``). The
body is the one the parser read: what the server sent, after Scrapy undid the transfer
and content encodings (it then drops ``Content-Encoding``); the headers are the
response's, in the order received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.http import Response

#: The environment switch of raw-page keeping (``0``/``false``/``no``/``off`` turn it off).
KEEP_RAW_ENV = "NKWATCH_KEEP_RAW"
_OFF = frozenset({"0", "false", "no", "off"})


def keep_raw_default(environ: dict[str, str]) -> bool:
    """Raw pages are kept unless the environment turns it off."""
    return environ.get(KEEP_RAW_ENV, "1").strip().lower() not in _OFF


@dataclass(frozen=True, slots=True)
class RawPage:
    """One response, keyed by the URL of the Report parsed from it."""

    url: str
    request_url: str
    final_url: str
    status: int
    protocol: str | None
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime
    content_hash: str
    source: str = "crawl"

    def __repr__(self) -> str:
        # Short, for logs and test failures: not 100 KiB of HTML per page.
        return f"RawPage({self.final_url!r}, {self.status}, {len(self.body)} bytes)"

    @classmethod
    def of(cls, response: Response, url: str, content_hash: str) -> RawPage:
        return cls(
            url=url,
            request_url=response.request.url if response.request else response.url,
            final_url=response.url,
            status=response.status,
            protocol=getattr(response, "protocol", None),
            headers=tuple(_header_pairs(response.headers)),
            body=bytes(response.body),
            fetched_at=datetime.now(UTC),
            content_hash=content_hash,
        )

    def to_storage_dict(self) -> dict[str, Any]:
        """The dict ``Store.save_reports(raw_pages=...)`` takes (see ``store.raw``)."""
        return {
            "url": self.url,
            "request_url": self.request_url,
            "final_url": self.final_url,
            "status": self.status,
            "protocol": self.protocol,
            "headers": [list(pair) for pair in self.headers],
            "body": self.body,
            "fetched_at": self.fetched_at,
            "content_hash": self.content_hash,
            "source": self.source,
        }


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for value in values:
            text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            pairs.append((key, text))
    return pairs
