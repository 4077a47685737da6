"""What a user may type for an agency (``--agency``): its id, an acronym or its name."""

from __future__ import annotations

import re

from nkwatch.errors import UsageError

#: Agency id -> other ways to name it (compared without case, spaces, dashes or apostrophes).
#: The ids are the ones the entity extractor gives (crawler/analysis/entities.py).
AGENCY_NAMES = {
    "police": (
        "MPS",
        "MPSF",
        "MSoS",
        "People's Safety",
        "People's Security",
        "Ministry of People's Safety",
        "Ministry of People's Security",
        "Ministry of Social Security",
        "Social Security",
        "Public Security",
        "anjeonbu",
    ),
    "state_security": (
        "MSS",
        "SSD",
        "State Security",
        "Ministry of State Security",
        "State Security Department",
        "bowibu",
        "secret police",
    ),
    "prosecutors": ("prosecutor", "prosecution", "procurator", "procurators"),
    "courts": ("court", "judges", "tribunal"),
    "border_guards": ("border guard", "border patrol", "border security"),
    "group_109": ("109", "Group 109", "109 Group", "Unit 109", "109 Sangmu"),
    "inspection": ("inspection group", "inspection groups", "inspectors", "grouppa"),
    "military_security": ("Military Security", "Military Security Command", "MSC"),
}
AGENCY_IDS = tuple(AGENCY_NAMES)


def _key(text: str) -> str:
    return re.sub(r"[\s_\-'\u2019.]+", "", text).casefold()


_BY_KEY = {
    _key(name): agency
    for agency, names in AGENCY_NAMES.items()
    for name in (agency, *names)
}


def agency_id(text: str) -> str:
    """The agency id for an id, acronym or name; a usage error listing the ids otherwise."""
    found = _BY_KEY.get(_key(text))
    if found is None:
        raise UsageError(
            f"--agency: unknown agency {text!r}; use one of {', '.join(AGENCY_IDS)} "
            "(acronyms and names such as MSS or \"People's Safety\" work too)"
        )
    return found


def agency_ids(texts: list[str] | None) -> list[str] | None:
    """Every --agency given, as ids (None when none was)."""
    if not texts:
        return None
    return list(dict.fromkeys(agency_id(text) for text in texts))
