"""Fixture manifest: URL keys, lookups, the 404 page, and that nothing outside the folder is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.replay.manifest import Manifest, ManifestError, find_site_root
from crawler.replay.reply import FALLBACK_NOT_FOUND
from crawler.replay.urls import lookup_key, site_path

ARTICLE = "https://www.dailynk.com/english/police-crackdown/"
REST = "https://www.dailynk.com/english/wp-json/wp/v2/posts?per_page=2&page=1"


def write_site(
    root: Path, pages: list[dict[str, object]], files: dict[str, bytes]
) -> Path:
    """Create ``root`` as a fixture folder with ``files`` and a manifest of ``pages``."""
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    root.mkdir(parents=True, exist_ok=True)
    document = {"version": 1, "pages": pages}
    (root / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    return root


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    pages = [
        {
            "url": ARTICLE,
            "file": "articles/police-crackdown.html",
            "status": 200,
            "headers": {
                "Content-Type": "text/html; charset=UTF-8",
                "ETag": '"abc"',
                "Content-Length": "999",
            },
        },
        {
            "url": REST,
            "file": "pages/rest-1.json",
            "status": 200,
            "headers": {"Content-Type": "application/json", "X-WP-Total": "7"},
        },
    ]
    files = {
        "articles/police-crackdown.html": b"<html>article</html>",
        "pages/rest-1.json": b"[]",
        "pages/404.html": b"<html>Ooops... Error 404</html>",
    }
    return write_site(tmp_path / "fixtures" / "dailynk", pages, files)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (ARTICLE, "www.dailynk.com/english/police-crackdown/"),
        ("http://WWW.DailyNK.com/english/police-crackdown/", "www.dailynk.com/english/police-crackdown/"),
        ("https://www.dailynk.com:443/english/x/#comments", "www.dailynk.com/english/x/"),
        ("http://www.dailynk.com:80/english/x/", "www.dailynk.com/english/x/"),
        ("https://www.dailynk.com", "www.dailynk.com/"),
        ("http://127.0.0.1:8765/english/x/", "127.0.0.1:8765/english/x/"),
        ("https://www.dailynk.com/english/wp-json/wp/v2/posts?search=a b", "www.dailynk.com/english/wp-json/wp/v2/posts?search=a%20b"),
        ("file:///etc/passwd", None),
        ("ftp://www.dailynk.com/english/", None),
        ("https://www.dailynk.com:99999/english/", None),
        ("/english/x/", None),
    ],
)  # fmt: skip
def test_lookup_key(url: str, key: str | None) -> None:
    assert lookup_key(url) == key


def test_query_order_is_kept() -> None:
    assert lookup_key(REST) != lookup_key(
        "https://www.dailynk.com/english/wp-json/wp/v2/posts?page=1&per_page=2"
    )


@pytest.mark.parametrize(
    ("url", "path"),
    [
        (REST, "/english/wp-json/wp/v2/posts?per_page=2&page=1"),
        ("http://www.dailynk.com/robots.txt", "/robots.txt"),
        ("https://dailynk.com/english/", None),
        ("http://127.0.0.1:8765/english/", None),
    ],
)
def test_site_path(url: str, path: str | None) -> None:
    assert site_path(url) == path


def test_find_site_root_accepts_fixtures_or_its_site_folder(site_dir: Path) -> None:
    assert find_site_root(site_dir.parent) == site_dir.resolve()
    assert find_site_root(site_dir) == site_dir.resolve()
    with pytest.raises(ManifestError, match=r"no manifest\.json"):
        find_site_root(site_dir / "articles")


def test_lookup_by_any_spelling_of_the_url(site_dir: Path) -> None:
    manifest = Manifest.load(site_dir.parent)
    page = manifest.lookup("http://www.dailynk.com/english/police-crackdown/")
    assert page is not None
    assert page.url == ARTICLE
    assert manifest.lookup(ARTICLE.rstrip("/")) is None


def test_respond_gives_body_status_and_headers_without_transfer_ones(
    site_dir: Path,
) -> None:
    reply = Manifest.load(site_dir).respond(ARTICLE)
    assert (reply.status, reply.body) == (200, b"<html>article</html>")
    # The stored Content-Length would be wrong for the stored body: never replayed.
    assert dict(reply.headers) == {
        "Content-Type": "text/html; charset=UTF-8",
        "ETag": '"abc"',
    }


def test_unknown_url_gets_the_404_page(site_dir: Path) -> None:
    reply = Manifest.load(site_dir).respond("https://www.dailynk.com/english/nope/")
    assert (reply.status, reply.body) == (404, b"<html>Ooops... Error 404</html>")


def test_a_manifest_page_with_status_404_is_the_404_page(tmp_path: Path) -> None:
    pages = [
        {
            "url": "https://www.dailynk.com/english/404/",
            "file": "nf.html",
            "status": 404,
        }
    ]
    manifest = Manifest.load(write_site(tmp_path, pages, {"nf.html": b"listed 404"}))
    assert manifest.respond("https://www.dailynk.com/english/x/").body == b"listed 404"


def test_without_any_404_page_a_built_in_one_is_served(tmp_path: Path) -> None:
    reply = Manifest.load(write_site(tmp_path, [], {})).respond(ARTICLE)
    assert (reply.status, reply.body) == (404, FALLBACK_NOT_FOUND)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailynk.com/english/../../etc/passwd",
        "https://www.dailynk.com/english/%2e%2e/%2e%2e/etc/passwd",
        "https://www.dailynk.com/english/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "https://www.dailynk.com/../articles/police-crackdown.html",
        "https://www.dailynk.com/articles/police-crackdown.html",
        "https://www.dailynk.com//etc/passwd",
        "https://www.dailynk.com/manifest.json",
        "file:///etc/passwd",
        "/etc/passwd",
    ],
)
def test_urls_never_become_paths(site_dir: Path, url: str) -> None:
    reply = Manifest.load(site_dir).respond(url)
    assert (reply.status, reply.body) == (404, b"<html>Ooops... Error 404</html>")


@pytest.mark.parametrize(
    "file",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "articles/../../outside.html",
        "..",
        ".",
        "a\\..\\b",
    ],
)
def test_file_entries_outside_the_folder_are_rejected(
    tmp_path: Path, file: str
) -> None:
    (tmp_path / "outside.html").write_bytes(b"secret")
    pages = [{"url": ARTICLE, "file": file, "status": 200}]
    root = write_site(tmp_path / "site", pages, {})
    with pytest.raises(ManifestError, match=r"pages\[0\]"):
        Manifest.load(root)


def test_symlink_pointing_out_of_the_folder_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_bytes(b"secret")
    root = write_site(tmp_path / "site", [{"url": ARTICLE, "file": "link.html"}], {})
    (root / "link.html").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ManifestError, match="outside the fixture folder"):
        Manifest.load(root)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"version": 2, "pages": []}, "unsupported version"),
        ({"version": 1, "pages": {}}, "'pages' must be a list"),
        ({"version": 1, "pages": [{"url": ARTICLE}]}, "must be strings"),
        ({"version": 1, "pages": [{"url": ARTICLE, "file": "a", "status": 0}]}, "bad status"),
        ({"version": 1, "pages": [{"url": ARTICLE, "file": "a", "headers": {"X": 1}}]}, "headers"),
        ({"version": 1, "pages": [{"url": ARTICLE, "file": "missing.html"}]}, "does not exist"),
        ({"version": 1, "pages": [{"url": "ftp://x/", "file": "a"}]}, "not an http"),
        (
            {"version": 1, "pages": [{"url": ARTICLE, "file": "a"}, {"url": ARTICLE.replace("https", "http"), "file": "a"}]},
            "listed twice",
        ),
    ],
)  # fmt: skip
def test_malformed_manifests_fail_with_a_message(
    tmp_path: Path, document: dict[str, object], message: str
) -> None:
    (tmp_path / "a").write_bytes(b"x")
    (tmp_path / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        Manifest.load(tmp_path)


def test_unreadable_json_fails_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ManifestError, match="cannot read"):
        Manifest.load(tmp_path)
