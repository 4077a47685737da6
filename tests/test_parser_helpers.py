"""Pure helpers of the parser: captions, Cloudflare e-mails, site times, URLs, footer lines."""

from __future__ import annotations

from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from crawler.parsers.cfemail import decode_cfemail, decode_protected_emails
from crawler.parsers.common import iter_lines
from crawler.parsers.document import decode_html, looks_binary
from crawler.parsers.footer import (
    contact_of,
    credits_of,
    disclaimer_of,
    is_read_in_korean,
    is_widget_text,
    translator_of,
)
from crawler.parsers.images import split_caption
from crawler.parsers.times import local_time, true_time, wall_clock
from crawler.urls import canonical_url, is_korean_article


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "A group of officers at a park in Wonsan, Kangwon Province. / Image: Daily NK",
            "A group of officers at a park in Wonsan, Kangwon Province.",
            "Daily NK",
        ),
        (
            "Portable \u201cnotel\u201d media player popular in North Korea. Image: Daily NK",
            "Portable \u201cnotel\u201d media player popular in North Korea.",
            "Daily NK",
        ),
        (
            "FILE PHOTO: A view of Yanggang Province from the Chinese side. (Daily NK)",
            "FILE PHOTO: A view of Yanggang Province from the Chinese side.",
            "Daily NK",
        ),
        (
            "FILE PHOTO: Hyesan at night (\u00a9 Daily NK)",
            "FILE PHOTO: Hyesan at night",
            "Daily NK",
        ),
        (
            "A marker on the border between China and North Korea (Wikimedia Commons)",
            "A marker on the border between China and North Korea",
            "Wikimedia Commons",
        ),
        (
            "A scene from Hoeryong taken back in 2013. / Image: Flickr, Creative Commons, ",
            "A scene from Hoeryong taken back in 2013.",
            "Flickr, Creative Commons",
        ),
        (
            "Kim Jong Un (center) inspects a farm",
            "Kim Jong Un (center) inspects a farm",
            None,
        ),
        (
            "Kim Jong Un inspects a farm (center)",
            "Kim Jong Un inspects a farm (center)",
            None,
        ),
        ("Image: Daily NK", None, "Daily NK"),
        ("", None, None),
    ],
)
def test_split_caption(text: str, caption: str | None, credit: str | None) -> None:
    assert split_caption(text) == (caption, credit)


def _cf(address: str, key: int) -> str:
    return f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in address)


def test_decode_cfemail_round_trip_with_any_key() -> None:
    for key in (0x00, 0x21, 0x5A, 0xFF):
        assert (
            decode_cfemail(_cf("dailynkenglish@gmail.com", key))
            == "dailynkenglish@gmail.com"
        )


@pytest.mark.parametrize("bad", ["", "zz", "5a3", "5a", "5a" + "00" * 5, None])
def test_decode_cfemail_rejects_garbage(bad: str | None) -> None:
    assert decode_cfemail(bad) is None


