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
