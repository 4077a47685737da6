"""A local webhook receiver: records JSON POSTs, to try ``--notify`` without a real service.

``python -m scheduler.receiver [--port N]`` prints each notification it gets; the tests and
``bench/soak.py`` use ``Receiver`` in-process. It binds to 127.0.0.1 only. ``fail_next(n)``
makes it answer the next n requests with HTTP 500 (to exercise retries).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class Receiver:
    def __init__(self, port: int = 0) -> None:
        self.messages: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.attempts = 0
        self._failures_left = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/hook"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, count: int) -> None:
        with self._lock:
            self._failures_left = count

    def wait_for(self, count: int, timeout: float) -> list[dict[str, Any]]:
        """Wait until ``count`` messages arrived (or the timeout); return them all."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            return list(self.messages)

    def _record(self, body: bytes, headers: dict[str, str]) -> int:
        with self._changed:
            self.attempts += 1
            if self._failures_left > 0:
                self._failures_left -= 1
                return 500
            try:
                message = json.loads(body)
            except json.JSONDecodeError:
                return 400
            self.messages.append(message)
            self.headers.append(headers)
            self._changed.notify_all()
            return 204

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                status = receiver._record(self.rfile.read(length), dict(self.headers))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: the caller inspects .messages

        return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scheduler.receiver")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    with Receiver(args.port) as receiver:
        print(f"receiving on {receiver.url} (Ctrl-C to stop)", flush=True)  # noqa: T201
        seen = 0
        try:
            while True:
                messages = receiver.wait_for(seen + 1, timeout=1.0)
                for message in messages[seen:]:
                    print(json.dumps(message, indent=2, ensure_ascii=False), flush=True)  # noqa: T201
                seen = len(messages)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
