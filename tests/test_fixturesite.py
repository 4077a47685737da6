"""The offline site generator: deterministic build, full-size pages, hold-back, pagination, safety."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from conftest import SITE as FIXTURE_ROOT

from crawler.fixturesite.build import build
from crawler.fixturesite.expected import expected_report
from crawler.fixturesite.markup import cf_hex
from crawler.fixturesite.shape import has_seo_graph
from crawler.fixturesite.site import Site, load_manifest
from crawler.fixturesite.spec import SpecError, load_specs, parse_spec
from crawler.fixturesite.synthetic import SyntheticArchive
from crawler.items import REPORT_FIELDS, Report, content_hash

SPECS = load_specs(FIXTURE_ROOT / "specs")
MANIFEST = json.loads((FIXTURE_ROOT / "manifest.json").read_text(encoding="utf-8"))


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _text(html: bytes) -> str:
    """The page's text with whitespace (including &nbsp;) collapsed.

    Decoded first: like the real theme, <title> precedes <meta charset>, which libxml2's own
    detection misses (the HTTP header says UTF-8).
    """
    return " ".join(lxml.html.fromstring(html.decode("utf-8")).text_content().split())


def _links(html: bytes, css: str) -> list[str]:
    return [
        a.get("href") for a in lxml.html.fromstring(html.decode("utf-8")).cssselect(css)
    ]


@pytest.fixture(scope="module")
def site() -> Site:
    return Site.from_fixtures(FIXTURE_ROOT)


# -- build --------------------------------------------------------------------------------


def test_build_is_byte_identical_twice(tmp_path: Path) -> None:
    roots = [tmp_path / "a", tmp_path / "b"]
    for root in roots:
        shutil.copytree(FIXTURE_ROOT / "specs", root / "specs")
        build(root)
    files_a = sorted(
        p.relative_to(roots[0]) for p in roots[0].rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(roots[1]) for p in roots[1].rglob("*") if p.is_file()
    )
    assert files_a == files_b
    assert len(files_a) > 2 * len(SPECS)
    for rel in files_a:
        assert (roots[0] / rel).read_bytes() == (roots[1] / rel).read_bytes(), rel


def test_committed_fixtures_are_up_to_date(tmp_path: Path) -> None:
    """The committed articles/pages are exactly what a build of the committed specs gives."""
    shutil.copytree(FIXTURE_ROOT / "specs", tmp_path / "specs")
    build(tmp_path)
    assert (tmp_path / "manifest.json").read_bytes() == (
        FIXTURE_ROOT / "manifest.json"
    ).read_bytes()
    for page in MANIFEST["pages"]:
        assert (tmp_path / page["file"]).read_bytes() == (
            FIXTURE_ROOT / page["file"]
        ).read_bytes(), page["file"]


def test_every_manifest_file_exists_inside_the_root() -> None:
    root = FIXTURE_ROOT.resolve()
    assert MANIFEST["version"] == 1
    for page in MANIFEST["pages"]:
        file = (root / page["file"]).resolve()
        assert file.is_relative_to(root), page["file"]
        assert file.is_file(), page["file"]
        assert page["status"] == 200
        assert {"Content-Type", "Last-Modified", "ETag"} <= set(page["headers"]), page[
            "url"
        ]
        assert "charset=" in page["headers"]["Content-Type"].lower()
    urls = [p["url"] for p in MANIFEST["pages"]]
    assert len(urls) == len(set(urls))


def test_manifest_covers_the_site_kinds() -> None:
    urls = {p["url"] for p in MANIFEST["pages"]}
    for required in (
        "https://www.dailynk.com/english/",
        "https://www.dailynk.com/english/feed/",
        "https://www.dailynk.com/english/category/news/",
        "https://www.dailynk.com/english/category/news/page/2/",
        "https://www.dailynk.com/robots.txt",
        "https://www.dailynk.com/english/faq/",
        "https://www.dailynk.com/english/notices/?mod=document&uid=63",
        "https://www.dailynk.com/english/author/kmj/",
        "https://www.dailynk.com/english/wp-json/wp/v2/posts?per_page=100&page=1",
    ):
        assert required in urls
    assert any("/english/tag/" in u and "/page/2/" in u for u in urls), (
        "a tag page with pagination"
    )
    assert all(spec.url in urls for spec in SPECS)


# -- article pages ------------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_article_page_is_full_size_and_contains_its_body(spec) -> None:
    html = (FIXTURE_ROOT / "articles" / f"{spec.slug}.html").read_bytes()
    assert len(html) >= 60 * 1024
    text = _text(html)
    for paragraph in spec.paragraphs:
        assert " ".join(paragraph.split()) in text, paragraph[:60]
    assert html.count(b"rel='stylesheet'") >= 10
    assert b"td_module_mega_menu" in html or spec.published <= min(
        s.published for s in SPECS
    )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_expected_json_is_the_report_contract(spec) -> None:
    saved = json.loads(
        (FIXTURE_ROOT / "articles" / f"{spec.slug}.json").read_text(encoding="utf-8")
    )
    expected = saved["expected"]
    assert saved["url"] == spec.url
    assert saved["template"] == spec.template
    assert list(expected) == [*REPORT_FIELDS, "contact_hidden"]
    assert expected["topic"] == {"law_enforcement": spec.labels["law_enforcement"]}
    report = Report.from_dict(expected)
    assert report.content_hash == content_hash(spec.title, spec.paragraphs)
    assert str(report.published_at.utcoffset()) == "9:00:00"


def test_seed_000_author_has_no_name_line_and_hidden_addresses() -> None:
    html = (
        FIXTURE_ROOT
        / "articles"
        / "security-officials-demand-us-dollar-bribe-travelling-family.html"
    ).read_bytes()
    doc = lxml.html.fromstring(html.decode("utf-8"))
    box = doc.cssselect("div.author-box-wrap")[0]
    assert not box.cssselect(".td-author-name")
    assert box.text_content().strip().startswith("Lee Sang Yong is editor-in-chief")
    assert not doc.cssselect("div.td-post-author-name a")
    report = expected_report(
        next(s for s in SPECS if s.slug.startswith("security-officials-demand"))
    )
    assert report.contact_hidden
    assert report.contact_email is None
    assert report.authors[0].bio.endswith("He can be reached at")


def _cf_decode(code: str) -> str:
    key = int(code[:2], 16)
    return bytes(
        int(code[i : i + 2], 16) ^ key for i in range(2, len(code), 2)
    ).decode()


def test_cloudflare_addresses_decode_to_the_spec_address() -> None:
    seed_001 = next(
        s for s in SPECS if s.slug == "mps-officers-extract-bribes-fund-their-day-honor"
    )
    html = (FIXTURE_ROOT / "articles" / f"{seed_001.slug}.html").read_text(
        encoding="utf-8"
    )
    codes = re.findall(r'data-cfemail="([0-9a-f]+)"', html)
    decoded = {_cf_decode(c) for c in codes}
    assert seed_001.authors[0].email in decoded
    assert (
        _cf_decode(cf_hex("dailynkenglish@gmail.com", "x"))
        == "dailynkenglish@gmail.com"
    )


def test_templates_use_their_own_markup() -> None:
    by_template = {}
    for spec in SPECS:
        by_template.setdefault(spec.template, spec)
    assert set(by_template) == {"classic", "cloud", "legacy", "column"}
    pages = {
        t: (FIXTURE_ROOT / "articles" / f"{s.slug}.html").read_bytes()
        for t, s in by_template.items()
    }
    assert b'<h1 class="entry-title">' in pages["classic"]
    assert b'<h1 class="tdb-title-text">' not in pages["classic"]
    assert b'<h1 class="tdb-title-text">' in pages["cloud"]
    assert b"tdb_single_content" in pages["cloud"]
    assert b"<br />\n<br />" in pages["legacy"]
    assert b'<div class="td-container td-post-template-5 ">' in pages["column"]
    assert b" single_template_5 " in pages["column"]


# -- the Site model -----------------------------------------------------------------------


def test_site_serves_manifest_pages_identically(site: Site) -> None:
    for page in MANIFEST["pages"]:
        response = site.respond(_path(page["url"]))
        assert response.status == 200, page["url"]
        assert response.body == (FIXTURE_ROOT / page["file"]).read_bytes(), page["url"]
        assert response.headers["ETag"] == page["headers"]["ETag"]


def test_unknown_path_is_the_themes_404(site: Site) -> None:
    response = site.respond("/english/no-such-article/")
    assert response.status == 404
    assert b"Ooops... Error 404" in response.body


@pytest.mark.parametrize(
    "path",
    [
        "/english/../../etc/passwd",
        "/english/%2e%2e/%2e%2e/etc/passwd",
        "/english/..%2f..%2f..%2fetc%2fpasswd",
        "/english/%252e%252e/%252e%252e/etc/passwd",
        "/../manifest.json",
        "/english/..\\..\\specs\\zz-sitegen-classic.json",
        "/english/specs/zz-sitegen-classic.json",
        "/english/articles/zz-sitegen-classic.json",
        "//etc/passwd",
        "etc/passwd",
        "/english/%00/",
    ],
)
def test_traversal_never_reads_outside(site: Site, path: str) -> None:
    response = site.respond(path)
    assert response.status in (301, 404)
    assert b"root:" not in response.body
    assert b'"labels"' not in response.body


def test_manifest_file_outside_root_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            {
                "version": 1,
                "pages": [
                    {
                        "url": "https://www.dailynk.com/x/",
                        "file": "../../etc/passwd",
                        "status": 200,
                        "headers": {},
                    }
                ],
            }
        )
    )
    with pytest.raises(ValueError, match="not a file inside"):
        load_manifest(tmp_path)


def test_redirects_like_wordpress(site: Site) -> None:
    spec = SPECS[0]
    no_slash = site.respond(_path(spec.url).rstrip("/"))
    assert (no_slash.status, no_slash.headers["Location"]) == (301, spec.url)
    short = site.respond(f"/english/?p={spec.post_id}")
    assert (short.status, short.headers["Location"]) == (301, spec.url)
    assert (
        site.respond("/english/category/news/page/1/")
        .headers["Location"]
        .endswith("/category/news/")
    )


def _walk_category(site: Site, path: str) -> list[str]:
    """Follow the numbered pagination's next arrow and collect the listed article URLs."""
    seen, pages = [], 0
    while path and pages < 100:
        response = site.respond(path)
        assert response.status == 200, path
        seen += _links(response.body, ".td_module_10 h3.entry-title a")
        nxt = _links(response.body, "div.page-nav a:has(i.td-icon-menu-right)")
        path = _path(nxt[0]) if nxt else ""
        pages += 1
    return seen