def test_protected_emails_decoded_in_place_and_placeholders_dropped() -> None:
    soup = BeautifulSoup(
        "<div><p>Write to <a href='/cdn-cgi/l/email-protection#"
        + _cf("a@b.org", 7)
        + "'><span class='__cf_email__' data-cfemail='zz'>[email&#160;protected]</span></a>.</p>"
        "<p>Or to <span class='__cf_email__' data-cfemail='"
        + _cf("c@d.net", 9)
        + "'>[email&#160;protected]</span> today.</p>"
        "<p>Hidden: directed to <a href='/cdn-cgi/l/email-protection'>[email&#160;protected]</a>.</p>"
        "<p>Link as carrier: <a href='/cdn-cgi/l/email-protection' class='__cf_email__' "
        "data-cfemail='" + _cf("e@f.com", 0x33) + "'>[email&#160;protected]</a></p>"
        "</div>",
        "lxml",
    )
    decode_protected_emails(soup)
    assert [text for text, _ in iter_lines(soup)] == [
        "Write to a@b.org.",
        "Or to c@d.net today.",
        "Hidden: directed to.",
        "Link as carrier: e@f.com",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-14T09:12:00+00:00", "2019-11-14T09:12:00+09:00"),
        ("2019-11-14T09:12:00Z", "2019-11-14T09:12:00+09:00"),
        ("2019-11-14T09:12:00", "2019-11-14T09:12:00+09:00"),
        ("2019-11-14T09:12:00+09:00", "2019-11-14T09:12:00+09:00"),
        ("2019-11-14T00:12:00-05:00", "2019-11-14T14:12:00+09:00"),
        ("Thu, 14 Nov 2019 09:12:00 +0900", "2019-11-14T09:12:00+09:00"),
        ("Fri, 23 Feb 18 15:41:09 +0900", "2018-02-23T15:41:09+09:00"),
        ("Thu, 14 Nov 2019 09:12:00 +0000", "2019-11-14T09:12:00+09:00"),
        ("November 14, 2019", "2019-11-14T00:00:00+09:00"),
        ("Nov. 14, 2019", "2019-11-14T00:00:00+09:00"),
    ],
)
def test_wall_clock(value: str, expected: str) -> None:
    parsed = wall_clock(value)
    assert parsed is not None
    assert parsed.isoformat() == expected


@pytest.mark.parametrize(
    "value", [None, "", "yesterday", "2019-13-45T99:00:00", "Foo 99, 2019"]
)
def test_wall_clock_rejects(value: str | None) -> None:
    assert wall_clock(value) is None


def test_wall_clock_is_aware() -> None:
    parsed = wall_clock("2019-11-14T09:12:00+00:00")
    assert isinstance(parsed, datetime)
    assert parsed.utcoffset() is not None


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        (
            "http://www.dailynk.com/english/some-slug",
            "https://www.dailynk.com/english/some-slug/",
        ),
        (
            "https://www.dailynk.com/english/some-slug/#respond",
            "https://www.dailynk.com/english/some-slug/",
        ),
        ("/english/tag/mps/", "https://www.dailynk.com/english/tag/mps/"),
        ("https://WWW.DailyNK.com/english/x", "https://www.dailynk.com/english/x/"),
        (
            "https://www.dailynk.com/english/wp-content/a.jpg",
            "https://www.dailynk.com/english/wp-content/a.jpg",
        ),
        ("mailto:a@b.org", None),
        ("javascript:void(0)", None),
    ],
)
def test_canonical_url(href: str, expected: str | None) -> None:
    assert canonical_url(href, "https://www.dailynk.com/english/") == expected


def test_korean_article_urls() -> None:
    assert is_korean_article("https://www.dailynk.com/20210609-3/")
    assert is_korean_article("https://www.dailynk.com/%ec%bd%94%eb%a1%9c%eb%82%98/")
    assert not is_korean_article("https://www.dailynk.com/english/20210609-3/")
    assert not is_korean_article("https://www.dailynk.com/english/some-slug/")


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("*Translated by Violet Kim", "Violet Kim"),
        ("Translated by Violet Kim.", "Violet Kim"),
        ("*Translated and edited by Jason Bartlett", "Jason Bartlett"),
        (
            "The text was translated by a machine and then checked by many many editors later",
            None,
        ),
        ("Nothing to see", None),
    ],
)
def test_translator_line(line: str, name: str | None) -> None:
    assert translator_of(line) == name


@pytest.mark.parametrize(
    ("line", "result"),
    [
        (
            "Please direct any comments or questions about this article to dailynkenglish@gmail.com.",
            (True, "dailynkenglish@gmail.com"),
        ),
        ("Please direct any comments or questions about this article to", (True, None)),
        (
            "Please direct any comments or questions about this article to [email protected]",
            (True, None),
        ),
        (
            "Questions or comments about this article? Contact us at dailynkenglish@gmail.com",
            (True, "dailynkenglish@gmail.com"),
        ),
        ("Questions or comments about this article? Contact us at", (True, None)),
        ("The source said comments about this article were welcome.", (False, None)),
    ],
)
def test_contact_line(line: str, result: tuple[bool, str | None]) -> None:
    assert contact_of(line) == result


