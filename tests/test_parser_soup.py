"""The BeautifulSoup stage: indexed selection agrees with soupsieve, the article is cut out
with its context, and the page is searched only when lxml sees a candidate outside it."""

from __future__ import annotations

from pathlib import Path

import pytest
import soupsieve
from bs4 import BeautifulSoup

from crawler.items import Report
from crawler.parsers import authors, body, dailynk, images, parse_article
from crawler.parsers.cfemail import decode_protected_emails
from crawler.parsers.common import first_text, iter_lines
from crawler.parsers.cut import cut_out
from crawler.parsers.document import parse_document
from crawler.parsers.page import (
    NEVER_READ_SELECTORS,
    article_scope,
    read_in_korean_links,
)
from crawler.parsers.roots import Roots
from crawler.parsers.selectors import select, select_first

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parent / "fixtures" / "dailynk" / "articles"
PAGE = (HERE / "data" / "parser" / "classic.html").read_text(encoding="utf-8")

# Every selector the parser reads fields with, plus shapes the index must get right.
PARSER_SELECTORS = (
    *dailynk.TITLE_SELECTORS,
    *dailynk.SUBTITLE_SELECTORS,
    *dailynk.DATE_SELECTORS,
    *dailynk.VISIBLE_DATE_SELECTORS,
    *dailynk.CATEGORY_SELECTORS,
    *dailynk.TAG_SELECTORS,
    *dailynk.FEATURED_SELECTORS,
    *dailynk.CONTENT_SELECTORS,
    *dailynk.KOREAN_LINK_SELECTORS,
    *authors.BYLINE_SELECTORS,
    *authors.AUTHOR_BOX_SELECTORS,
    *authors.AUTHOR_BOX_NAME_SELECTORS,
    *authors.AUTHOR_BOX_BIO_SELECTORS,
    *images.CAPTION_SELECTORS,
    *body.JUNK_SELECTORS,
    *body.FIGURE_SELECTORS,
    ", ".join(body.JUNK_SELECTORS),
    ", ".join(dailynk.CONTENT_SELECTORS),
)
EDGE_SELECTORS = (
    "*",
    "p",
    "div > p",
    "div p + p",
    "h1 ~ p",
    "h1 ~ .x > a",
    "div:has(img)",
    "div:not(.a) p",
    "p:first-child",
    "[data-x]",
    "[data-x='a b, c]']",
    'a[href*="/cdn-cgi/"]',
    "#main p, .a, p",  # overlapping groups: each match once, in document order
    "section.a.b",
    "nosuch, p.b",
    ".nosuch p",
)


def _same(root: object, css: str) -> None:
    expected = soupsieve.select(css, root)
    got = select(root, css)
    assert [id(e) for e in got] == [id(e) for e in expected], css
    first = select_first(root, (css,))
    assert first is (expected[0] if expected else None), css


def _article_trees() -> list[tuple[str, object]]:
    trees = []
    for html_path in sorted(ARTICLES.glob("*.html")):
        doc = parse_document(html_path.read_bytes())
        scope = article_scope(doc)
        if scope is not None:
            trees.append((html_path.stem, cut_out(scope, NEVER_READ_SELECTORS)))
    return trees


def test_indexed_selection_matches_soupsieve_on_every_fixture_article() -> None:
    trees = _article_trees()
    assert len(trees) >= 30
    for _slug, tree in trees:
        for css in PARSER_SELECTORS + EDGE_SELECTORS:
            _same(tree, css)
        # Below a sub-root too, where the index holds elements outside the search root.
        content = select_first(tree, dailynk.CONTENT_SELECTORS)
        assert content is not None
        for css in PARSER_SELECTORS:
            _same(content, css)


def test_indexed_selection_on_a_whole_page() -> None:
    html_path = next(iter(sorted(ARTICLES.glob("*.html"))))
    soup = BeautifulSoup(html_path.read_bytes(), "lxml")
    for css in PARSER_SELECTORS + EDGE_SELECTORS:
        _same(soup, css)