def test_pagination_lists_every_article_once() -> None:
    site = Site.from_fixtures(FIXTURE_ROOT, archive=60, seed=3)
    news = [e.url for e in site.visible_entries if "News" in e.categories]
    listed = _walk_category(site, "/english/category/news/")
    assert sorted(listed) == sorted(news)
    assert len(listed) == len(set(listed))
    assert listed == news  # newest first


def test_hold_back_hides_newest_everywhere_until_published() -> None:
    site = Site.from_fixtures(FIXTURE_ROOT, hold_back=3)
    held = site.held_back
    newest = sorted(SPECS, key=lambda s: (s.published, s.post_id), reverse=True)[:3]
    assert sorted(held) == sorted(s.url for s in newest)
    assert not set(held) & set(site.article_urls)

    def visible_everywhere(url: str) -> dict[str, bool]:
        spec = next(s for s in SPECS if s.url == url)
        feed = site.respond("/english/feed/").body.decode()
        rest = site.respond("/english/wp-json/wp/v2/posts?per_page=100").body.decode()
        category = f"/english/category/{spec.categories[0].lower().replace(' & ', '-and-').replace(' ', '-')}/"
        return {
            "page": site.respond(_path(url)).status == 200,
            "feed": f"<link>{url}</link>" in feed,
            "rest": f'"link":"{url}"'.replace("/", "\\/") in rest,
            "rest_item": site.respond(
                f"/english/wp-json/wp/v2/posts/{spec.post_id}"
            ).status
            == 200,
            "home": url.encode() in site.respond("/english/").body,
            "listing": url in _walk_category(site, category),
        }

    for url in held:
        assert not any(visible_everywhere(url).values()), url
    oldest_held = held[-1]
    assert site.publish_next() == oldest_held
    assert all(visible_everywhere(oldest_held).values())
    assert site.held_back == held[:-1]
    while site.publish_next():
        pass
    assert site.publish_next() is None
    assert len(site.article_urls) == len(SPECS)


