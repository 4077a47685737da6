"""Cloudflare e-mail protection: decode ``data-cfemail`` / ``/cdn-cgi/l/email-protection#hex``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bs4 import NavigableString
from bs4.element import Comment

from crawler.parsers.common import attr

if TYPE_CHECKING:
    from bs4 import Tag

# What Cloudflare leaves in the text when the protected address cannot be shown.
PLACEHOLDER = re.compile(r"\s*\[\s*email\s+protected\s*\]", re.IGNORECASE)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PROTECTION_PATH = "/cdn-cgi/l/email-protection"


def decode_cfemail(encoded: str | None) -> str | None:
    """Decode Cloudflare's hex (first byte is the XOR key); None if it is not a valid address."""
    if not encoded:
        return None
    encoded = encoded.strip()
    if (
        len(encoded) < 4
        or len(encoded) % 2
        or not re.fullmatch(r"[0-9a-fA-F]+", encoded)
    ):
        return None
    key = int(encoded[:2], 16)
    raw = bytes(int(encoded[i : i + 2], 16) ^ key for i in range(2, len(encoded), 2))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if EMAIL.fullmatch(text) else None


def decode_protected_emails(root: Tag, markup: str | None = None) -> None:
    """Replace protected addresses in root by their text; drop what cannot be decoded.

    A link to the protection page wraps the ``__cf_email__`` span (or carries the hex
    itself, in its fragment or its own ``data-cfemail``), so links are handled first and
    replaced whole. With the page's markup given, a page without protection costs nothing.
    """
    if (
        markup is not None
        and "data-cfemail" not in markup
        and _PROTECTION_PATH not in markup
    ):
        return
    # bs4's own attribute filters: cheaper than CSS on a whole page.
    for link in root.find_all("a", href=_is_protection_link):
        address = decode_cfemail((attr(link, "href") or "").partition("#")[2])
        if address is None:
            carrier = link if link.has_attr("data-cfemail") else None
            carrier = carrier or link.find(attrs={"data-cfemail": True})
            address = decode_cfemail(attr(carrier, "data-cfemail")) if carrier else None
        _replace_or_drop(link, address)
    for span in root.find_all(attrs={"data-cfemail": True}):
        _replace_or_drop(span, decode_cfemail(attr(span, "data-cfemail")))


def _is_protection_link(href: str | None) -> bool:
    return bool(href) and _PROTECTION_PATH in href


def strip_placeholder(text: str) -> str:
    """Remove "[email protected]" (and the space before it) from plain text."""
    return PLACEHOLDER.sub("", text)


def _replace_or_drop(element: Tag, address: str | None) -> None:
    if address:
        element.replace_with(NavigableString(address))
        return
    # The sentence reads "... directed to." once the hidden address is gone: drop the space.
    previous = element.previous_sibling
    if isinstance(previous, NavigableString) and not isinstance(previous, Comment):
        previous.replace_with(NavigableString(previous.rstrip()))
    element.extract()
