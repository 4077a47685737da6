"""parse_article never raises: bad, empty, binary, truncated and hostile input -> NotAnArticle.

parse_article turns any exception of its own into NotAnArticle("unparseable page (…)"), so
"never raises" holds by construction; these tests also check that the reason is a real one
(``assert_not_a_crash``), so a parser that crashes on the input fails them.
"""

from __future__ import annotations

import pytest
from conftest import DATA, assert_not_a_crash
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.items import Report
from crawler.parsers import NotAnArticle, parse_article

PAGE = (DATA / "parser" / "classic.html").read_bytes()
URL = (
    "https://www.dailynk.com/english/mps-officers-extract-bribes-fund-their-day-honor/"
)


def test_sample_page_is_an_article() -> None:
    # The baseline the mutations below break: the intact page parses.
    assert isinstance(parse_article(PAGE), Report)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        ("", "empty input"),
        (b"   \n\t ", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not HTML"),
        (bytes(range(256)) * 8, "binary data, not HTML"),
        (b"%PDF-1.7\n", "binary data, not HTML"),
        (b"just some words, no markup at all", "not HTML (no markup)"),
    ],
)
def test_non_html_input(data: bytes | str, reason: str) -> None:
    result = parse_article(data)
    assert result == NotAnArticle(reason)


def test_truncated_before_the_body() -> None:
    cut = PAGE[: PAGE.index(b'<div class="td-post-content">')]
    result = parse_article(cut)
    assert isinstance(result, NotAnArticle)
    assert result.reason == "no article body found"


def test_truncated_inside_the_featured_image_has_no_body() -> None:
    cut = PAGE[: PAGE.index(b"<figcaption")]
    result = parse_article(cut)
    assert result == NotAnArticle("no article body found")


@pytest.mark.parametrize("depth", [300, 20_000])
def test_huge_nesting(depth: int) -> None:
    page = (
        b"<html><body class='single'>"
        + b"<div>" * depth
        + b"<p>deep</p>"
        + b"</div>" * depth
    )
    result = parse_article(page, URL)
    assert isinstance(result, NotAnArticle)
    assert_not_a_crash(result)


def test_huge_nesting_inside_the_content_still_parses_the_top() -> None:
    nest = b"<div>" * 5000 + b"<p>Buried text.</p>" + b"</div>" * 5000
    page = PAGE.replace(b"<h3>", nest + b"<h3>", 1)
    result = parse_article(page)
    assert isinstance(result, Report)
    assert result.body[0].startswith("Ministry of People")


def test_invalid_utf8_does_not_crash_and_keeps_the_text() -> None:
    page = PAGE.replace(b"doubled down", b"doubled \xff\xfe down", 1)
    result = parse_article(page)
    assert isinstance(result, Report)
    assert "doubled \ufffd\ufffd down" in result.body[0]


def test_declared_legacy_charset_is_honoured() -> None:
    page = PAGE.replace(b'<meta charset="UTF-8">', b'<meta charset="windows-1252">', 1)
    page = page.replace("People\u2019s".encode(), b"People\x92s", 1)
    result = parse_article(page)
    assert isinstance(result, Report)
    assert result.body[0].startswith("Ministry of People\u2019s Security")


def test_utf8_bom_and_xml_declaration() -> None:
    page = b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-8'?>" + PAGE
    assert isinstance(parse_article(page), Report)
    assert isinstance(parse_article(page.decode("utf-8-sig")), Report)


def test_nul_bytes_in_text_input() -> None:
    result = parse_article("<html><body>\x00\x00<p>x</p></body></html>")
    assert isinstance(result, NotAnArticle)
    assert_not_a_crash(result)


def test_page_without_canonical_needs_a_url() -> None:
    page = PAGE.replace(b'rel="canonical"', b'rel="nothing"').replace(
        b"og:url", b"og:nothing"
    )
    assert parse_article(page) == NotAnArticle(
        "no URL: the page has no canonical link and none was given"
    )
    given_url = "http://www.dailynk.com/english/some-slug"
    result = parse_article(page, given_url)
    assert isinstance(result, Report)
    assert result.url == "https://www.dailynk.com/english/some-slug/"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data: bytes) -> None:
    result = parse_article(data)
    assert isinstance(result, NotAnArticle | Report)
    assert_not_a_crash(result)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(PAGE)))
def test_every_truncation_is_an_article_or_a_reason(cut: int) -> None:
    result = parse_article(PAGE[:cut])
    if isinstance(result, Report):
        assert result.url
        assert result.title
        assert result.published_at
        assert result.body
    else:
        assert result.reason
        assert "\n" not in result.reason
        assert_not_a_crash(result)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div class='td-post-content'>",
                "</div>",
                "<br>",
                "<h1 class='entry-title'>",
                "&amp;",
                "&#",
                "x",
                " ",
                "<time datetime='2019-01-01'>",
            ]
        ),
        max_size=80,
    )
)
def test_random_markup_never_raises(pieces: list[str]) -> None:
    result = parse_article("".join(pieces), URL)
    assert isinstance(result, NotAnArticle | Report)
    assert_not_a_crash(result)


def test_deeply_nested_content_blocks_are_read_from_a_bounded_descent() -> None:
    # Content blocks nested far deeper than any template: the descent into the innermost
    # block is bounded, and the text is still found.
    depth = 60
    html = (
        '<html><head><link rel="canonical" href="https://www.dailynk.com/english/nested/">'
        "</head><body><article><h1 class=\"entry-title\">Nested</h1>"
        '<time class="entry-date" datetime="2024-01-02T10:00:00+00:00">Jan 2</time>'
        + '<div class="td-post-content">' * depth
        + "<p>Police detained a trader in Hyesan, a source told Daily NK.</p>"
        + "</div>" * depth
        + "</article></body></html>"
    )
    report = parse_article(html, "https://www.dailynk.com/english/nested/")
    assert isinstance(report, Report)
    assert report.body == ("Police detained a trader in Hyesan, a source told Daily NK.",)