def test_rest_totals_and_pages() -> None:
    site = Site.from_fixtures(FIXTURE_ROOT, archive=45, hold_back=2)
    total = len(site.article_urls)
    first = site.respond("/english/wp-json/wp/v2/posts?per_page=20&page=1")
    assert first.headers["X-WP-Total"] == str(total)
    assert first.headers["X-WP-TotalPages"] == str(-(-total // 20))
    assert 'rel="next"' in first.headers["Link"]
    ids = []
    for n in range(1, -(-total // 20) + 1):
        ids += [
            p["id"]
            for p in json.loads(
                site.respond(f"/english/wp-json/wp/v2/posts?per_page=20&page={n}").body
            )
        ]
    assert len(ids) == len(set(ids)) == total
    beyond = site.respond(
        f"/english/wp-json/wp/v2/posts?per_page=20&page={-(-total // 20) + 1}"
    )
    assert beyond.status == 400
    assert b"rest_post_invalid_page_number" in beyond.body
    assert site.respond("/english/wp-json/wp/v2/posts?per_page=101").status == 400
    post = json.loads(first.body)[0]
    assert {"id", "date", "date_gmt", "modified", "slug", "link", "title", "content", "excerpt", "author",
            "categories", "tags"} <= set(post)  # fmt: skip


def test_rest_after_filter(site: Site) -> None:
    newest = sorted(SPECS, key=lambda s: s.published, reverse=True)
    cut = newest[4].published.isoformat()
    body = site.respond(f"/english/wp-json/wp/v2/posts?per_page=100&after={cut}").body
    assert {p["link"] for p in json.loads(body)} == {s.url for s in newest[:4]}


def test_feed_is_rss2_with_content(site: Site) -> None:
    response = site.respond("/english/feed/")
    assert response.headers["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.body)
    assert not feed.bozo, feed.get("bozo_exception")
    newest = sorted(SPECS, key=lambda s: (s.published, s.post_id), reverse=True)[:10]
    assert [e.link for e in feed.entries] == [s.url for s in newest]
    for entry, spec in zip(feed.entries, newest, strict=True):
        assert spec.paragraphs[0].split()[-1] in entry.content[0].value
        assert entry.author == spec.authors[0].name
        assert entry.published.endswith("+0000")
        assert entry.id == f"https://www.dailynk.com/english/?p={spec.post_id}"


def test_feed_validators_change_when_an_article_is_published() -> None:
    site = Site.from_fixtures(FIXTURE_ROOT, hold_back=1)
    before = site.respond("/english/feed/").headers
    again = site.respond("/english/feed/").headers
    site.publish_next()
    after = site.respond("/english/feed/").headers
    assert before["ETag"] == again["ETag"]
    assert before["ETag"] != after["ETag"]
    assert before["Last-Modified"] != after["Last-Modified"]


# -- synthetic archive --------------------------------------------------------------------


def test_synthetic_archive_is_deterministic_and_prefix_stable() -> None:
    small, large = SyntheticArchive(30, seed=7), SyntheticArchive(60, seed=7)
    assert small.entries() == large.entries()[:30]
    assert small.spec(12) == large.spec(12)
    assert SyntheticArchive(30, seed=8).entries() != small.entries()


def test_synthetic_archive_is_varied_with_exact_labels() -> None:
    archive = SyntheticArchive(5000, seed=1)
    specs = [archive.spec(i) for i in range(0, 5000, 12)]
    assert {s.template for s in specs} == {"classic", "cloud", "legacy"}
    assert {s.labels["law_enforcement"] for s in specs} == {True, False}
    assert {a["currency"] for s in specs for a in s.labels["amounts"]} == {
        "USD",
        "CNY",
        "KRW",
        "KPW",
    }
    assert len({a for s in specs for a in s.labels["agencies"]}) >= 6
    assert len({p for s in specs for p in s.labels["provinces"]}) >= 8
    assert len({s.title for s in specs}) > 350
    assert len({s.url for s in specs}) == len(specs)
    for spec in specs:
        text = " ".join([spec.title, *spec.paragraphs])
        for place in spec.labels["places"]:
            assert place["name"] in text
        for amount in spec.labels["amounts"]:
            assert amount["text"] in text
        assert spec.labels["agencies"] == sorted(spec.labels["agencies"])


def test_large_archive_is_lazy_and_fast() -> None:
    import time

    started = time.perf_counter()
    site = Site.from_fixtures(FIXTURE_ROOT, archive=5000, hold_back=5)
    built = time.perf_counter() - started
    assert len(site.article_urls) == len(SPECS) + 5000 - 5
    started = time.perf_counter()
    oldest = site.article_urls[-1]
    page = site.respond(_path(oldest))
    listing = site.respond("/english/category/news/page/300/")
    rest = site.respond("/english/wp-json/wp/v2/posts?per_page=100&page=20")
    served = time.perf_counter() - started
    assert page.status == listing.status == rest.status == 200
    assert len(page.body) >= 60 * 1024
    assert built < 10, built
    assert served < 5, served


# -- spec validation ----------------------------------------------------------------------


def _good_spec() -> dict:
    return json.loads(
        (FIXTURE_ROOT / "specs" / "zz-sitegen-classic.json").read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(template="modern"), "template"),
        (lambda d: d.update(published="2020-03-18T14:25:00+09:00"), "published"),
        (lambda d: d.update(url="https://www.dailynk.com/english/Bad Slug/"), "url"),
        (
            lambda d: d["authors"][0].update(email_markup="hidden"),
            "authors[0].email_markup",
        ),
        (lambda d: d["image"].update(caption_style="slashed"), "image.caption_style"),
        (lambda d: d["blocks"].append({"p": "x", "h": "y"}), "blocks[11]"),
        (
            lambda d: d["labels"].update(agencies=["state_security", "police"]),
            "labels.agencies",
        ),
        (lambda d: d["labels"].update(provinces=["Ryanggang"]), "labels.provinces"),
        (lambda d: d.update(colour="red"), "colour"),
        (lambda d: d.update(post_id="260101"), "post_id"),
        (lambda d: d["variant"].update(fancy=True), "variant.fancy"),
    ],
)
def test_bad_specs_name_file_and_field(change, field: str) -> None:
    data = _good_spec()
    change(data)
    with pytest.raises(SpecError) as error:
        parse_spec(data, "bad.json")
    assert str(error.value).startswith(f"bad.json: {field}:")


def test_build_command_reports_a_bad_spec(tmp_path: Path) -> None:
    from crawler.fixturesite.__main__ import main

    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "broken.json").write_text("{not json")
    assert main(["build", "--root", str(tmp_path)]) == 1
    assert main(["build", "--root", str(tmp_path / "missing")]) == 2


# -- the real markup (shared/dailynk-real-pages.md; issue 10) -------------------------------

CLASSIC_SHELL = [s for s in SPECS if s.template in ("classic", "legacy", "column")]


def _doc(spec) -> lxml.html.HtmlElement:
    html = (FIXTURE_ROOT / "articles" / f"{spec.slug}.html").read_bytes()
    return lxml.html.fromstring(html.decode("utf-8"))


def _expected(spec) -> dict:
    path = FIXTURE_ROOT / "articles" / f"{spec.slug}.json"
    return json.loads(path.read_text(encoding="utf-8"))["expected"]


def _graph(doc) -> dict[str, dict]:
    """Yoast's JSON-LD graph by @type (first type of a list)."""
    scripts = doc.cssselect("script.yoast-schema-graph")
    if not scripts:
        return {}
    nodes = json.loads(scripts[0].text)["@graph"]
    return {
        (n["@type"][0] if isinstance(n["@type"], list) else n["@type"]): n
        for n in nodes
    }


def _instant(value: str, convention: str):
    """Read a time with the convention its source is known to use (real-pages §2)."""
    from datetime import UTC, datetime, timedelta, timezone
    from email.utils import parsedate_to_datetime

    kst = timezone(timedelta(hours=9))
    if convention == "kst_mislabelled":  # "+00:00" on KST wall-clock time
        assert value.endswith("+00:00"), value
        return datetime.fromisoformat(value[:-6]).replace(tzinfo=kst)
    if convention == "rfc822":
        return parsedate_to_datetime(value)
    if convention == "kst_naive":
        return datetime.fromisoformat(value).replace(tzinfo=kst)
    if convention == "utc_naive":
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return datetime.fromisoformat(value)  # an ISO time with its true offset


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.slug)
def test_every_time_source_of_a_page_describes_the_expected_instant(spec) -> None:
    from datetime import datetime

    doc, expected = _doc(spec), _expected(spec)
    published = datetime.fromisoformat(expected["published_at"])
    modified = datetime.fromisoformat(expected["modified_at"] or expected["published_at"])

    def meta(selector: str) -> str:
        return doc.cssselect(selector)[0].get("content")

    header_time = "div.tdb_single_date time" if spec.template == "cloud" else "header time.entry-date"
    assert _instant(doc.cssselect(header_time)[0].get("datetime"), "kst_mislabelled") == published
    if spec.template != "cloud":  # the Cloud Library template prints no microdata
        assert _instant(meta('meta[itemprop="datePublished"]'), "kst_mislabelled") == published
        date_modified = meta('meta[itemprop="dateModified"]')
        assert date_modified.endswith("+09:00")
        assert _instant(date_modified, "iso") == modified
    if not spec.variant.get("no_og"):
        assert meta('meta[property="article:published_time"]').endswith("+00:00")
        assert _instant(meta('meta[property="article:published_time"]'), "iso") == published
        if expected["modified_at"]:
            assert _instant(meta('meta[property="article:modified_time"]'), "iso") == modified
    if has_seo_graph(spec):
        webpage = _graph(doc)["WebPage"]
        assert _instant(webpage["datePublished"], "iso") == published
        assert _instant(webpage["dateModified"], "iso") == modified
    for script in doc.cssselect('script[type="application/ld+json"]'):
        data = json.loads(script.text)
        if data.get("@type") == "NewsArticle":  # the cloud template's own JSON-LD: true UTC too
            assert _instant(data["datePublished"], "iso") == published
            assert _instant(data["dateModified"], "iso") == modified


def test_feed_and_rest_times_describe_the_same_instant_as_the_page(site: Site) -> None:
    from datetime import datetime

    feed = feedparser.parse(site.respond("/english/feed/").body)
    by_link = {e.link: e for e in feed.entries}
    checked = 0
    for spec in SPECS:
        expected = _expected(spec)
        published = datetime.fromisoformat(expected["published_at"])
        modified = datetime.fromisoformat(expected["modified_at"] or expected["published_at"])
        post = json.loads(site.respond(f"/english/wp-json/wp/v2/posts/{spec.post_id}").body)
        assert _instant(post["date"], "kst_naive") == published
        assert _instant(post["date_gmt"], "utc_naive") == published
        assert _instant(post["modified"], "kst_naive") == modified
        assert _instant(post["modified_gmt"], "utc_naive") == modified
        if spec.url in by_link:
            assert by_link[spec.url].published.endswith("+0000")
            assert _instant(by_link[spec.url].published, "rfc822") == published
            checked += 1
    assert checked == 10


@pytest.mark.parametrize("spec", CLASSIC_SHELL, ids=lambda s: s.slug)
def test_classic_pages_follow_the_real_markup(spec) -> None:
    doc = _doc(spec)
    post_id = spec.post_id
    body_class = doc.body.get("class").split()
    assert {f"postid-{post_id}", spec.slug, "single-post"} <= set(body_class)
    assert doc.cssselect("link[rel=shortlink]")[0].get("href") == f"https://www.dailynk.com/english/?p={post_id}"
    feeds = [link.get("href") for link in doc.cssselect('link[rel=alternate][type="application/rss+xml"]')]
    assert f"{spec.url}feed/" in feeds
    article = doc.cssselect(f"article#post-{post_id}.post")[0]
    content = article.cssselect("div.td-post-content")[0]
    if spec.image:
        img = content.cssselect(
            "div.td-post-featured-image > figure > a[data-caption] > img.entry-thumb.td-modal-image"
        )
        assert img
        assert content.cssselect("div.td-post-featured-image figcaption.wp-caption-text")
    footer = article.cssselect("footer")[0]
    assert footer.cssselect("div.td-post-source-tags ul.td-tags li span")[0].text == "TAGS"
    assert footer.cssselect("div.td-post-sharing.td-post-sharing-bottom")
    assert footer.cssselect('span[itemprop="author"][itemtype="https://schema.org/Person"] meta[itemprop="name"]')
    # Related posts come after </article> and carry other articles' <time>s.
    related = doc.cssselect("div.td_block_related_posts")
    if related:
        assert article not in related[0].iterancestors()
        assert related[0].cssselect("time.entry-date")
    if not spec.variant.get("no_og"):
        assert [m.get("content") for m in doc.cssselect('meta[property="article:section"]')] == [spec.categories[0]]
        assert [m.get("content") for m in doc.cssselect('meta[property="article:tag"]')] == list(spec.tags)
        assert {"WebPage", "Person"} <= set(_graph(doc))
    if spec.template == "classic":
        spans = content.cssselect('p > span[style="font-weight: 400;"]')
        # A subheading is the same <p> unless the spec asks for another tag.
        kinds = ("p",) if "subheading_tag" in spec.variant else ("p", "h")
        assert len(spans) == sum(1 for b in spec.blocks if b.kind in kinds)
        for figure in content.cssselect("figure.wp-caption"):
            lazy = figure.cssselect("img[data-lazy-src]")[0]
            assert lazy.get("src").startswith("data:image/gif;base64,")
            assert figure.cssselect("noscript")


def test_2019_pages_show_no_author_box_and_give_the_bio_in_json_ld() -> None:
    hidden = [s for s in SPECS if s.template == "classic" and s.published.year < 2020
              and not s.variant.get("author_box")]  # fmt: skip
    assert len(hidden) >= 4
    for spec in hidden:
        doc = _doc(spec)
        assert not doc.cssselect("div.author-box-wrap"), spec.slug
        vcard = doc.cssselect("footer div.td-author-name.vcard.author")[0]
        assert "display: none" in vcard.get("style")
        assert doc.cssselect("div.td-a-rec.td-a-rec-id-content_bottom a[href$='paypal_link.php']")
        bio = _expected(spec)["authors"][0]["bio"]
        if spec.variant.get("no_og"):
            assert bio is None  # no Yoast graph, no box: the page has no bio at all
        else:
            assert _graph(doc)["Person"]["description"] == bio
    boxed = [s for s in SPECS if s.template == "classic" and s.published.year >= 2020
             and any(a.bio for a in s.authors)]  # fmt: skip
    for spec in boxed:
        doc = _doc(spec)
        assert doc.cssselect("div.author-box-wrap div.td-author-description"), spec.slug
        assert not doc.cssselect("div.td-a-rec-id-content_bottom")


def test_guest_column_is_template_5_with_a_div_body_and_a_disclaimer() -> None:
    (spec,) = [s for s in SPECS if s.template == "column"]
    doc, expected = _doc(spec), _expected(spec)
    assert doc.cssselect("div.td-container.td-post-template-5")
    assert "single_template_5" in doc.body.get("class").split()
    assert [a.text for a in doc.cssselect("ul.td-category a")] == ["Opinion", "Guest Columns"]
    assert doc.cssselect("div.td-post-author-name a")[0].get("href").endswith("/english/author/dailynk/")
    assert not doc.cssselect("p.td-post-sub-title, div.td-post-featured-image")
    assert not doc.cssselect("ul.td-tags a")
    content = doc.cssselect("div.td-post-content")[0]
    assert not content.cssselect("p")
    divs = [d for d in content if d.tag == "div" and not d.get("class")]
    assert len(divs) == len(expected["body"]) + 1
    last = lxml.html.tostring(divs[-1], encoding="unicode", with_tail=False)
    assert last == (
        '<div><font color="#000000"><b><i>*Views expressed in Guest Columns do not necessarily '
        "reflect those of Daily NK.</i></b></font></div>"
    )
    assert expected["disclaimer"] == divs[-1].text_content().lstrip("*")


def test_credit_lines_take_every_real_form() -> None:
    found = {}
    for spec in SPECS:
        doc, expected = _doc(spec), _expected(spec)
        lines = [e.text_content() for e in doc.cssselect("div.td-post-content p > em, div.tdb_single_content p > em")
                 if e.text_content().startswith(("*Translated", "*Edited"))]  # fmt: skip
        if not lines:
            assert (expected["translator"], expected["editor"]) == (None, None), spec.slug
            continue
        (line,) = lines
        form = re.sub(r"[A-Z][a-z]+(?: [A-Z][a-z]+)+", "N", line)
        found[form] = (expected["translator"], expected["editor"])
        names = re.findall(r"[A-Z][a-z]+(?: [A-Z][a-z]+)+", line)
        assert [n for n in (expected["translator"], expected["editor"]) if n] == (
            names * 2 if form == "*Translated and edited by N" else names
        ), spec.slug
    assert set(found) == {"*Translated by N and edited by N", "*Translated by N",
                          "*Translated and edited by N", "*Edited by N"}  # fmt: skip


def test_upload_urls_carry_hangul_raw_percent_encoded_and_decomposed() -> None:
    import unicodedata

    urls = []
    for spec in SPECS:
        pictures = [spec.image, *(b.figure for b in spec.blocks if b.figure)]
        urls += [p.url for p in pictures if p]
    hangul = re.compile("[\uac00-\ud7a3]")
    jamo = re.compile("[\u1100-\u11ff]")
    assert any(hangul.search(u) for u in urls), "a raw (NFC) Hangul file name"
    assert any("%EA" in u or "%ED" in u or "%EB" in u or "%EC" in u for u in urls), "a percent-encoded one"
    nfd = [u for u in urls if jamo.search(u)]
    assert nfd, "a decomposed (NFD) one"
    assert all(unicodedata.normalize("NFC", u) != u for u in nfd)
    for spec in SPECS:
        if spec.image:
            page = (FIXTURE_ROOT / "articles" / f"{spec.slug}.html").read_text(encoding="utf-8")
            assert f'href="{spec.image.url}"' in page  # written exactly so on the page


def test_a_scheduled_post_was_modified_before_it_was_published() -> None:
    from datetime import datetime

    early = [s for s in SPECS if s.modified and s.modified < s.published]
    assert early
    expected = _expected(early[0])
    assert datetime.fromisoformat(expected["modified_at"]) < datetime.fromisoformat(expected["published_at"])


def test_home_page_is_a_visual_composer_page_linking_static_pages(site: Site) -> None:
    from crawler.fixturesite.static_pages import PAGES

    home = site.respond("/english/").body
    doc = lxml.html.fromstring(home.decode("utf-8"))
    assert {"home", "page-template", "page"} <= set(doc.body.get("class").split())
    for block in ("td_block_big_grid_9", "td_block_2", "td_block_4", "td_block_text_with_title",
                  "td_block_exchange", "td_block_mega_menu"):  # fmt: skip
        assert doc.cssselect(f"div.{block}"), block
    for module in ("td_module_1", "td_module_2", "td_module_6", "td_module_mx5", "td_module_mx11",
                   "td_module_17", "td_module_18", "td_module_19", "td_module_mega_menu"):  # fmt: skip
        assert doc.cssselect(f"div.{module}"), module
    feeds = {link.get("href") for link in doc.cssselect('head link[rel=alternate][type="application/rss+xml"]')}
    assert {"https://www.dailynk.com/english/feed/", "https://www.dailynk.com/english/comments/feed/",
            "https://www.dailynk.com/english/wp-content/plugins/kboard/rss.php",
            "https://www.dailynk.com/english/news/feed/"} <= feeds  # fmt: skip
    links = {a.get("href") for a in doc.cssselect("a[href]")}
    article_links = {a.get("href") for a in doc.cssselect("h3.entry-title.td-module-title > a[rel=bookmark]")}
    assert article_links <= set(site.article_urls)
    assert len(PAGES) >= 10
    manifest_urls = {p["url"] for p in MANIFEST["pages"]}
    for page in PAGES:
        assert page.url in links, page.slug
        assert page.url in manifest_urls, page.slug
        response = site.respond(_path(page.url))
        assert response.status == 200
        page_doc = lxml.html.fromstring(response.body.decode("utf-8"))
        classes = page_doc.body.get("class").split()
        assert {"page-template", "page", f"page-id-{page.page_id}"} <= set(classes)
        assert not page_doc.cssselect("article.post")
