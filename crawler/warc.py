"""WARC (ISO 28500) files of kept pages, written and read with warcio.

Writing: a ``warcinfo`` record, then one ``response`` record per raw page (the HTTP
status line, headers and body as received, ``WARC-Target-URI`` the final URL,
``WARC-Date`` the fetch time; warcio adds ``WARC-Payload-Digest`` and
``WARC-Block-Digest``). The body kept is the decoded one (Scrapy undid gzip and chunking),
so the headers that described the transfer are replaced by the body's real length:
a WARC reader would otherwise try to decode it again.

Reading: the HTML ``response`` (status 200) and ``resource`` records of any WARC, e.g.
from a web archive, as ``Capture`` objects for ``nkwatch import-warc``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import IO, Any

#: Headers that described the transfer, not the kept (decoded) body.
TRANSFER_HEADERS = frozenset(
    {"content-length", "content-encoding", "transfer-encoding"}
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
SOFTWARE = "nkwatch"


class WarcError(ValueError):
    """A file that is not a readable WARC; the message says why."""


@dataclass(frozen=True, slots=True)
class Capture:
    """One page from a WARC: what ``nkwatch import-warc`` parses."""

    url: str
    status: int
    protocol: str | None
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime


def write_warc(
    handle: IO[bytes], pages: Iterable[dict[str, Any]], filename: str
) -> int:
    """Write ``pages`` (``store.raw`` dicts) as a gzipped WARC; return the records written."""
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(handle, gzip=True)
    info = {
        "software": SOFTWARE,
        "format": "WARC File Format 1.0",
        "description": "Pages of Daily NK English kept by nkwatch, as fetched",
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))
    written = 0
    for page in pages:
        writer.write_record(response_record(writer, page))
        written += 1
    return written


def response_record(writer: Any, page: dict[str, Any]) -> Any:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.timeutils import datetime_to_iso_date

    body = page["body"]
    headers = [
        (name, value)
        for name, value in page["headers"]
        if name.lower() not in TRANSFER_HEADERS
    ]
    headers.append(("Content-Length", str(len(body))))
    status = int(page["status"])
    http = StatusAndHeaders(
        f"{status} {_reason(status)}",
        headers,
        protocol=page.get("protocol") or "HTTP/1.1",
    )
    fetched = page["fetched_at"]
    if isinstance(fetched, str):
        fetched = datetime.fromisoformat(fetched)
    warc_headers = {"WARC-Date": datetime_to_iso_date(fetched.astimezone(UTC))}
    return writer.create_warc_record(
        page["final_url"],
        "response",
        payload=io.BytesIO(body),
        length=None,
        http_headers=http,
        warc_headers_dict=warc_headers,
    )


def read_captures(handle: IO[bytes]) -> Iterator[Capture]:
    """The HTML pages of a WARC (plain or gzipped), in file order.

    Raises WarcError for a file that is not a WARC or breaks off.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    _check_magic(handle)
    try:
        # "raise": a payload that fails its recorded digest (a cut or damaged file) stops.
        for record in ArchiveIterator(handle, check_digests="raise"):
            capture = _capture(record)
            if capture is not None:
                yield capture
    except ArchiveLoadFailed as exc:
        raise WarcError(f"not a readable WARC: {_first_line(exc)}") from None
    except (OSError, EOFError, ValueError) as exc:  # zlib/gzip errors: a broken file
        raise WarcError(
            f"the WARC breaks off or is corrupt: {_first_line(exc)}"
        ) from None


def _check_magic(handle: IO[bytes]) -> None:
    """Refuse a file that does not start with a WARC record (warcio would guess on)."""
    import zlib

    start = handle.read(4096)
    handle.seek(0)
    if not start:
        raise WarcError("the file is empty")
    if start[:2] == b"\x1f\x8b":
        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(start, 64)
        except zlib.error as exc:
            raise WarcError(f"a broken gzip file: {exc}") from None
    if not start.startswith(b"WARC/"):
        raise WarcError("not a WARC file: it does not start with a WARC/1.x record")


def _capture(record: Any) -> Capture | None:
    from warcio.timeutils import iso_date_to_datetime

    kind = record.rec_type
    url = record.rec_headers.get_header("WARC-Target-URI")
    if kind not in ("response", "resource") or not url:
        return None
    date = record.rec_headers.get_header("WARC-Date")
    fetched = iso_date_to_datetime(date) if date else datetime.now(UTC)
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    if kind == "response":
        http = record.http_headers
        if http is None:  # a non-HTTP response (dns:, ...)
            return None
        status = int(http.get_statuscode() or 0)
        content_type = http.get_header("Content-Type") or ""
        headers = tuple((str(k), str(v)) for k, v in http.headers)
        protocol = http.protocol or None
    else:
        status, protocol = 200, None
        content_type = record.rec_headers.get_header("Content-Type") or ""
        headers = (("Content-Type", content_type),) if content_type else ()
    if status != HTTPStatus.OK or not content_type.lower().startswith(HTML_TYPES):
        return None
    # content_stream() undoes chunking and gzip the archive may have kept.
    body = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0):  # fewer bytes than the record declared
        raise WarcError(f"the WARC breaks off in the record of {url}")
    return Capture(url, status, protocol, headers, body, fetched)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
