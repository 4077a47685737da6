"""A real HTTP server for the fixture site on 127.0.0.1, with control endpoints for tests.

``serve_in_thread(site)`` serves ``site.respond`` at the real site's paths, rewriting the
real site's absolute links to the server itself, answers conditional requests with 304,
and keeps an in-memory log of the requests it served. Control endpoints (not on the real
site) live under ``/__nkwatch/``:

- ``POST /__nkwatch/publish``: reveal the next held-back article,
  ``{"published": url | null, "held_back": n}`` (the URL is the local one);
- ``GET /__nkwatch/requests``: ``[{"method", "path", "status", "bytes"}, ...]``;
- ``POST /__nkwatch/reset-log``: empty that log;
- ``GET /__nkwatch/state``: articles visible and held back.

Per-path faults (``server.faults[path] = fault``) are consulted before the site: a fault is
a callable that takes the request handler and answers (or breaks) the exchange itself,
with the handler's ``site_answer``, ``send_site_answer``, ``send`` and ``log_broken``;
``crawler.replay.faults`` is the catalogue.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any
from urllib.parse import urlsplit

from crawler.replay.conditional import not_modified
from crawler.replay.reply import Reply, page_headers
from crawler.replay.rewrite import LinkRewriter

logger = logging.getLogger(__name__)

CONTROL_PREFIX = "/__nkwatch/"
#: Requests kept in the in-memory log; older ones are dropped (a long-running server
#: must not grow without bound).
LOG_LIMIT = 100_000
#: Control requests carry no meaningful body; a larger one closes the connection.
MAX_CONTROL_BODY = 64 * 1024

Fault = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    method: str
    path: str
    status: int
    bytes: int


class FixtureServer(ThreadingHTTPServer):
    """Serves one ``Site`` (anything with ``respond``, ``publish_next``, ``held_back``,
    ``article_urls``); ``origin`` is ``http://HOST:PORT``, ``base_url`` its ``/english/``."""

    daemon_threads = True  # idle keep-alive connections must not block shutdown

    def __init__(
        self,
        site: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        log_stream: IO[str] | None = None,
    ) -> None:
        super().__init__((host, port), FixtureHandler)
        self.site = site
        link_host = "127.0.0.1" if host in ("", "0.0.0.0") else host  # noqa: S104
        self.origin = f"http://{link_host}:{self.server_address[1]}"
        self.base_url = f"{self.origin}/english/"
        self.rewriter = LinkRewriter(self.origin)
        self.faults: dict[str, Fault] = {}
        self.log_stream = log_stream
        # Site is not thread-safe: a publish must not interleave with a listing render.
        self._site_lock = threading.Lock()
        self._log: deque[LoggedRequest] = deque(maxlen=LOG_LIMIT)
        self._log_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def respond(self, path: str) -> Reply:
        with self._site_lock:
            answer = self.site.respond(path)
        return Reply(answer.status, answer.headers, answer.body)

    def publish_next(self) -> str | None:
        """Reveal the next held-back article; return its local URL, or None if none left."""
        with self._site_lock:
            url = self.site.publish_next()
        return None if url is None else self.rewriter.text(url)

    def held_back_count(self) -> int:
        with self._site_lock:
            return len(self.site.held_back)

    def state(self) -> dict[str, Any]:
        with self._site_lock:
            visible, held_back = list(self.site.article_urls), list(self.site.held_back)
        return {
            "base_url": self.base_url,
            "articles": len(visible),
            "held_back": len(held_back),
            "held_back_urls": [self.rewriter.text(url) for url in held_back],
            "requests": len(self._log),
        }

    @property
    def requests(self) -> list[LoggedRequest]:
        """The requests served so far (control endpoints excluded), oldest first."""
        with self._log_lock:
            return list(self._log)

    def reset_log(self) -> int:
        with self._log_lock:
            count = len(self._log)
            self._log.clear()
        return count

    def log_request_line(self, entry: LoggedRequest, *, control: bool = False) -> None:
        if not control:
            with self._log_lock:
                self._log.append(entry)
        if self.log_stream is not None:
            line = f"{entry.method} {entry.path} {entry.status} {entry.bytes}\n"
            self.log_stream.write(line)
            self.log_stream.flush()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line instead of the stdlib's traceback on stderr (the traceback goes to debug)."""
        error = sys.exc_info()[1]
        logger.debug("error serving %s", client_address, exc_info=error)
        if self.log_stream is not None:
            self.log_stream.write(f"error serving {client_address[0]}: {error!r}\n")
            self.log_stream.flush()

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.05},  # shutdown() waits up to one interval
            name="fixture-server",
            daemon=True,
        )
        self._thread.start()

    def shutdown(self) -> None:
        """Stop serving, close the socket and wait for the serving thread."""
        if self._thread is not None:
            super().shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()


