"""Small markup helpers shared by every renderer: escaping, dates, e-mail obfuscation, captions."""

from __future__ import annotations

import hashlib
import html
import re
import zlib
from datetime import datetime, timedelta

from crawler.fixturesite.spec import SITE, PictureSpec

#: The characters WordPress' wptexturize writes as numeric entities.
_TEXTURIZE = {
    "\u201c": "&#8220;",
    "\u201d": "&#8221;",
    "\u2018": "&#8216;",
    "\u2019": "&#8217;",
    "\u2013": "&#8211;",
    "\u2014": "&#8212;",
    "\u2026": "&#8230;",
}
_KST = timedelta(hours=9)


def esc(text: str) -> str:
    """Escape text for element content."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """Escape text for a double-quoted attribute value."""
    return html.escape(text, quote=True)


def texturize(text: str, *, entities: bool) -> str:
    """Escape text; with ``entities`` write curly quotes and dashes as WordPress does."""
    out = esc(text)
    if entities:
        for char, entity in _TEXTURIZE.items():
            out = out.replace(char, entity)
    return out


def stable_int(text: str, low: int, high: int) -> int:
    """A deterministic integer in [low, high) derived from text (ids, temperatures, sizes)."""
    return low + zlib.crc32(text.encode("utf-8")) % (high - low)


def slugify(name: str) -> str:
    """WordPress-style term slug: "News & Analysis" -> "news-and-analysis"."""
    text = name.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "term"


# Each source of a time has its own convention (shared/dailynk-real-pages.md §2): the theme's
# <time> and microdata datePublished print the KST wall clock mislabelled +00:00; microdata
# dateModified is correct KST; the article:* meta tags, Yoast JSON-LD, RSS and REST date_gmt
# carry true UTC. All take the spec's KST wall-clock time.


def quirk_iso(dt: datetime) -> str:
    """KST wall-clock time printed with +00:00 (the theme's <time>, microdata datePublished)."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def kst_iso(dt: datetime) -> str:
    """KST with its own offset (microdata dateModified)."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S+09:00")


def utc_iso(dt: datetime) -> str:
    """The same instant in true UTC (article:*_time metas, og:updated_time, Yoast JSON-LD)."""
    return (dt - _KST).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def utc_rfc822(dt: datetime) -> str:
    """RSS pubDate/lastBuildDate: true UTC, as WordPress prints post_date_gmt."""
    return (dt - _KST).strftime("%a, %d %b %Y %H:%M:%S +0000")


def rest_local(dt: datetime) -> str:
    """REST ``date``/``modified``: the site's local time (KST) without an offset."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def rest_gmt(dt: datetime) -> str:
    """REST ``date_gmt``/``modified_gmt``: UTC without an offset."""
    return (dt - _KST).strftime("%Y-%m-%dT%H:%M:%S")


def theme_date(dt: datetime) -> str:
    """The theme's date text on article pages: "2019.12.17 4:00pm"."""
    hour = dt.hour % 12 or 12
    return f"{dt:%Y.%m.%d} {hour}:{dt:%M}{'am' if dt.hour < 12 else 'pm'}"


def http_date(dt_kst: datetime) -> str:
    """A real HTTP date (GMT) for a KST wall-clock time."""
    return (dt_kst - _KST).strftime("%a, %d %b %Y %H:%M:%S GMT")


def long_date(dt: datetime) -> str:
    """ "November 14, 2019", the theme's date format."""
    return f"{dt:%B} {dt.day}, {dt.year}"


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:20] + '"'


def cf_hex(email: str, seed: str) -> str:
    """Cloudflare's e-mail protection: a key byte, then every byte of the address XOR key."""
    key = stable_int(seed + email, 16, 256)
    return f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in email.encode("utf-8"))


def email_html(email: str, markup: str, seed: str) -> str:
    """An address as the page shows it: Cloudflare-obfuscated, a plain mailto, or stripped."""
    if markup == "plain":
        return f'<a href="mailto:{attr(email)}">{esc(email)}</a>'
    if markup == "stripped":
        return '<a href="/cdn-cgi/l/email-protection">[email&#160;protected]</a>'
    code = cf_hex(email, seed)
    return (
        f'<a href="/cdn-cgi/l/email-protection#{code}"><span class="__cf_email__" '
        f'data-cfemail="{code}">[email&#160;protected]</span></a>'
    )


def caption_text(picture: PictureSpec) -> str | None:
    """The visible caption line with its credit, in the picture's caption style."""
    caption, credit = picture.caption, picture.credit
    if picture.caption_style == "none" or caption is None:
        return None
    if picture.caption_style == "slash":
        return f"{caption} / Image: {credit}"
    if picture.caption_style == "dot":
        return f"{dotted(caption)} Image: {credit}"
    if picture.caption_style == "file_photo":
        return f"FILE PHOTO: {caption} ({credit})"
    return f"{caption} ({credit})"


def dotted(caption: str) -> str:
    """A caption with terminal punctuation, as the dot style prints it before "Image:"."""
    return caption if caption[-1] in ".!?\u201d" else caption + "."


def resized(url: str, width: int, height: int) -> str:
    """WordPress' resized copy of an upload: name-696x464.jpg."""
    stem, dot, ext = url.rpartition(".")
    return f"{stem}-{width}x{height}.{ext}" if dot else url


def absolute(path: str) -> str:
    return SITE + path
