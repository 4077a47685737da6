"""Per-path faults for the fixture server: the site's bad days, on demand.

A fault takes over one path of ``FixtureServer`` (``server.faults[path] = fault``). It is
written ``KIND[:ARG][*N]``: ``*N`` limits it to the first N requests of the path, after
which the path answers normally again (a transient fault); without it the fault is
permanent. Kinds:

- ``500``, ``502``, ``503``, ``404``, ``410`` (any 4xx/5xx): that status, a short body;
  ``429[:SECONDS]`` adds ``Retry-After: SECONDS`` (default 1);
- ``timeout[:SECONDS]``: say nothing for SECONDS (default 10), then hang up;
- ``reset``: close the connection with a TCP reset before answering;
- ``truncate[:FRACTION]``: the page with its full Content-Length, but only FRACTION
  (default 0.5) of the body, then hang up;
- ``content-type:VALUE``: the page labelled VALUE (``none``: no Content-Type at all);
- ``oversize[:BYTES]``: the page padded to BYTES (default 9 MiB, above the 8 MiB cap);
- ``bad-utf8``: the page with invalid UTF-8 bytes in its text, still labelled UTF-8;
- ``charset:NAME``: the page's UTF-8 bytes labelled as charset NAME (mojibake);
- ``redirect-loop``: 302 to the path itself, forever;
- ``redirect:URL``: 302 to URL (off the site when URL is elsewhere);
- ``no-body``: the page without its paragraphs (an article whose layout lost its body);
- ``no-links``: the page without links to articles (a listing that yields none);
- ``links:URL|URL...``: the page with these extra links (hostile schemes, other hosts).
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from crawler.replay.reply import Reply
    from crawler.replay.server import FixtureHandler

#: The body cap the default ``oversize`` exceeds (crawler.settings.DOWNLOAD_MAXSIZE).
DEFAULT_OVERSIZE = 9 * 1024 * 1024
#: Bytes that are never valid in UTF-8: a lone continuation byte and two impossible ones.
INVALID_UTF8 = b"\x80\xfe\xff"
#: What ``no-body`` removes: the content blocks of the site's layouts, and every paragraph.
NO_BODY_SELECTORS = (
    ".td-post-content, .tdb_single_content, article, .entry-content,"
    " [itemprop=articleBody], p"
)
_ANCHOR = re.compile(rb"<a\b[^>]*?href=[\"']([^\"']*)[\"'][^>]*>.*?</a>", re.DOTALL)
_TEXT_RUN = re.compile(rb">([A-Za-z][^<]{20,})<")


class FaultError(ValueError):
    """A fault spec that cannot be understood; the message says which and why."""

    def __init__(self, spec: str, why: str) -> None:
        super().__init__(f"bad fault {spec!r}: {why}")


@dataclass(slots=True)
class Fault:
    """One path's misbehaviour; ``times`` None means every request, else the first N."""

    kind: str
    arg: str | None = None
    times: int | None = None
    served: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, handler: FixtureHandler) -> None:
        with self._lock:
            self.served += 1
            active = self.times is None or self.served <= self.times
        if active:
            ACTIONS[_action_name(self.kind)](handler, self)
        else:
            handler.send_site_answer(head=handler.command == "HEAD")


def parse_fault(spec: str) -> Fault:
    """``KIND[:ARG][*N]`` -> Fault (FaultError if the kind or an argument is wrong)."""
    text, times = spec.strip(), None
    head, star, count = text.rpartition("*")
    if star and count.isdigit():
        text, times = head, int(count)
        if times < 1:
            raise FaultError(spec, "*N needs N >= 1")
    kind, _, arg = text.partition(":")
    fault = Fault(kind=kind.lower(), arg=arg or None, times=times)
    if _action_name(fault.kind) not in ACTIONS:
        raise FaultError(spec, f"unknown kind {kind!r} (see --help for the kinds)")
    _check_arg(spec, fault)
    return fault


