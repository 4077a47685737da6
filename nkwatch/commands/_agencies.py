"""What a user may type for an agency or a province: an id, an acronym, a name, a spelling.

The names themselves are the entity extractor's (crawler/analysis), so a filter accepts
exactly the names the reports are tagged by.
"""

from __future__ import annotations

from crawler.analysis.entities import AGENCY_IDS
from crawler.analysis.entities import agency_id as _agency_of
from crawler.analysis.gazetteer import canonical_province
from nkwatch.errors import UsageError


def agency_id(text: str) -> str:
    """The agency id for an id, acronym or name; a usage error listing the ids otherwise."""
    found = _agency_of(text)
    if found is None:
        raise UsageError(
            f"--agency: unknown agency {text!r}; use one of {', '.join(AGENCY_IDS)} "
            '(acronyms and names such as MSS, bowibu or "People\'s Safety" work too)'
        )
    return found


def agency_ids(texts: list[str] | None) -> list[str] | None:
    """Every --agency given, as ids (None when none was)."""
    if not texts:
        return None
    return list(dict.fromkeys(agency_id(text) for text in texts))


def province_names(texts: list[str] | None) -> list[str] | None:
    """Every --province given in its canonical spelling (Ryanggang = Yanggang); an
    unknown name is matched as written."""
    if not texts:
        return None
    return list(dict.fromkeys(canonical_province(text) or text for text in texts))
