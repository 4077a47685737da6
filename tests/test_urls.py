"""URL rules: canonical form, scope, article and listing kinds (crawler.urls)."""

from __future__ import annotations

import pytest

from crawler.urls import Scope

SITE = Scope.from_base_url("https://www.dailynk.com/english/")
LOCAL = Scope.from_base_url("http://127.0.0.1:8765/english/")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        # http, the bare host and a missing slash are the same article
        (
            "http://www.dailynk.com/english/some-slug",
            "https://www.dailynk.com/english/some-slug/",
        ),
        (
            "https://dailynk.com/english/some-slug/",
            "https://www.dailynk.com/english/some-slug/",
        ),
        (
            "HTTPS://WWW.DAILYNK.COM/english/some-slug/",
            "https://www.dailynk.com/english/some-slug/",
        ),
        (
            "https://www.dailynk.com:443/english/some-slug/",
            "https://www.dailynk.com/english/some-slug/",
        ),
        # the comment anchor and tracking parameters name the same page
        (
            "https://www.dailynk.com/english/some-slug/#respond",
            "https://www.dailynk.com/english/some-slug/",
        ),
        (
            "https://www.dailynk.com/english/some-slug/?utm_source=x&utm_medium=y",
            "https://www.dailynk.com/english/some-slug/",
        ),
        # legacy read.php on either host, parameters in a fixed order
        (
            "http://english.dailynk.com/english/read.php?num=12441&cataId=nk01500",
            "https://www.dailynk.com/english/read.php?num=12441&cataId=nk01500",
        ),
        (
            "http://www.dailynk.com/english/read.php?cataId=nk01500&num=14469",
            "https://www.dailynk.com/english/read.php?num=14469&cataId=nk01500",
        ),
        # the REST API keeps its query as it is
        (
            "https://www.dailynk.com/english/wp-json/wp/v2/posts?per_page=100&page=2",
            "https://www.dailynk.com/english/wp-json/wp/v2/posts?per_page=100&page=2",
        ),
        ("https://www.dailynk.com/english", "https://www.dailynk.com/english/"),
    ],
)
def test_canonical_form(url: str, canonical: str) -> None:
    assert SITE.canonicalize(url) == canonical


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailynk.com/20210609-3/",  # Korean edition
        "https://www.dailynk.com/japanese/some-slug/",  # Japanese edition
        "https://www.dailynk.com/",  # outside the prefix
        "https://www.dailynk.com/englishx/some-slug/",  # a prefix of the prefix is not it
        "https://mirror.example/english/some-slug/",  # mirror
        "https://www.dailynk.com.evil.test/english/some-slug/",
        "https://www.facebook.com/sharer.php?u=https://www.dailynk.com/english/x/",
        "https://www.dailynk.com/english/some-slug/?share=twitter",  # share link
        "https://www.dailynk.com/english/category/news/?filter_by=popular",
        "https://www.dailynk.com/english/?replytocom=5",
        "https://www.dailynk.com/english/read.php?num=abc&cataId=nk01500",
        "mailto:dailynkenglish@uni-media.net",
        "javascript:alert(1)",
        "ftp://www.dailynk.com/english/some-slug/",
        "file:///etc/passwd",
        "data:text/html,hi",
        "https://www.dailynk.com:99999/english/some-slug/",  # bad port
        "",
    ],
)
def test_refused_urls(url: str) -> None:
    assert SITE.canonicalize(url) is None
    assert not SITE.is_article_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailynk.com/english/mps-officers-extract-bribes-fund-their-day-honor/",
        "https://www.dailynk.com/english/five-women-publicly-executed-in-ho/",
        "https://www.dailynk.com/english/40yearold-male-flees-after-attacki/",
        "https://www.dailynk.com/english/read.php?num=12441&cataId=nk01500",
    ],
)
def test_article_urls(url: str) -> None:
    assert SITE.article_url(url) == url
    assert not SITE.is_listing_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailynk.com/english/category/news/",
        "https://www.dailynk.com/english/tag/forced-labor/",
        "https://www.dailynk.com/english/author/kmj/",
        "https://www.dailynk.com/english/feed/",
        "https://www.dailynk.com/english/some-slug/feed/",  # comment feed
        "https://www.dailynk.com/english/some-slug/embed/",
        "https://www.dailynk.com/english/wp-admin/",
        "https://www.dailynk.com/english/wp-login.php",
        "https://www.dailynk.com/english/wp-content/uploads/sites/2/2019/11/a.jpg",
        "https://www.dailynk.com/english/faq/",
        "https://www.dailynk.com/english/2019/",  # date archive
        "https://www.dailynk.com/english/2019/11/",
        "https://www.dailynk.com/english/page/2/",
        "https://www.dailynk.com/english/",
    ],
)
def test_not_article_urls(url: str) -> None:
    assert not SITE.is_article_url(url)


@pytest.mark.parametrize(
    ("url", "first", "page"),
    [
        ("https://www.dailynk.com/english/", "https://www.dailynk.com/english/", 1),
        (
            "https://www.dailynk.com/english/page/3/",
            "https://www.dailynk.com/english/",
            3,
        ),
        (
            "https://www.dailynk.com/english/category/news/",
            "https://www.dailynk.com/english/category/news/",
            1,
        ),
        (
            "https://www.dailynk.com/english/category/news/page/26/",
            "https://www.dailynk.com/english/category/news/",
            26,
        ),
        (
            "https://www.dailynk.com/english/tag/defections/page/2/",
            "https://www.dailynk.com/english/tag/defections/",
            2,
        ),
    ],
)
def test_listing_pages(url: str, first: str, page: int) -> None:
    assert SITE.is_listing_url(url)
    assert SITE.first_page(url) == first
    assert SITE.page_number(url) == page
    assert SITE.listing_page(first, page) == url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailynk.com/english/category/news/page/0/",
        "https://www.dailynk.com/english/category/news/page/two/",
        "https://www.dailynk.com/english/category/news/feed/",
        "https://www.dailynk.com/english/category/",
    ],
)
def test_not_listing_urls(url: str) -> None:
    assert not SITE.is_listing_url(url)


def test_local_scope_keeps_scheme_and_port() -> None:
    url = "http://127.0.0.1:8765/english/some-slug"
    assert LOCAL.article_url(url) == "http://127.0.0.1:8765/english/some-slug/"
    assert LOCAL.canonicalize("http://127.0.0.1:8766/english/some-slug/") is None
    assert LOCAL.canonicalize("https://www.dailynk.com/english/some-slug/") is None


def test_relative_links_resolve_against_the_page() -> None:
    page = "https://www.dailynk.com/english/category/news/"
    assert (
        SITE.article_url("/english/some-slug/", page)
        == "https://www.dailynk.com/english/some-slug/"
    )
    assert (
        SITE.listing_url("page/2/", page)
        == "https://www.dailynk.com/english/category/news/page/2/"
    )


@pytest.mark.parametrize(
    "base", ["ftp://www.dailynk.com/english/", "www.dailynk.com/english/", ""]
)
def test_base_url_must_be_http(base: str) -> None:
    with pytest.raises(ValueError, match="base URL"):
        Scope.from_base_url(base)