def parse_assignment(text: str) -> tuple[str, Fault]:
    """``PATH=KIND[:ARG][*N]`` -> (path, Fault); the path must start with '/'.

    A path may hold "=" itself (``/wp-json/wp/v2/posts?page=2``): it ends at the first
    "=" that a valid fault follows. When none is, the error is the first split's.
    """
    if "=" not in text or not text.startswith("/"):
        raise FaultError(text, "expected PATH=KIND[:ARG][*N] with PATH starting with /")
    first_error: FaultError | None = None
    for at in [i for i, char in enumerate(text) if char == "="]:
        path, spec = text[:at], text[at + 1 :]
        try:
            return path, parse_fault(spec)
        except FaultError as exc:
            first_error = first_error or exc
    raise first_error or FaultError(text, "no fault after PATH=")


def load_faults(path: Path) -> dict[str, Fault]:
    """A JSON file ``{"/path": "KIND[:ARG][*N]", ...}`` -> faults by path."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FaultError(str(path), f"cannot read it as JSON ({exc})") from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise FaultError(str(path), 'expected {"/path": "KIND[:ARG][*N]", ...}')
    return dict(parse_assignment(f"{k}={v}") for k, v in data.items())


def faults_from(assignments: Iterable[str]) -> dict[str, Fault]:
    return dict(parse_assignment(text) for text in assignments)


def _action_name(kind: str) -> str:
    return "status" if kind.isdigit() else kind


def _check_arg(spec: str, fault: Fault) -> None:
    kind, arg = fault.kind, fault.arg
    if kind.isdigit() and not 400 <= int(kind) <= 599:
        raise FaultError(spec, "a status fault must be 4xx or 5xx")
    needs_arg = {"content-type", "charset", "redirect", "links"}
    if kind in needs_arg and not arg:
        raise FaultError(spec, f"{kind} needs an argument: {kind}:VALUE")
    numeric = {"timeout", "truncate", "oversize"} | ({kind} if kind == "429" else set())
    if kind in numeric and arg is not None:
        try:
            value = float(arg)
        except ValueError:
            raise FaultError(spec, f"{arg!r} is not a number") from None
        if value < 0 or (kind == "truncate" and value >= 1):
            raise FaultError(spec, f"{arg!r} is out of range")
    if kind == "charset":
        try:
            "x".encode(arg or "")
        except LookupError:
            raise FaultError(spec, f"unknown charset {arg!r}") from None


# -- actions: each answers (or breaks) one exchange ------------------------------


def _status(handler: FixtureHandler, fault: Fault) -> None:
    status = int(fault.kind)
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    if status == 429:
        headers["Retry-After"] = str(int(float(fault.arg or 1)))
    handler.send(status, headers, f"fault: HTTP {status}\n".encode())


def _timeout(handler: FixtureHandler, fault: Fault) -> None:
    handler.log_broken(0, 0)  # logged on arrival: the client gives up before the end
    time.sleep(float(fault.arg or 10))


def _reset(handler: FixtureHandler, fault: Fault) -> None:
    # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    handler.connection.setsockopt(
        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
    )
    handler.log_broken(0, 0)
    handler.connection.close()


def _truncate(handler: FixtureHandler, fault: Fault) -> None:
    answer = handler.site_answer()
    if answer is None:
        return
    cut = answer.body[: int(len(answer.body) * float(fault.arg or 0.5))]
    handler.send_response_only(answer.status)
    for name, value in answer.headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(answer.body)))
    handler.end_headers()
    handler.log_broken(answer.status, len(cut))
    handler.wfile.write(cut)
    handler.wfile.flush()
    handler.connection.shutdown(socket.SHUT_RDWR)


def _with_page(change: Callable[[Reply, FixtureHandler, Fault], Reply]) -> Callable:
    """An action that sends the site's own answer after ``change``."""

    def action(handler: FixtureHandler, fault: Fault) -> None:
        answer = handler.site_answer()
        if answer is not None:
            handler.send(*_parts(change(answer, handler, fault)))

    return action


