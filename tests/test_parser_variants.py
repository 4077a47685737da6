"""The selector cascade on template variants: cloud blocks, legacy <br> bodies, and pages
whose markup no selector knows (JSON-LD/OpenGraph plus the generic densest-text body)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crawler.items import Report
from crawler.parsers import NotAnArticle, parse_article

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "dailynk" / "articles"

URL = "https://www.dailynk.com/english/some-article/"
PARAS = (
    (
        "North Korean authorities have arrested dozens of smugglers in Hyesan, Yanggang Province, "
        "in a new crackdown, a source told Daily NK."
    ),
    "The Ministry of Social Security (MSS) detained the traders and demanded USD 300 each.",
)

CLOUD = f"""<html><head><link rel="canonical" href="{URL}"></head>
<body class="post-template-default single single-post postid-301234">
<div class="td_block_wrap tdb_title"><div class="tdb-block-inner"><h1 class="tdb-title-text">Cloud title</h1></div></div>
<div class="td_block_wrap tdb_single_subtitle"><div class="tdb-block-inner td-fix-index"><p>The deck line</p></div></div>
<div class="tdb_single_categories"><a class="tdb-entry-category" href="/english/category/news/">News</a></div>
<div class="tdb_single_author"><div class="tdb-block-inner"><a class="tdb-author-photo" href="https://www.dailynk.com/english/author/kmj/"><img src="a.jpg"></a>
<div class="tdb-author-name-wrap"><span class="tdb-author-by">By</span> <a class="tdb-author-name" href="https://www.dailynk.com/english/author/kmj/">Kang Mi Jin</a></div></div></div>
<div class="tdb_single_date"><div class="tdb-block-inner"><time class="entry-date updated td-module-date" datetime="2023-03-08T16:40:00+00:00">March 8, 2023</time></div></div>
<div class="tdb_single_featured_image"><div class="tdb-block-inner"><figure><img src="https://www.dailynk.com/english/wp-content/uploads/sites/2/2023/03/hyesan-1024x576.jpg" alt="hyesan">
<figcaption class="tdb-caption-text">FILE PHOTO: Hyesan, Yanggang Province. (Daily NK)</figcaption></figure></div></div>
<div class="td_block_wrap tdb_single_content"><div class="tdb-block-inner td-fix-index">
<p>{PARAS[0]}</p><div class="td-a-rec td-a-rec-id-content_inlineleft"><span>ADVERTISEMENT</span></div><p>{PARAS[1]}</p>
<figure class="wp-block-image"><img src="https://www.dailynk.com/english/wp-content/uploads/sites/2/2023/03/b.jpg"><figcaption class="wp-element-caption">A market. (Daily NK)</figcaption></figure>
<p>Please direct any comments or questions about this article to dailynkenglish@uni-media.net.</p>
</div></div>
<div class="tdb_single_tags"><ul class="tdb-tags"><li><span class="tdb-tag-title">Tags</span></li><li><a href="/english/tag/smuggling/">smuggling</a></li></ul></div>
<div class="tdb_single_author_box"><div class="tdb-author-info"><a class="tdb-author-name" href="https://www.dailynk.com/english/author/kmj/">Kang Mi Jin</a>
<div class="tdb-author-descr">Kang Mi Jin is a defector turned journalist.</div></div></div>
</body></html>"""


def test_cloud_template() -> None:
    report = parse_article(CLOUD)
    assert isinstance(report, Report)
    assert report.post_id == 301234
    assert (report.title, report.subtitle) == ("Cloud title", "The deck line")
    assert report.published_at.isoformat() == "2023-03-08T16:40:00+09:00"
    assert report.categories == ("News",)
    assert report.tags == ("smuggling",)
    assert [(a.name, a.url, a.bio) for a in report.authors] == [
        (
            "Kang Mi Jin",
            "https://www.dailynk.com/english/author/kmj/",
            "Kang Mi Jin is a defector turned journalist.",
        )
    ]
    assert report.image is not None
    assert report.image.url.endswith("/2023/03/hyesan.jpg")
    assert (report.image.caption, report.image.credit) == (
        "FILE PHOTO: Hyesan, Yanggang Province.",
        "Daily NK",
    )
    assert report.body == PARAS
    assert [(f.caption, f.credit) for f in report.figures] == [
        ("A market.", "Daily NK")
    ]
    assert report.contact_email == "dailynkenglish@uni-media.net"
    # Defined in the article: MSS is the police ministry here.
    assert report.entities.agencies == ("police",)
    assert report.topic.law_enforcement


LEGACY = f"""<html><head><link rel="canonical" href="https://www.dailynk.com/english/two-north-korean-residents-arreste/"></head>
<body class="single single-post postid-200123"><article id="post-200123">
<div class="td-post-header"><header class="td-post-title"><h1 class="entry-title">Two North Korean Residents Arrested</h1>
<div class="td-post-author-name"><div class="td-author-by">By</div> Daily NK <div class="td-author-line"> - </div></div>
<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="2011-05-04T11:20:00+00:00">May 4, 2011</time></span></header></div>
<div class="td-post-content"><p>[imText1]{PARAS[0]}<br />\n<br />\n{PARAS[1]}&nbsp;&nbsp;<br />\n<br />\nQuestions or comments about this article? Contact us at <a href="/cdn-cgi/l/email-protection">[email&#160;protected]</a></p></div>
</article></body></html>"""


def test_legacy_br_body_artefacts_and_footer() -> None:
    report = parse_article(LEGACY)
    assert isinstance(report, Report)
    assert report.body == PARAS
    assert report.contact_email is None
    assert report.contact_hidden
    assert [(a.name, a.url) for a in report.authors] == [("Daily NK", None)]
    assert report.published_at.isoformat() == "2011-05-04T11:20:00+09:00"


UNKNOWN = f"""<html><head><title>Odd layout - Daily NK English</title>
<meta property="og:title" content="Odd layout - Daily NK English">
<meta property="og:url" content="{URL}">
<meta property="article:published_time" content="2024-04-19T01:00:00+00:00">
<meta property="article:tag" content="arrests">
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[{{"@type":"WebPage"}},
{{"@type":"NewsArticle","headline":"Odd layout","datePublished":"2024-04-19T10:00:00+09:00",
"author":{{"@type":"Person","name":"Jeong Tae Joo","url":"https://www.dailynk.com/english/author/jtj/"}},
"articleSection":["News"]}}]}}</script></head>
<body><div class="new-theme-wrap"><div class="menu"><p>Home</p></div>
<div class="story-body"><p>{PARAS[0]}</p><p>{PARAS[1]}</p></div>
<div class="side"><p>Short.</p></div></div></body></html>"""


def test_unknown_markup_falls_back_to_metadata_and_densest_text() -> None:
    report = parse_article(UNKNOWN)
    assert isinstance(report, Report)
    assert report.title == "Odd layout"
    assert report.published_at.isoformat() == "2024-04-19T10:00:00+09:00"
    assert [(a.name, a.url) for a in report.authors] == [
        ("Jeong Tae Joo", "https://www.dailynk.com/english/author/jtj/")
    ]
    assert report.categories == ("News",)
    assert report.tags == ("arrests",)
    assert report.body == PARAS


def test_listing_404_author_and_static_pages() -> None:
    listing = (
        "<html><body class='archive category category-news'><h1>News</h1></body></html>"
    )
    assert parse_article(listing, URL) == NotAnArticle("listing page")
    missing = "<html><body class='error404'><h1>Page not found</h1></body></html>"
    assert parse_article(missing, URL) == NotAnArticle("404 page")
    author = "<html><body class='archive author author-kmj'><h1>Kang Mi Jin</h1></body></html>"
    assert parse_article(author, URL) == NotAnArticle("author page")
    faq = "<html><body class='page-template-default page page-id-12'><p>FAQ</p></body></html>"
    assert parse_article(faq, URL) == NotAnArticle("static page, not an article")


def _fixture_pages() -> list[tuple[str, str, dict]]:
    pages = []
    for spec_path in sorted(ARTICLES.glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        if spec.get("expected"):
            html = spec_path.with_suffix(".html").read_text(encoding="utf-8")
            pages.append((spec_path.stem, html, spec))
    return pages


FIXTURE_PAGES = _fixture_pages()


@pytest.mark.parametrize(
    ("slug", "html", "spec"), FIXTURE_PAGES, ids=[p[0] for p in FIXTURE_PAGES]
)
def test_unknown_classes_still_give_title_date_and_body(
    slug: str, html: str, spec: dict
) -> None:
    # An unseen theme: every class and id is gone except the <body> classes.
    body_tag = re.search(r"<body[^>]*>", html)
    assert body_tag is not None
    declassed = re.sub(r"""\s(?:class|id)=("[^"]*"|'[^']*')""", "", html)
    declassed = re.sub(r"<body[^>]*>", body_tag.group(0), declassed, count=1)
    report = parse_article(declassed, spec["url"])
    assert isinstance(report, Report), report
    expected = spec["expected"]
    assert report.title == expected["title"]
    assert report.to_dict()["published_at"] == expected["published_at"]
    assert list(report.body) == expected["body"]
    assert report.translator == expected["translator"]
    assert report.contact_email == expected["contact_email"]


