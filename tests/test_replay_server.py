"""The fixture HTTP server over real sockets on 127.0.0.1, with plain urllib requests."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPConnection
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Serve

    from crawler.replay.server import FixtureServer

SITE = "https://www.dailynk.com"
LAST_MODIFIED = "Thu, 14 Nov 2019 05:10:00 GMT"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class FakeSite:
    """A three-article site with the ``Site`` interface: the newest ``hold_back`` are hidden."""

    def __init__(self, hold_back: int = 0) -> None:
        slugs = ["oldest-report", "middle-report", "newest-report"]
        self._all = [f"{SITE}/english/{slug}/" for slug in slugs]
        self._visible = len(self._all) - hold_back

    @property
    def article_urls(self) -> list[str]:
        return self._all[: self._visible]

    @property
    def held_back(self) -> list[str]:
        return self._all[self._visible :]

    def publish_next(self) -> str | None:
        if not self.held_back:
            return None
        self._visible += 1
        return self._all[self._visible - 1]

    def respond(self, path_and_query: str) -> Answer:
        links = "".join(f'<a href="{url}">{url}</a>\n' for url in self.article_urls)
        if path_and_query == "/english/category/news/":
            return Answer(
                200, {"Content-Type": "text/html; charset=UTF-8"}, links.encode()
            )
        if path_and_query == "/english/feed/":
            items = "".join(
                f"<item><link>{url}</link></item>" for url in self.article_urls
            )
            body = f"<rss><channel>{items}</channel></rss>".encode()
            return Answer(
                200, {"Content-Type": "application/rss+xml; charset=UTF-8"}, body
            )
        if path_and_query == "/english/wp-json/wp/v2/posts?per_page=10&page=1":
            posts = [{"link": url} for url in self.article_urls]
            headers = {
                "Content-Type": "application/json",
                "X-WP-Total": str(len(posts)),
            }
            return Answer(200, headers, json.dumps(posts).encode())
        if path_and_query == "/english/moved/":
            return Answer(301, {"Location": f"{SITE}/english/oldest-report/"}, b"")
        if path_and_query == "/english/broken/":
            raise RuntimeError("renderer bug")
        url = SITE + path_and_query
        if url in self.article_urls:
            headers = {
                "Content-Type": "text/html; charset=UTF-8",
                "ETag": f'"{abs(hash(url)) % 10**8:08d}"',
                "Last-Modified": LAST_MODIFIED,
            }
            body = f'<html><link rel="canonical" href="{url}">{links}</html>'
            return Answer(200, headers, body.encode())
        return Answer(404, {"Content-Type": "text/html; charset=UTF-8"}, b"Error 404")


@pytest.fixture
def served(serve: Serve) -> tuple[FixtureServer, FakeSite]:
    site = FakeSite(hold_back=1)
    return serve(site), site


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def post(url: str) -> Any:
    request = urllib.request.Request(url, data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def test_serve_in_thread_binds_loopback_on_a_free_port(
    served: tuple[FixtureServer, FakeSite],
) -> None:
    server, _ = served
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    assert port > 0
    assert server.base_url == f"http://127.0.0.1:{port}/english/"


def test_article_links_point_at_the_server(
    served: tuple[FixtureServer, FakeSite],
) -> None:
    server, _ = served
    status, headers, body = get(server.base_url + "oldest-report/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=UTF-8"
    assert int(headers["Content-Length"]) == len(body)
    assert b"www.dailynk.com" not in body
    assert f'href="{server.base_url}oldest-report/"'.encode() in body


def test_redirect_location_points_at_the_server(
    served: tuple[FixtureServer, FakeSite],
) -> None:
    server, _ = served
    connection = HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.request("GET", "/english/moved/")
    answer = connection.getresponse()
    assert answer.status == 301
    assert answer.getheader("Location") == server.base_url + "oldest-report/"
    connection.close()


def test_head_sends_headers_without_body(
    served: tuple[FixtureServer, FakeSite],
) -> None:
    server, _ = served
    _, _, full = get(server.base_url + "oldest-report/")
    request = urllib.request.Request(server.base_url + "oldest-report/", method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
        assert int(answer.headers["Content-Length"]) == len(full)
        assert answer.read() == b""


@pytest.mark.parametrize(
    "validator",
    [
        lambda headers: {"If-None-Match": headers["ETag"]},
        lambda headers: {"If-Modified-Since": headers["Last-Modified"]},
    ],
    ids=["etag", "last-modified"],
)
def test_conditional_get_gives_304(
    served: tuple[FixtureServer, FakeSite], validator: Any
) -> None:
    server, _ = served
    url = server.base_url + "oldest-report/"
    _, headers, _ = get(url)
    status, headers_304, body = get(url, **validator(headers))
    assert (status, body) == (304, b"")
    assert headers_304["ETag"] == headers["ETag"]
    assert get(url, **{"If-None-Match": '"stale"'})[0] == 200


def test_unknown_path_is_the_sites_404(served: tuple[FixtureServer, FakeSite]) -> None:
    server, _ = served
    assert get(server.base_url + "no-such-article/")[::2] == (404, b"Error 404")


def test_site_error_is_a_500_and_the_server_keeps_serving(
    served: tuple[FixtureServer, FakeSite],
) -> None:
    server, _ = served
    assert get(server.base_url + "broken/")[0] == 500
    assert get(server.base_url + "oldest-report/")[0] == 200


def listed(server: FixtureServer, path: str) -> bytes:
    status, _, body = get(server.origin + path)
    assert status == 200
    return body


def test_held_back_article_appears_only_after_publish(
    served: tuple[FixtureServer, FakeSite],
) -> None:
    server, _ = served
    newest = server.base_url + "newest-report/"
    listings = [
        "/english/category/news/",
        "/english/feed/",
        "/english/wp-json/wp/v2/posts?per_page=10&page=1",
    ]
    assert get(newest)[0] == 404
    for path in listings:
        assert b"newest-report" not in listed(server, path), path
        assert b"oldest-report" in listed(server, path), path

    assert post(server.origin + "/__nkwatch/publish") == {
        "published": newest,
        "held_back": 0,
    }

    assert get(newest)[0] == 200
    for path in listings:
        assert b"newest-report" in listed(server, path), path
    assert post(server.origin + "/__nkwatch/publish") == {
        "published": None,
        "held_back": 0,
    }


def test_request_log_state_and_reset(served: tuple[FixtureServer, FakeSite]) -> None:
    server, _ = served
    get(server.base_url + "oldest-report/")
    get(server.base_url + "nope/")
    request = urllib.request.Request(server.base_url + "oldest-report/", method="HEAD")
    urllib.request.urlopen(request, timeout=10).close()
    status, _, body = get(server.origin + "/__nkwatch/requests")
    assert status == 200
    log = json.loads(body)
    assert [(r["method"], r["path"], r["status"]) for r in log] == [
        ("GET", "/english/oldest-report/", 200),
        ("GET", "/english/nope/", 404),
        ("HEAD", "/english/oldest-report/", 200),
    ]
    assert log[1]["bytes"] == len(b"Error 404")
    assert log[2]["bytes"] == 0
    state = json.loads(get(server.origin + "/__nkwatch/state")[2])
    assert state["articles"] == 2
    assert state["held_back_urls"] == [server.base_url + "newest-report/"]
    assert post(server.origin + "/__nkwatch/reset-log") == {"cleared": 3}
    assert server.requests == []


def test_control_endpoints_check_method_and_name(
    served: tuple[FixtureServer, FakeSite],
) -> None:
    server, site = served
    assert get(server.origin + "/__nkwatch/publish")[0] == 405
    assert site.held_back  # a GET must not publish
    assert get(server.origin + "/__nkwatch/nothing")[0] == 404
    request = urllib.request.Request(server.base_url, data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 405


def test_request_log_is_written_to_the_log_stream(serve: Serve) -> None:
    lines: list[str] = []

    class Stream:
        def write(self, text: str) -> None:
            lines.append(text)

        def flush(self) -> None:
            pass

    server = serve(FakeSite(), log_stream=Stream())
    base_url = server.base_url
    _, _, body = get(base_url + "oldest-report/")
    assert lines == [f"GET /english/oldest-report/ 200 {len(body)}\n"]


def test_a_fault_takes_over_its_path(served: tuple[FixtureServer, FakeSite]) -> None:
    server, _ = served

    def teapot(handler: Any) -> None:
        handler.send_response(418)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server.faults["/english/oldest-report/"] = teapot
    assert get(server.base_url + "oldest-report/")[0] == 418
    assert get(server.base_url + "middle-report/")[0] == 200


def test_concurrent_clients_all_get_answers(
    served: tuple[FixtureServer, FakeSite],
) -> None:
    server, _ = served
    results: list[int] = []

    def fetch() -> None:
        for _ in range(10):
            results.append(get(server.base_url + "middle-report/")[0])

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [200] * 80
    assert len(server.requests) == 80


def test_keep_alive_connection_serves_several_requests(
    served: tuple[FixtureServer, FakeSite],
) -> None:
    server, _ = served
    connection = HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    for path in ("/english/oldest-report/", "/english/feed/", "/english/nope/"):
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
    assert answer.status == 404
    connection.close()
    assert len(server.requests) == 3


def test_shutdown_closes_the_port(serve: Serve) -> None:
    server = serve(FakeSite())
    base_url = server.base_url
    server.shutdown()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base_url, timeout=5)