SNIPPET = """<div id="main"><section class="a b"><h1>T</h1><p class="b">one</p>
<p data-x="a b, c]">two</p><div class="x"><a href="/cdn-cgi/l/e#1">mail</a></div></section>
<div class="a"><img src="i.jpg"><p>caption</p></div><div><p>x</p><p>y</p></div></div>"""


@pytest.mark.parametrize("css", EDGE_SELECTORS)
def test_indexed_selection_matches_soupsieve_on_edge_cases(css: str) -> None:
    soup = BeautifulSoup(SNIPPET, "lxml")
    _same(soup, css)
    assert soupsieve.select(css, soup) or css in {".nosuch p"}, (
        "a selector testing nothing"
    )


def test_removed_elements_are_no_longer_selected() -> None:
    soup = BeautifulSoup(SNIPPET, "lxml")
    assert [p.get_text() for p in select(soup, "p")] == [
        "one",
        "two",
        "caption",
        "x",
        "y",
    ]
    select(soup, "section")[0].extract()  # indexed before, pruned after
    assert [p.get_text() for p in select(soup, "p")] == ["caption", "x", "y"]
    _same(soup, "p")
    _same(soup, "#main p, .a, p")


def test_the_article_is_cut_out_with_its_ancestors_as_context() -> None:
    page = """<html><body class="single"><div class="td-post-header wrap">
    <article id="post-7"><p>Before <span class="td-a-rec">AD</span>after.</p>
    <time datetime="2020-01-01T00:00:00+00:00">Jan 1</time><aside class="sidebar">s</aside>
    </article></div><div class="td-post-header"><time datetime="1999">other</time></div>
    </body></html>"""
    doc = parse_document(page)
    scope = article_scope(doc)
    article = cut_out(scope, NEVER_READ_SELECTORS)
    assert article.name == "article"
    # The wrapper outside the article is an ancestor in the cut-out tree too.
    assert [t["datetime"] for t in select(article, ".td-post-header time")] == [
        "2020-01-01T00:00:00+00:00"
    ]
    # Pruned (an ad), its following text kept; the rest of the page is not in the tree.
    assert [line for line, _ in iter_lines(article)] == ["Before after.", "Jan 1", "s"]
    assert "other" not in article.find_parent("html").get_text()


def _roots(page: str) -> Roots:
    doc = parse_document(page)
    return Roots(
        doc,
        article_scope(doc),
        prepare=decode_protected_emails,
        prune=NEVER_READ_SELECTORS,
    )


def test_a_missing_field_does_not_build_the_page_tree() -> None:
    roots = _roots(PAGE)
    assert roots.first(first_text, dailynk.SUBTITLE_SELECTORS) is None
    assert roots.first(first_text, dailynk.TITLE_SELECTORS) == (
        "MPS officers extract bribes to fund their day of honor"
    )
    assert not roots.page_built


def test_a_field_outside_the_article_is_read_from_the_page() -> None:
    page = PAGE.replace(
        "<article ", '<p class="td-post-sub-title">The deck line</p><article ', 1
    )
    roots = _roots(page)
    assert roots.first(first_text, dailynk.SUBTITLE_SELECTORS) == "The deck line"
    assert roots.page_built


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


def test_other_korean_links_on_the_page_do_not_build_its_tree() -> None:
    page = PAGE.replace(
        '<p><a href="https://www.dailynk.com/20191113-1/">Read in Korean</a></p>', ""
    ).replace(
        "</article>",
        '</article><a href="/english/x/">North Korean troops drill</a>',
        1,
    )
    roots = _roots(page)
    assert (
        roots.first(
            dailynk._korean_link,
            ("a[href]",),
            "https://x/",
            probe=read_in_korean_links,
        )
        is None
    )
    assert not roots.page_built