@pytest.mark.parametrize(
    ("slug", "html", "spec"), FIXTURE_PAGES, ids=[p[0] for p in FIXTURE_PAGES]
)
def test_without_head_metadata_the_visible_page_is_enough(
    slug: str, html: str, spec: dict
) -> None:
    stripped = re.sub(r"<meta\b[^>]*>", "", html)
    stripped = re.sub(
        r"<script type=\"application/ld\+json\">.*?</script>",
        "",
        stripped,
        flags=re.DOTALL,
    )
    report = parse_article(stripped, spec["url"])
    assert isinstance(report, Report), report
    actual = report.to_dict()
    for field in (
        "url",
        "title",
        "subtitle",
        "published_at",
        "authors",
        "categories",
        "tags",
        "body",
    ):
        assert actual[field] == spec["expected"][field], field


def test_old_byline_time_is_the_last_resort_for_the_date() -> None:
    page = (
        "<html><head><title>Too many bribes to count</title></head><body><div class='old'>"
        "<h1>Too many bribes to count</h1><p>Kang Mi Jin | 2017-03-09 17:20</p>"
        f"<div class='text'><p>{PARAS[0]}</p><p>{PARAS[1]}</p></div></div></body></html>"
    )
    report = parse_article(
        page, "http://www.dailynk.com/english/too-many-bribes-to-count/"
    )
    assert isinstance(report, Report)
    assert report.published_at.isoformat() == "2017-03-09T17:20:00+09:00"
    assert report.title == "Too many bribes to count"
    assert report.body == PARAS
