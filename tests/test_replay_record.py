"""nkwatch record against a local server only, and the record -> replay round trip."""

from __future__ import annotations

import gzip
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Request

from crawler.replay.manifest import Manifest
from crawler.replay.middleware import FixtureReplayMiddleware
from crawler.replay.record import Fetched, Recorder, fetch, file_name_for
from nkwatch.cli import main

if TYPE_CHECKING:
    from conftest import Serve

    from crawler.replay.server import FixtureServer

ARTICLE_HTML = (
    '<html><a href="https://www.dailynk.com/english/other/">o</a> 북한</html>'
)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class SmallSite:
    """Enough of a site to record: an article, a REST page, a redirect, a big page, a 404."""

    held_back: list[str] = []  # noqa: RUF012 (read-only, the server only counts it)
    article_urls: list[str] = []  # noqa: RUF012

    def respond(self, path_and_query: str) -> Answer:
        html = {"Content-Type": "text/html; charset=UTF-8"}
        pages = {
            "/english/police-report/": Answer(
                200,
                {**html, "ETag": '"e1"', "Last-Modified": "Thu, 14 Nov 2019 05:10:00 GMT"},
                ARTICLE_HTML.encode(),
            ),
            "/english/wp-json/wp/v2/posts?per_page=2&page=1": Answer(
                200,
                {"Content-Type": "application/json", "X-WP-Total": "2", "X-WP-TotalPages": "1"},
                b'[{"id": 1}, {"id": 2}]',
            ),
            "/english/old/": Answer(301, {**html, "Location": "https://www.dailynk.com/english/police-report/"}, b""),
            "/english/big/": Answer(200, html, b"x" * 5000),
            "/english/with-cookie/": Answer(200, {**html, "Set-Cookie": "session=secret"}, b"ok"),
        }  # fmt: skip
        return pages.get(path_and_query, Answer(404, html, b"Error 404"))


@pytest.fixture
def server(serve: Serve) -> FixtureServer:
    return serve(SmallSite())


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/english/"


def test_fetch_saves_status_and_page_headers(server: FixtureServer) -> None:
    page = fetch(server.base_url + "police-report/")
    assert page.status == 200
    assert page.body.decode() == ARTICLE_HTML.replace(
        "https://www.dailynk.com", server.origin
    )
    assert page.headers["ETag"] == '"e1"'
    assert not {"Content-Length", "Connection"} & set(page.headers)


def test_fetch_keeps_redirects_and_error_pages_as_they_are(
    server: FixtureServer,
) -> None:
    redirect = fetch(server.base_url + "old/")
    assert (redirect.status, redirect.headers["Location"]) == (
        301,
        server.base_url + "police-report/",
    )
    assert fetch(server.base_url + "missing/").status == 404


def send_encoded(encoding: str, body: bytes) -> Callable[[Any], None]:
    """A server fault that answers with a body in a Content-Encoding."""

    def fault(handler: Any) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=UTF-8")
        handler.send_header("Content-Encoding", encoding)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return fault


def test_fetch_decodes_gzip_and_saves_the_plain_body(server: FixtureServer) -> None:
    server.faults["/english/zipped/"] = send_encoded(
        "gzip", gzip.compress(b"<p>plain</p>")
    )
    page = fetch(server.base_url + "zipped/")
    assert page.body == b"<p>plain</p>"
    assert "Content-Encoding" not in page.headers


@pytest.mark.parametrize(
    ("encoding", "body", "message"),
    [
        ("br", b"\x00", "unsupported Content-Encoding 'br'"),
        ("gzip", b"not gzip", "bad gzip body"),
    ],
)
def test_fetch_refuses_bodies_it_cannot_decode(
    server: FixtureServer, encoding: str, body: bytes, message: str
) -> None:
    from crawler.replay.record import FetchError

    server.faults["/english/zipped/"] = send_encoded(encoding, body)
    with pytest.raises(FetchError, match=message):
        fetch(server.base_url + "zipped/")


def test_fetch_drops_cookies(server: FixtureServer) -> None:
    assert "Set-Cookie" not in fetch(server.base_url + "with-cookie/").headers


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "not an http"),
        ("ftp://127.0.0.1/x", "not an http"),
        ("http://127.0.0.1:1/english/", "refused"),
    ],
)
def test_fetch_errors_are_one_line(url: str, message: str) -> None:
    from crawler.replay.record import FetchError

    with pytest.raises(FetchError, match=message) as error:
        fetch(url, timeout=5)
    assert "\n" not in str(error.value)


def test_fetch_refuses_bodies_over_the_cap(server: FixtureServer) -> None:
    from crawler.replay.record import FetchError

    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        fetch(server.base_url + "big/", max_bytes=1000)


