"""Recognize the non-body lines inside an article's content: translator, contact, links, junk."""

from __future__ import annotations

import re

from crawler.parsers.cfemail import EMAIL, PLACEHOLDER

_TRANSLATOR = re.compile(
    r"^\*?\s*\(?\s*(?:Translated|Translation)(?:\s+and\s+edited)?\s+by\s*:?\s*"
    r"(?P<name>[^*()]{2,60}?)\s*\)?\s*\.?\s*\*?$",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"^\*?\s*(?:Please\s+direct\s+any\s+(?:comments\s+or\s+questions|questions\s+or\s+comments|"
    r"questions|comments)\s+about\s+this\s+article\s+to"
    r"|Questions\s+or\s+comments\s+about\s+this\s+article\?\s*Contact\s+us\s+at)"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_READ_IN_KOREAN = re.compile(
    r"^[\[(<]*\s*(?:(?:read|view|see)\s+(?:this\s+article\s+|the\s+original\s+|it\s+)?in\s+korean"
    r"(?:\s+here)?|korean\s+(?:version|original))\s*[\])>.:]*$",
    re.IGNORECASE,
)
# Share bars, subscribe boxes and tag lists that themes put inside or right after the content.
_SOCIAL = r"(?:facebook|twitter|telegram|whatsapp|linkedin|email|print|pinterest|reddit|kakao\w*)"
_WIDGET_TEXT = re.compile(
    rf"^(?:share(?:\s+(?:this|on)\b.*)?|tags?:?|subscribe\b.*|sign\s+up\b.*|follow\s+us\b.*|"
    rf"{_SOCIAL}(?:[\s|/,]+{_SOCIAL})*|related\s+articles?|more\s+from\s+author|"
    r"(?:previous|next)\s+article|[-\u2013\u2014\s]*advertisement[-\u2013\u2014\s]*)$",
    re.IGNORECASE,
)
# "Related: <title>" / "READ MORE: <title>" lines pointing readers to other articles.
_RELATED_LINE = re.compile(
    r"^\W*(?:related(?:\s+(?:articles?|stories|reading))?|read\s+more|see\s+also|also\s+read"
    r"|recommended)\s*[:>\u00bb|\u2013-]\s*\S",
    re.IGNORECASE,
)
# Migration leftovers of the pre-2018 read.php system: "[imText1]", "[imMovie2]" ...
ARTEFACT = re.compile(r"\[\s*im[A-Za-z]*\s*\d*\s*\]")


def translator_of(line: str) -> str | None:
    """ "Violet Kim" for "*Translated by Violet Kim"; None if the line is something else."""
    match = _TRANSLATOR.match(line)
    if not match or len(match.group("name").split()) > 6:
        return None
    return match.group("name").strip(" .*")


def contact_of(line: str) -> tuple[bool, str | None]:
    """(is a contact line, its address or None when the page hid it)."""
    match = _CONTACT.match(line)
    if not match:
        return False, None
    rest = PLACEHOLDER.sub("", match.group("rest"))
    address = EMAIL.search(rest)
    return True, address.group(0) if address else None


def is_read_in_korean(line: str) -> bool:
    return bool(_READ_IN_KOREAN.match(line))


def is_widget_text(line: str) -> bool:
    """Share bars, subscribe boxes, tag lists and "Related: …" pointers."""
    if len(line) <= 80 and _WIDGET_TEXT.match(line):
        return True
    return len(line) <= 250 and bool(_RELATED_LINE.match(line))


def remove_artefacts(line: str) -> str:
    return ARTEFACT.sub("", line).strip() if "[" in line else line