def test_read_in_korean_line() -> None:
    assert is_read_in_korean("Read in Korean")
    assert is_read_in_korean("[Read in Korean]")
    assert not is_read_in_korean("Full article in Korean by Ha Yoon Ah here.")


def test_decode_html_charsets() -> None:
    assert decode_html("caf\u00e9".encode()) == "caf\u00e9"
    assert decode_html(b"\xef\xbb\xbfabc") == "abc"
    assert decode_html("<p>\u00e9</p>".encode("utf-16")) == "<p>\u00e9</p>"
    assert decode_html(b'<meta charset="iso-8859-1"><p>caf\xe9</p>').endswith(
        "caf\u00e9</p>"
    )
    assert decode_html(b"<p>bad \xff</p>") == "<p>bad \ufffd</p>"


def test_looks_binary() -> None:
    assert looks_binary(b"\x1f\x8b\x08\x00")
    assert looks_binary(b"abc\x00def")
    assert not looks_binary(b"<html><body>\xe2\x80\x9chi\xe2\x80\x9d</body></html>")
    assert not looks_binary("<p>x</p>".encode("utf-16"))


@pytest.mark.parametrize(
    ("line", "widget"),
    [
        ("SHARE", True),
        ("Facebook Twitter", True),
        ("Subscribe to our newsletter", True),
        (
            "Related: Border guards in Ryanggang Province take bigger cut from smugglers",
            True,
        ),
        ("READ MORE: North Korea tightens border controls", True),
        ("Related articles", True),
        ("- Advertisement -", True),
        ("The related charges were dropped after the source paid a bribe.", False),
        (
            "Share prices are not a thing in North Korea, the source said with a laugh.",
            False,
        ),
    ],
)
def test_widget_lines(line: str, widget: bool) -> None:
    assert is_widget_text(line) is widget


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        (
            "*Translated by Violet Kim and edited by Laura Geigenberger",
            ("Violet Kim", "Laura Geigenberger"),
        ),
        ("*Translated and edited by Robert Lauler", ("Robert Lauler", "Robert Lauler")),
        ("*Edited by Jason Mitchell", (None, "Jason Mitchell")),
        ("*Translated by Violet Kim", ("Violet Kim", None)),
        ("Edited by the way I think about a long sentence that goes on and on", None),
        ("The report was edited by officials before it reached the province.", None),
    ],
)
def test_credit_lines(line: str, credits: tuple[str | None, str | None] | None) -> None:
    assert credits_of(line) == credits


@pytest.mark.parametrize(
    ("line", "note"),
    [
        (
            "*Views expressed in Guest Columns do not necessarily reflect those of Daily NK.",
            "Views expressed in Guest Columns do not necessarily reflect those of Daily NK.",
        ),
        (
            "The views expressed in this column are the author's own.",
            "The views expressed in this column are the author's own.",
        ),
        ("Views of the river were expressed in paintings, the source said.", None),
    ],
)
def test_disclaimer_lines(line: str, note: str | None) -> None:
    assert disclaimer_of(line) == note


def test_time_conventions_by_source() -> None:
    # One instant, 16:00:11 KST on 2019-12-17, as each source prints it (real pages §2).
    instant = "2019-12-17T16:00:11+09:00"
    assert wall_clock("2019-12-17T16:00:11+00:00").isoformat() == instant  # <time>
    assert (
        true_time("2019-12-17T07:00:11+00:00").isoformat() == instant
    )  # meta, JSON-LD
    assert true_time("Tue, 17 Dec 2019 07:00:11 +0000").isoformat() == instant  # RSS
    assert true_time("2019-12-17T07:00:11").isoformat() == instant  # REST date_gmt
    assert local_time("2019-12-17T16:00:11").isoformat() == instant  # REST date
    assert true_time("2019-12-17T16:00:11+09:00").isoformat() == instant  # dateModified
