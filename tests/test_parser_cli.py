"""nkwatch parse: JSON/text output, JSON Lines for several files, exit codes 0/1/2/3."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import DATA, run_nkwatch

from crawler.items import REPORT_FIELDS

pytestmark = pytest.mark.slow  # every test runs the CLI in a child process

SAMPLE = DATA / "parser" / "classic.html"


def nkwatch(*argv: str) -> subprocess.CompletedProcess[str]:
    return run_nkwatch("parse", *argv)


def test_one_file_prints_the_report_object() -> None:
    result = nkwatch(str(SAMPLE))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == list(REPORT_FIELDS)
    assert report["published_at"] == "2019-11-14T09:12:00+09:00"
    assert report["contact_email"] == "dailynkenglish@gmail.com"


def test_several_files_give_json_lines_and_exit_3_for_a_non_article(
    tmp_path: Path,
) -> None:
    listing = tmp_path / "listing.html"
    listing.write_text(
        "<html><body class='archive category'><h1>News</h1></body></html>"
    )
    result = nkwatch(str(SAMPLE), str(listing), str(SAMPLE))
    assert result.returncode == 3
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert all(json.loads(line)["title"] for line in lines)
    assert result.stderr.strip() == f"{listing}: not a Daily NK article: listing page"


def test_missing_file_is_one_line_exit_1(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    result = nkwatch(str(missing))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"{missing}: cannot read: No such file or directory"
    ]
    assert "Traceback" not in result.stderr


def test_empty_and_binary_files_exit_3(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = nkwatch(str(empty), str(binary))
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        f"{empty}: not a Daily NK article: empty input",
        f"{binary}: not a Daily NK article: binary data, not HTML",
    ]


def test_url_option_is_used_without_canonical_link(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(SAMPLE.read_bytes().replace(b'rel="canonical"', b'rel="x"'))
    result = nkwatch(str(page), "--url", "http://www.dailynk.com/english/given-slug")
    assert result.returncode == 0, result.stderr
    assert (
        json.loads(result.stdout)["url"]
        == "https://www.dailynk.com/english/given-slug/"
    )


def test_bad_url_option_is_a_usage_error() -> None:
    result = nkwatch(str(SAMPLE), "--url", "not a url")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_text_format() -> None:
    result = nkwatch(str(SAMPLE), "--format", "text")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Wonsan park north korean police",
        "A group of North Korean security officers are seen at a park in Wonsan, Kangwon Province. / Image: Daily NK",
        "",
    ]
    assert "*Translated by Violet Kim" in lines
    assert (
        "Please direct any comments or questions about this article to dailynkenglish@gmail.com."
        in lines
    )
