"""Small markup helpers shared by every renderer: escaping, dates, e-mail obfuscation, captions."""

from __future__ import annotations

import hashlib
import html
import re
import zlib
from datetime import datetime

from crawler.constants import KST
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
_KST = KST.utcoffset(None)


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


def quirk_iso(dt: datetime) -> str:
    """KST wall-clock time printed with +00:00: the site's timezone setting is UTC."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def quirk_rfc822(dt: datetime) -> str:
    """RSS pubDate: the same KST wall-clock value labelled +0000."""
    return dt.strftime("%a, %d %b %Y %H:%M:%S +0000")


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
