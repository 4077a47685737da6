"""Running the app with uvicorn: bind first (a clear error if the port is taken), then serve.

``nkwatch serve`` runs it in the foreground; ``nkwatch schedule --serve`` in a thread
beside the crawl service (uvicorn installs no signal handlers outside the main thread, so
the service's own SIGTERM handling still stops everything).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from typing import Any

from nkwatch.errors import UsageError, UserError

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """What to tell the user when the pages can be reached from other machines."""
    if is_loopback(host):
        return None
    return (
        f"warning: serving on {host}, reachable from other machines; the pages and API "
        "show everything in the store to anyone who can connect (use --host 127.0.0.1 "
        "to keep it on this machine)"
    )


def check_port(port: int) -> int:
    if not 0 <= port <= 65535:
        raise UsageError(f"--port: {port} is not a port number (0-65535)")
    return port


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or a UserError saying why there cannot be one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UserError(f"cannot listen on {host}: {exc.strerror or exc}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def make_server(app: Any, *, verbose: int = 0) -> Any:
    import uvicorn

    config = uvicorn.Config(
        app,
        log_level="info" if verbose else "warning",
        access_log=verbose > 1,
        server_header=False,
        proxy_headers=False,
        lifespan="off",
    )
    return uvicorn.Server(config)


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class BackgroundServer:
    """The web server in a daemon thread; ``stop()`` ends it and waits."""

    def __init__(self, app: Any, sock: socket.socket, *, verbose: int = 0) -> None:
        self.sock = sock
        self.server = make_server(app, verbose=verbose)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, name="web", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout_s)
        self.sock.close()