@pytest.mark.parametrize(
    ("url", "content_type", "name"),
    [
        ("https://www.dailynk.com/english/police-report/", "text/html", "recorded/english-police-report-"),
        ("https://www.dailynk.com/english/feed/", "application/rss+xml; charset=UTF-8", "recorded/english-feed-"),
        ("https://www.dailynk.com/", "text/html", "recorded/index-"),
        ("https://www.dailynk.com/english/../../etc/passwd", "text/plain", "recorded/english-etc-passwd-"),
        ("https://www.dailynk.com/%2e%2e/%2E%2E/x", None, "recorded/x-"),
        ("https://www.dailynk.com/english/%EB%B6%81%ED%95%9C/", "text/html", "recorded/english-"),
    ],
)  # fmt: skip
def test_file_names_are_safe(url: str, content_type: str | None, name: str) -> None:
    file_name = file_name_for(url, content_type)
    assert file_name.startswith(name)
    stem = file_name.removeprefix("recorded/")
    assert "/" not in stem
    assert set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-.")


def test_http_and_https_spellings_share_a_file() -> None:
    https = file_name_for("https://www.dailynk.com/english/a/", "text/html")
    assert https == file_name_for("http://WWW.dailynk.com:80/english/a/", "text/html")
    assert https != file_name_for("https://www.dailynk.com/english/a/?p=1", "text/html")


def test_record_then_replay_gives_the_same_answers(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [
        server.base_url + "police-report/",
        server.base_url + "wp-json/wp/v2/posts?per_page=2&page=1",
        server.base_url + "old/",
        server.base_url + "missing/",
    ]
    into = tmp_path / "recorded-site"
    assert main(["record", *urls, "--into", str(into)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(urls)
    assert out[0].startswith(f"{urls[0]} -> {into.resolve()}/recorded/")

    middleware = FixtureReplayMiddleware(Manifest.load(into))
    for url in urls:
        live = fetch(url)
        replayed = middleware.process_request(Request(url))
        assert (replayed.status, replayed.body) == (live.status, live.body), url
        for name in ("Content-Type", "ETag", "X-WP-Total", "Location"):
            if name in live.headers:
                assert replayed.headers[name].decode() == live.headers[name], (
                    url,
                    name,
                )


def test_recording_again_replaces_the_entry_and_keeps_others(
    server: FixtureServer, tmp_path: Path
) -> None:
    existing = tmp_path / "site"
    (existing / "pages").mkdir(parents=True)
    (existing / "pages" / "faq.html").write_bytes(b"faq")
    faq = {
        "url": "https://www.dailynk.com/english/faq/",
        "file": "pages/faq.html",
        "status": 200,
    }
    document = {"version": 1, "pages": [faq]}
    (existing / "manifest.json").write_text(json.dumps(document))

    url = server.base_url + "police-report/"
    assert main(["record", url, url, "--into", str(existing)]) == 0
    pages = json.loads((existing / "manifest.json").read_text())["pages"]
    assert [page["url"] for page in pages] == [faq["url"], url]
    assert Manifest.load(existing).lookup(url) is not None


def test_recorder_replaces_by_url_key(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path)
    recorder.save(Fetched("https://www.dailynk.com/english/a/", 200, {}, b"first"))
    recorder.save(Fetched("http://www.dailynk.com/english/a/", 200, {}, b"second"))
    manifest = Manifest.load(tmp_path)
    assert len(manifest.pages) == 1
    assert manifest.respond("https://www.dailynk.com/english/a/").body == b"second"


def test_failed_urls_are_one_line_each_and_exit_1(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = server.base_url + "police-report/"
    refused = closed_port_url()
    code = main(
        ["record", refused, "file:///etc/passwd", good, "--into", str(tmp_path)]
    )
    assert code == 1
    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"nkwatch record: {refused}: ")
    assert "not an http(s) URL" in errors[1]
    assert captured.out.startswith(good)
    assert Manifest.load(tmp_path).lookup(good) is not None


def test_a_bad_existing_manifest_is_one_line_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            {"version": 1, "pages": [{"url": "https://x/", "file": "../../etc/passwd"}]}
        )
    )
    assert main(["record", "http://127.0.0.1:1/", "--into", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "outside the fixture folder" in err


@pytest.mark.parametrize("option", [["--timeout", "0"], ["--max-bytes", "-1"]])
def test_bad_limits_are_usage_errors(tmp_path: Path, option: list[str]) -> None:
    assert (
        main(["record", "http://127.0.0.1:1/", "--into", str(tmp_path), *option]) == 2
    )
