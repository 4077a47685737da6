"""The one BeautifulSoup tree: the article is found with its context, fields missing from it
are read from the page, and a selector the prefilter skips could not have matched."""

from __future__ import annotations

from pathlib import Path

import soupsieve
from bs4 import BeautifulSoup

from crawler.items import Report
from crawler.parsers import parse_article
from crawler.parsers import selectors as S
from crawler.parsers.common import (
    could_match,
    first_text,
    iter_lines,
    names_in,
    select,
)
from crawler.parsers.document import Page, parse_page

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parent / "fixtures" / "dailynk" / "articles"
PAGE = (HERE / "data" / "parser" / "classic.html").read_text(encoding="utf-8")

ALL_SELECTORS = tuple(
    css
    for value in vars(S).values()
    if isinstance(value, tuple)
    for css in value
    if isinstance(css, str) and not css.startswith(("data-", "src"))
)


def _page(html: str) -> Page:
    page = parse_page(html)
    assert isinstance(page, Page)
    return page


def test_skipped_selectors_match_nothing_on_every_fixture_article() -> None:
    pages = sorted(ARTICLES.glob("*.html"))
    assert len(pages) >= 30
    skipped = 0
    for html_path in pages:
        soup = BeautifulSoup(html_path.read_bytes(), "lxml")
        names = names_in(soup)
        unmatchable = [css for css in ALL_SELECTORS if not could_match(css, names)]
        skipped += len(unmatchable)
        # One pass for all of them (as a group); one by one only to name a culprit.
        if unmatchable and soupsieve.select(", ".join(unmatchable), soup):
            for css in unmatchable:
                assert soupsieve.select(css, soup) == [], (html_path.name, css)
    assert skipped, "the prefilter skipped nothing: a test testing nothing"


def test_could_match_reads_required_names_only() -> None:
    soup = BeautifulSoup(
        '<div class="td-post-header x" id="main"><a href="x.tdb_title">t</a></div>',
        "lxml",
    )
    names = names_in(soup)
    assert names == {"td-post-header", "x", "main"}
    assert could_match(".td-post-header time", names)
    assert could_match("#main a", names)
    assert could_match("h1", names)
    assert not could_match(".tdb_title h1", names)
    assert not could_match(".x.nosuch", names)
    # Alternatives: one possible alternative is enough.
    assert could_match(".nosuch, .td-post-header", names)
    # Names in quoted attribute values and inside :not() are not requirements.
    assert could_match('a[href*=".nosuch"]', names)
    assert could_match("div:not(.nosuch)", names)


def test_the_article_is_found_with_its_context_and_furniture_removed() -> None:
    page = _page(
        """<html><body class="single"><div class="td-post-header wrap">
    <article id="post-7"><p>Before <span class="td-a-rec">AD</span>after.</p>
    <time datetime="2020-01-01T00:00:00+00:00">Jan 1</time><aside class="sidebar">s</aside>
    </article></div><div class="td-post-header"><time datetime="1999">other</time></div>
    </body></html>"""
    )
    article = page.article
    assert article is not None
    assert article.name == "article"
    # The wrapper outside the article is its ancestor: descendant selectors see it.
    assert [t["datetime"] for t in select(article, ".td-post-header time")] == [
        "2020-01-01T00:00:00+00:00"
    ]
    # Furniture removed (an ad), its following text kept.
    assert [line for line, _ in iter_lines(article)] == ["Before after.", "Jan 1", "s"]


def test_a_field_is_read_from_the_article_first() -> None:
    page = _page(
        PAGE.replace(
            "</article>", '</article><h1 class="entry-title">Related title</h1>', 1
        )
    )
    assert page.first(first_text, S.TITLE) == (
        "MPS officers extract bribes to fund their day of honor"
    )
    assert page.first(first_text, S.SUBTITLE) is None


def test_a_field_outside_the_article_is_read_from_the_page() -> None:
    page = _page(
        PAGE.replace(
            "<article ", '<p class="td-post-sub-title">The deck line</p><article ', 1
        )
    )
    assert page.first(first_text, S.SUBTITLE) == "The deck line"


def _moved_out_of_the_article(part_start: str, part_end: str, after: bool) -> str:
    start = PAGE.index(part_start)
    end = PAGE.index(part_end, start) + len(part_end)
    part, rest = PAGE[start:end], PAGE[:start] + PAGE[end:]
    if after:
        return rest.replace("</article>", "</article>" + part, 1)
    return rest.replace("<article ", part + "<article ", 1)


def test_header_outside_the_article_gives_the_same_report() -> None:
    # Newspaper templates other than the first put the post header above <article>.
    intact = parse_article(PAGE)
    moved = parse_article(
        _moved_out_of_the_article(
            '<div class="td-post-header">', "</header></div>", False
        )
    )
    assert isinstance(intact, Report)
    assert isinstance(moved, Report)
    assert moved.to_dict() == intact.to_dict()


def test_korean_link_outside_the_article_is_found() -> None:
    page = _moved_out_of_the_article(
        '<p><a href="https://www.dailynk.com/20191113-1/">', "</p>", True
    )
    assert "Korean</a></p></div></body>" in page
    report = parse_article(page)
    assert isinstance(report, Report)
    assert report.korean_url == "https://www.dailynk.com/20191113-1/"


def test_other_korean_links_are_not_the_korean_original() -> None:
    page = PAGE.replace(
        '<p><a href="https://www.dailynk.com/20191113-1/">Read in Korean</a></p>', ""
    ).replace(
        "</article>",
        '</article><a href="/english/x/">North Korean troops drill</a>',
        1,
    )
    report = parse_article(page)
    assert isinstance(report, Report)
    assert report.korean_url is None
