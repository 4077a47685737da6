"""Split an image caption into its description and its credit."""

from __future__ import annotations

import re

from crawler.parsers.common import clean_text

# "A park in Wonsan. / Image: Daily NK" and "… / Photo: Yonhap".
_SLASH_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*/\s*(?:Image|Photo)\s*:\s*(?P<credit>.*)$", re.DOTALL
)
# "Portable media player. Image: Daily NK": the sentence ends, then the credit.
_DOT_CREDIT = re.compile(
    r"^(?P<caption>.*?[.!?\u201d\"'\u2019)])\s*(?:Image|Photo)\s*:\s*(?P<credit>.+)$",
    re.DOTALL,
)
# Only a credit: "Image: Daily NK".
_ONLY_CREDIT = re.compile(r"^(?:Image|Photo)\s*:\s*(?P<credit>.+)$", re.DOTALL)
# "FILE PHOTO: … (Daily NK)", "… (© Daily NK)", "… (Wikimedia Commons)": a final parenthesis.
_PAREN_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*\(\s*(?P<credit>[^()]+?)\s*\)\s*\.?$", re.DOTALL
)
# Final parentheses that describe the picture rather than credit it.
_NOT_A_CREDIT = re.compile(
    r"^(?:(?:far\s+)?(?:left|right|center|centre|top|bottom|middle|front|back|pictured|"
    r"above|below|inset|file)(?:\s*[,&]\s*\w+)*|\d{4})$",
    re.IGNORECASE,
)
_TRAILING_JUNK = " ,;/-\u2013\u2014"


def split_caption(text: str | None) -> tuple[str | None, str | None]:
    """(caption, credit) of a caption line; either may be None."""
    text = clean_text(text)
    if not text:
        return None, None
    for pattern in (_SLASH_CREDIT, _DOT_CREDIT, _ONLY_CREDIT):
        match = pattern.match(text)
        if match:
            return _tidy(match.groupdict().get("caption")), _tidy(match.group("credit"))
    match = _PAREN_CREDIT.match(text)
    if match and match.group("caption") and _is_credit(match.group("credit")):
        credit = match.group("credit").lstrip("\u00a9").strip()
        credit = re.sub(r"^(?:Image|Photo)\s*:\s*", "", credit, flags=re.IGNORECASE)
        return _tidy(match.group("caption")), _tidy(credit)
    return text, None


def _is_credit(text: str) -> bool:
    # "(center)" or "(2013)" describe the picture; a credit names someone, so has a capital.
    return not _NOT_A_CREDIT.match(text) and not text.islower()


def _tidy(text: str | None) -> str | None:
    text = clean_text(text).strip(_TRAILING_JUNK) if text else ""
    return text or None
