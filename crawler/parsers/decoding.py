"""Bytes to text for HTML pages: BOM, then <meta> charset, then UTF-8 with replacement."""

from __future__ import annotations

import codecs
import re

# Signatures of common binary formats a crawler might be handed instead of a page.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"RIFF",
    b"\x00\x00\x01\x00",
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def looks_binary(data: bytes) -> bool:
    """True for known binary signatures or a head full of NUL/control bytes."""
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16 text has NUL bytes by design
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return b"\x00" in head or controls > len(head) // 20


def decode_html(data: bytes) -> str:
    """Decode page bytes; never raises (undecodable bytes become U+FFFD)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared_charset(data[:4096])
    if declared and declared != "utf-8":
        return data.decode(declared, errors="replace")
    return data.decode("utf-8", errors="replace")


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # A page declaring a UTF-16 charset in ASCII bytes is lying: it was not UTF-16 encoded.
    return None if name.startswith(("utf-16", "utf-32")) else name
