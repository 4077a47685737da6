"""Recognize the non-body lines of an article's content: credits, contact, disclaimer, junk.

Each recognizer takes one line of text and says what it is; body.py decides which lines
are looked at. Credit lines as the site prints them: "*Translated by X", "*Translated by X
and edited by Y", "*Translated and edited by X" (X did both), "*Edited by Y".
"""

from __future__ import annotations

import re

from crawler.parsers.cfemail import EMAIL, PLACEHOLDER

_NAME = r"[^*()]{2,60}?"
_CREDIT = re.compile(
    rf"^\*?\s*\(?\s*(?:"
    rf"(?:Translated|Translation)\s+and\s+edited\s+by\s*:?\s*(?P<both>{_NAME})"
    rf"|(?:Translated|Translation)\s+by\s*:?\s*(?P<translator>{_NAME})"
    rf"(?:\s*,?\s+and\s+edited\s+by\s*:?\s*(?P<editor>{_NAME}))?"
    rf"|Edited\s+by\s*:?\s*(?P<only_editor>{_NAME})"
    rf")\s*\)?\s*\.?\s*\*?$",
    re.IGNORECASE,
)
_MAX_NAME_WORDS = 6
# Guest-column and sponsored notes: "*Views expressed in Guest Columns do not necessarily
# reflect those of Daily NK.", "The opinions expressed ... are the author's own."
_DISCLAIMER = re.compile(
    r"^\*?\s*(?P<text>(?:the\s+)?(?:views?|opinions?)\s+expressed\b.*?"
    r"(?:do(?:es)?\s+not\s+necessarily\s+reflect|are\s+(?:solely\s+)?(?:the\s+)?author'?s?\b).*"
    r"|this\s+(?:article|content|column)\s+(?:is|was)\s+(?:sponsored|paid\s+for)\b.*)$",
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


def credits_of(line: str) -> tuple[str | None, str | None] | None:
    """(translator, editor) of a credit line; None if the line is something else."""
    match = _CREDIT.match(line)
    if not match:
        return None
    both, only_editor = match.group("both"), match.group("only_editor")
    translator = _tidy_name(both or match.group("translator"))
    editor = _tidy_name(both or match.group("editor") or only_editor)
    names = [n for n in (translator, editor) if n]
    if not names or any(len(n.split()) > _MAX_NAME_WORDS for n in names):
        return None
    return translator, editor


def translator_of(line: str) -> str | None:
    """ "Violet Kim" for "*Translated by Violet Kim"; None if the line is something else."""
    found = credits_of(line)
    return found[0] if found else None


def disclaimer_of(line: str) -> str | None:
    """The note of a guest-column/sponsored disclaimer line (without its "*"), or None."""
    if len(line) > 300:
        return None
    match = _DISCLAIMER.match(line)
    return match.group("text").strip() if match else None


def _tidy_name(name: str | None) -> str | None:
    return name.strip(" .*") or None if name else None


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