class FixtureHandler(BaseHTTPRequestHandler):
    server: FixtureServer
    protocol_version = "HTTP/1.1"  # keep-alive: crawlers reuse connections
    server_version = "nkwatch-fixtures"
    timeout = 30  # seconds an idle keep-alive connection is kept
    # Headers and body go out in separate writes; with Nagle's algorithm on, each
    # keep-alive response then waits ~40 ms for the client's delayed ACK.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    def do_POST(self) -> None:
        self._discard_request_body()
        if self._path().startswith(CONTROL_PREFIX):
            self._control("POST")
        else:
            self._send(405, {"Allow": "GET, HEAD"}, b"")

    def log_message(self, format: str, *args: Any) -> None:
        # Errors the stdlib reports itself (bad request lines); served requests are
        # logged once, by log_request_line.
        if self.server.log_stream is not None:
            self.server.log_stream.write(format % args + "\n")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silenced: each request is logged by ``_send`` with the bytes actually sent."""

    def _path(self) -> str:
        # A client speaking to us as a proxy sends an absolute URI: keep path and query.
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return self.path

    def _dispatch(self, *, head: bool) -> None:
        path = self._path()
        if path.startswith(CONTROL_PREFIX):
            self._control("HEAD" if head else "GET")
            return
        fault = self.server.faults.get(path)
        if fault is not None:
            fault(self)
            return
        self.send_site_answer(head=head)

    def site_answer(self) -> Reply | None:
        """The site's answer to this request, links rewritten; None after a 500 was sent."""
        try:
            answer = self.server.respond(self._path())
        # A Site bug must not kill the connection without a status: answer 500.
        except Exception:  # noqa: BLE001
            self.server.handle_error(self.request, self.client_address)
            self._send(500, {"Content-Type": "text/plain"}, b"fixture site error\n")
            return None
        rewriter = self.server.rewriter
        headers = rewriter.headers(page_headers(answer.headers))
        content_type = next(
            (v for k, v in headers.items() if k.lower() == "content-type"), None
        )
        return Reply(answer.status, headers, rewriter.body(content_type, answer.body))

    def send_site_answer(
        self, answer: Reply | None = None, *, head: bool = False
    ) -> None:
        """Send ``answer`` (default: the site's own), or 304 when the client has it."""
        answer = answer or self.site_answer()
        if answer is None:
            return
        headers = dict(answer.headers)
        if answer.status == 200 and not_modified(self.headers, headers):
            self._send(304, headers, b"", has_body=False)
            return
        self._send(answer.status, headers, answer.body, head=head)

    def send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        """Answer with exactly this status, headers and body (Content-Length added)."""
        self._send(status, headers, body, head=self.command == "HEAD")

    def log_broken(self, status: int, sent: int) -> None:
        """Log an exchange a fault broke (``status`` 0: no status line was sent)."""
        self.close_connection = True
        entry = LoggedRequest(self.command, self._path(), status, sent)
        self.server.log_request_line(entry)

    def _control(self, method: str) -> None:
        name = self._path()[len(CONTROL_PREFIX) :].split("?", 1)[0]
        handlers: dict[tuple[str, str], Callable[[], Any]] = {
            ("POST", "publish"): self._publish,
            ("GET", "requests"): lambda: [asdict(r) for r in self.server.requests],
            ("POST", "reset-log"): lambda: {"cleared": self.server.reset_log()},
            ("GET", "state"): self.server.state,
        }
        handler = handlers.get((method.replace("HEAD", "GET"), name))
        if handler is not None:
            self._send_json(200, handler(), head=method == "HEAD")
        elif any(key[1] == name for key in handlers):
            self._send_json(405, {"error": f"{method} not allowed on {name}"})
        else:
            self._send_json(404, {"error": f"no control endpoint {name!r}"})

    def _publish(self) -> dict[str, Any]:
        url = self.server.publish_next()
        return {"published": url, "held_back": self.server.held_back_count()}

    def _send_json(self, status: int, payload: Any, *, head: bool = False) -> None:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "Cache-Control": "no-store"}
        self._send(status, headers, body, head=head, control=True)

    def _send(
        self,
        status: int,
        headers: dict[str, str],
        body: bytes,
        *,
        head: bool = False,
        has_body: bool = True,
        control: bool = False,
    ) -> None:
        # Logged before sending: a client that has its answer must find it in the log.
        sent = 0 if head or not has_body else len(body)
        entry = LoggedRequest(self.command, self._path(), status, sent)
        self.server.log_request_line(entry, control=control)
        try:
            self.send_response_only(status)
            self.send_header("Date", self.date_time_string())
            for name, value in headers.items():
                self.send_header(name, value)
            if has_body:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and has_body:
                self.wfile.write(body)
        except ConnectionError:  # the client went away: nothing left to answer
            self.close_connection = True

    def _discard_request_body(self) -> None:
        length = self.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_CONTROL_BODY:
            self.close_connection = (
                True  # can't skip it safely: don't reuse the connection
            )
        elif int(length):
            self.rfile.read(int(length))


def serve_in_thread(
    site: Any,
    port: int = 0,
    *,
    host: str = "127.0.0.1",
    log_stream: IO[str] | None = None,
) -> tuple[FixtureServer, str]:
    """Start serving ``site`` in a daemon thread; return the server and its ``/english/`` URL.

    Call ``server.shutdown()`` when done. ``port=0`` picks a free port.
    """
    server = FixtureServer(site, host, port, log_stream=log_stream)
    server.start()
    return server, server.base_url