def _parts(answer: Reply) -> tuple[int, dict[str, str], bytes]:
    return answer.status, dict(answer.headers), answer.body


def _set_header(answer: Reply, name: str, value: str | None) -> Reply:
    headers = {k: v for k, v in answer.headers.items() if k.lower() != name.lower()}
    if value is not None:
        headers[name] = value
    return replace(answer, headers=headers)


def _content_type(answer: Reply, handler: FixtureHandler, fault: Fault) -> Reply:
    value = None if (fault.arg or "").lower() == "none" else fault.arg
    return _set_header(answer, "Content-Type", value)


def _charset(answer: Reply, handler: FixtureHandler, fault: Fault) -> Reply:
    # The <meta charset> inside the page is relabelled too: both say the wrong thing.
    body = re.sub(
        rb"(?i)charset=[\"']?utf-8", f"charset={fault.arg}".encode(), answer.body
    )
    answer = replace(answer, body=body)
    return _set_header(answer, "Content-Type", f"text/html; charset={fault.arg}")


def _bad_utf8(answer: Reply, handler: FixtureHandler, fault: Fault) -> Reply:
    body = _TEXT_RUN.sub(lambda m: b">" + INVALID_UTF8 + m.group(1) + b"<", answer.body)
    return replace(answer, body=body + INVALID_UTF8)


def _oversize(answer: Reply, handler: FixtureHandler, fault: Fault) -> Reply:
    size = int(float(fault.arg or DEFAULT_OVERSIZE))
    padding = b"<!--" + b" " * max(0, size - len(answer.body) - 7) + b"-->"
    return replace(answer, body=answer.body + padding)


def _no_body(answer: Reply, handler: FixtureHandler, fault: Fault) -> Reply:
    import lxml.html

    document = lxml.html.document_fromstring(answer.body)
    for element in document.cssselect(NO_BODY_SELECTORS):
        element.drop_tree()
    body = lxml.html.tostring(document, encoding="utf-8", doctype="<!DOCTYPE html>")
    return replace(answer, body=body)


def _no_links(answer: Reply, handler: FixtureHandler, fault: Fault) -> Reply:
    from crawler.urls import Scope

    scope = Scope.from_base_url(handler.server.base_url)
    page = handler.server.origin + handler.path

    def drop_articles(match: re.Match[bytes]) -> bytes:
        href = urljoin(page, match.group(1).decode("latin-1"))
        return b"" if scope.is_article_url(href) else match.group(0)

    return replace(answer, body=_ANCHOR.sub(drop_articles, answer.body))


def _links(answer: Reply, handler: FixtureHandler, fault: Fault) -> Reply:
    anchors = "".join(
        f'<a href="{url}">hostile link {i}</a>\n'
        for i, url in enumerate((fault.arg or "").split("|"))
    )
    body = answer.body.replace(b"</body>", anchors.encode() + b"</body>", 1)
    return replace(answer, body=body)


def _redirect(handler: FixtureHandler, fault: Fault) -> None:
    handler.send(302, {"Location": fault.arg or "/"}, b"")


def _redirect_loop(handler: FixtureHandler, fault: Fault) -> None:
    handler.send(302, {"Location": handler.server.origin + handler.path}, b"")


ACTIONS: dict[str, Callable[[FixtureHandler, Fault], None]] = {
    "status": _status,
    "timeout": _timeout,
    "reset": _reset,
    "truncate": _truncate,
    "content-type": _with_page(_content_type),
    "charset": _with_page(_charset),
    "bad-utf8": _with_page(_bad_utf8),
    "oversize": _with_page(_oversize),
    "no-body": _with_page(_no_body),
    "no-links": _with_page(_no_links),
    "links": _with_page(_links),
    "redirect": _redirect,
    "redirect-loop": _redirect_loop,
}
#: The kinds, for help texts.
KINDS = ("500", "502", "503", "404", "410", "429", *sorted(set(ACTIONS) - {"status"}))
