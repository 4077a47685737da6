"""The article cut (lxml parses the page, only the article and the page facts become the
BeautifulSoup tree) reads every field as a whole-page tree would."""

from __future__ import annotations

import random

import pytest
from conftest import SITE, assert_not_a_crash

from crawler.items import Report
from crawler.parsers import document, parse_article

ARTICLES = sorted(SITE.glob("articles/*.html"))
PAGES = sorted(SITE.glob("pages/*.html"))
URL = "https://www.dailynk.com/english/some-report/"


def _whole_page_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "_cut_page", lambda _html: None)


def _parsed(html: str | bytes) -> object:
    result = parse_article(html, URL)
    return result.to_storage_dict() if isinstance(result, Report) else result.reason


def _both(html: str | bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    cut = _parsed(html)
    with monkeypatch.context() as whole:
        _whole_page_only(whole)
        return cut, _parsed(html)


def test_the_fixture_articles_are_read_through_the_cut() -> None:
    # Otherwise the equality below would compare the whole-page path with itself.
    for path in ARTICLES:
        page = document.parse_page(path.read_bytes())
        assert isinstance(page, document.Page)
        assert page.outside is not None, path.name


@pytest.mark.parametrize("path", ARTICLES + PAGES, ids=lambda p: p.name)
def test_cut_and_whole_page_read_the_same(
    path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut, whole = _both(path.read_bytes(), monkeypatch)
    assert cut == whole


@pytest.mark.parametrize("path", ARTICLES[::4], ids=lambda p: p.name)
def test_truncated_and_mangled_pages_read_the_same(
    path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    rng = random.Random(path.name)  # noqa: S311 - repeatable cuts, not secrets
    variants = [text[: rng.randrange(len(text))] for _ in range(3)]
    variants.append(text.replace("td-post-content", "td-renamed"))
    variants.append(text.replace("td-post-sub-title", "td-renamed"))
    for variant in variants:
        cut, whole = _both(variant, monkeypatch)
        assert cut == whole


SHELL = """<!DOCTYPE html><html lang="en-US"><head><title>{title} - Daily NK</title>
<link rel="canonical" href="{url}"></head>
<body class="post-template-default single single-post postid-7 single-format-standard">
<div class="td-main-content-wrap">{outside}
<article id="post-7" class="post-7 post type-post">
<div class="td-post-header"><h1 class="entry-title">{title}</h1>
<time class="entry-date updated td-module-date" datetime="2020-05-04T10:00:00+00:00">May 4, 2020</time></div>
<div class="td-post-content">{body}</div>
</article>{after}</div></body></html>"""
BODY = "<p>Police officers in Hyesan detained three traders accused of smuggling.</p>"


def _page(outside: str = "", after: str = "", body: str = BODY) -> str:
    return SHELL.format(
        title="Traders detained in Hyesan",
        url=URL,
        outside=outside,
        after=after,
        body=body,
    )


def test_a_field_outside_the_article_is_still_read() -> None:
    # The subtitle sits before the <article>: the whole page is built to read it.
    html = _page(outside='<p class="td-post-sub-title">Three traders held</p>')
    report = parse_article(html, URL)
    assert isinstance(report, Report)
    assert report.subtitle == "Three traders held"


def test_a_read_in_korean_link_after_the_article_is_found() -> None:
    link = '<p><a href="https://www.dailynk.com/%eb%b6%81%ed%95%9c/">Read in Korean</a></p>'
    report = parse_article(_page(after=link), URL)
    assert isinstance(report, Report)
    assert report.korean_url == "https://www.dailynk.com/%eb%b6%81%ed%95%9c/"


def test_links_keep_their_characters_through_the_cut() -> None:
    # lxml's own HTML serializer percent-encodes non-ASCII href/src: the cut must not.
    image = '<figure><img src="https://www.dailynk.com/english/wp-content/uploads/2020/05/국경.jpg"><figcaption>A border post</figcaption></figure>'
    report = parse_article(_page(body=BODY + image), URL)
    assert isinstance(report, Report)
    assert [f.url for f in report.figures] == [
        "https://www.dailynk.com/english/wp-content/uploads/2020/05/국경.jpg"
    ]


def test_scripts_comments_and_entities_survive_the_cut(monkeypatch) -> None:
    body = (
        BODY
        + "<!-- ad slot --><p>Officials &amp; guards took &lt;50&gt; yuan each.</p>"
        + '<script>if (a < b && c) { x = "</p>"; }</script>'
    )
    cut, whole = _both(_page(body=body), monkeypatch)
    assert cut == whole
    assert "Officials & guards took <50> yuan each." in cut["body"]


def test_deep_nesting_is_not_a_crash() -> None:
    deep = "<div>" * 20000 + BODY + "</div>" * 20000
    assert_not_a_crash(parse_article(_page(body=deep), URL))
