"""Entities of a report: agencies, provinces, places and money amounts, in order of mention."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from crawler.analysis.gazetteer import (
    PLACE_PROVINCE,
    PROVINCE_SPELLINGS,
    SUFFIX_ONLY,
    province_of_spelling,
)
from crawler.items import Amount, Entities, Place

_APOS = "['\u2019]"
# Agency id -> patterns naming it without ambiguity (acronyms are resolved separately).
AGENCY_PATTERNS = {
    "state_security": (
        r"Ministry\s+of\s+State\s+Security",
        r"State\s+Security\s+(?:Department|Ministry|Agency|Bureau)",
        (
            r"state\s+security\s+(?:agents?|officers?|officials?|agency|department|organs?|"
            r"authorities|ministry|bureau|office|personnel)"
        ),
        r"bowibu",
        r"bowiwon",
        r"secret\s+police",
    ),
    "police": (
        rf"Ministry\s+of\s+(?:People{_APOS}?s?\s+(?:Security|Safety)|Social\s+Security)",
        rf"People{_APOS}s\s+(?:Security|Safety)\s+(?:Ministry|Bureau|Agency|Department|Station)",
        (
            r"(?:social|public)\s+security\s+(?:agents?|officers?|officials?|bureaus?|stations?|"
            r"agency|agencies|ministry)"
        ),
        r"safety\s+(?:agents?|agency|agencies|officers?|officials?|stations?|bureaus?)",
        r"police(?:m[ae]n|\s+(?:officers?|officials?|stations?|agents?))?",
        r"anjeonbu",
        r"anjeonwon",
    ),
    "prosecutors": (r"prosecut(?:ors?|ion)", r"procurator(?:s|ate)?"),
    "courts": (r"courts?(?!yard)", r"tribunals?", r"judges?"),
    "border_guards": (
        r"border\s+(?:guards?|patrols?|security\s+(?:forces|units?|command|guards?)|garrison)",
        r"Border\s+Security\s+(?:Command|Bureau)",
    ),
    "group_109": (
        r"Group\s*109",
        r"109\s+(?:Group|Sangmu|task\s+force|Unit|inspection\s+group)",
        r"Unit\s+109",
    ),
    "inspection": (
        r"inspection\s+(?:groups?|teams?|squads?|units?|brigades?)",
        r"inspectors",
        r"grouppa",
        r"(?:anti|non)-?socialist\s+(?:units?|groups?|squads?|inspection\s+(?:groups?|teams?)|task\s+forces?)",
        r"Group\s*118",
        r"118\s+(?:Group|Sangmu|task\s+force|Unit)",
    ),
    "military_security": (
        r"Military\s+Security\s+(?:Command|Bureau|Department|officers?|agents?|officials?)",
        r"military\s+security\s+(?:command|bureau|agents?|officers?|officials?)",
    ),
}
_AGENCY_REGEX = {
    agency: re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)
    for agency, patterns in AGENCY_PATTERNS.items()
}
#: Every agency id, in the order help texts list them.
AGENCY_IDS = tuple(AGENCY_PATTERNS)
# Acronyms and what they stand for unless the article itself defines them otherwise.
DEFAULT_ACRONYMS = {
    "MSS": "state_security",
    "SSD": "state_security",
    "MPS": "police",
    "MPSF": "police",
    "MSoS": "police",
}
# "(MSS)" right after a full name defines the acronym for this article.
_PARENTHESIZED_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z]{1,5})\s*\)")
_ACRONYM = re.compile(r"\b(MSS|SSD|MPS|MPSF|MSoS)\b")

# Money. A number, then a scale word.
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?P<scale{n}>million|billion|thousand))?"
_PREFIX_CURRENCY = {
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "rmb": "CNY",
    "cny": "CNY",
    "cn\u00a5": "CNY",
    "krw": "KRW",
    "kpw": "KPW",
    "\u20a9": "KRW",
}
_PREFIX = r"(?P<prefix>USD|US\$|\$|RMB|CNY|CN\u00a5|KRW|KPW|\u20a9)\s?"
_SUFFIX = (
    r"\s*(?P<suffix>(?:US\s+|American\s+)?dollars?|USD|(?:Chinese\s+)?(?:yuan|Yuan|renminbi|RMB)"
    r"|CNY|South\s+Korean\s+won|KRW|(?:North\s+Korean\s+)?won|KPW)\b"
)
# "and" joins a range only after "between" ("RMB 1500 and 1,500 yuan" are two amounts).
_RANGE_JOIN = r"\s*(?(between)(?:and|to|-|\u2013)|(?:to|-|\u2013))\s*"
_AMOUNT = re.compile(
    rf"(?P<between>\bbetween\s+)?(?:"
    rf"{_PREFIX}(?P<p1>{_NUMBER}){_SCALE.format(n=1)}"
    # "USD 500 to 800" is a range; "USD 500 to USD 800" is two amounts (matched one by one).
    rf"(?:{_RANGE_JOIN}(?P<p2>{_NUMBER}){_SCALE.format(n=2)})?"
    rf"|(?P<s1>{_NUMBER}){_SCALE.format(n=3)}"
    rf"(?:{_RANGE_JOIN}(?P<s2>{_NUMBER}){_SCALE.format(n=4)})?{_SUFFIX})",
)
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_PLACE_SUFFIX = r"(?:\s+(?P<kind>County|City|District|Village|Town|Workers'? District)|-(?:dong|ri|gun|si|guyok|kun))?"
_KNOWN_PLACE = re.compile(
    r"\b(?P<name>"
    + "|".join(sorted(map(re.escape, PLACE_PROVINCE), key=len, reverse=True))
    + r")"
    + _PLACE_SUFFIX
    + r"\b"
)
# "Kapsan County, Yanggang Province" / "in Bukchong, South Hamgyong Province": a place the
# gazetteer may not know, located by the province written after it.
_PLACE_IN_PROVINCE = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:-[a-z]+)?)(?P<kind>\s+(?:County|City|District))?,\s+"
    r"(?P<province>(?:North\s+|South\s+)?[A-Z][a-z]+(?:[- ][a-z]+)?)\s+Province\b"
)


# One regex for all provinces: group p<i> is the i-th canonical name.
_PROVINCE_GROUPS = {f"p{i}": name for i, name in enumerate(PROVINCE_SPELLINGS)}
_ANY_PROVINCE = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<p{i}>{rx})" for i, rx in enumerate(PROVINCE_SPELLINGS.values()))
    + r")\b(?!\s*(?:River|Mountains?)\b)",
    re.IGNORECASE,
)
_NORTH_AND_SOUTH = re.compile(r"\bNorth\s+and\s+(?=South\s+(\w+))")


def extract_entities(
    *,
    title: str,
    subtitle: str | None,
    image_captions: Sequence[str],
    body: Sequence[str],
    figure_captions: Sequence[str],
) -> Entities:
    """Entities in order of first mention over title, subtitle, captions, body, figures."""
    texts = [title, subtitle or "", *image_captions, *body, *figure_captions]
    return Entities(
        agencies=tuple(sorted(agencies_in(texts))),
        provinces=tuple(provinces_in(texts)),
        places=tuple(places_in(texts)),
        amounts=tuple(amounts_in(texts)),
    )


def agencies_in(texts: Iterable[str]) -> set[str]:
    texts = list(texts)
    found = {
        agency
        for text in texts
        for agency, rx in _AGENCY_REGEX.items()
        if rx.search(text)
    }
    acronyms = dict(DEFAULT_ACRONYMS) | defined_acronyms(texts)
    for text in texts:
        for match in _ACRONYM.finditer(text):
            agency = acronyms.get(match.group(1))
            if agency:
                found.add(agency)
    return found


def agency_mentions(text: str) -> int:
    """How many times any agency is named (full names, descriptions and acronyms)."""
    named = sum(len(rx.findall(text)) for rx in _AGENCY_REGEX.values())
    return named + len(_ACRONYM.findall(text))


def agency_id(name: str) -> str | None:
    """The agency id a user means: an id, an acronym or any name ("bowibu", "MSS", "MPS")."""
    text = " ".join(name.replace("\u2019", "'").split())
    key = text.casefold().replace(" ", "_").replace("-", "_")
    if key in AGENCY_PATTERNS:
        return key
    acronym = DEFAULT_ACRONYMS.get(text.upper()) or DEFAULT_ACRONYMS.get(text)
    if acronym:
        return acronym
    for agency, rx in _AGENCY_REGEX.items():
        if rx.fullmatch(text):
            return agency
    return _AGENCY_WORDS.get(text.casefold())


# Names users type that the text patterns need more words for.
_AGENCY_WORDS = {
    "state security": "state_security",
    "people's safety": "police",
    "people's security": "police",
    "social security": "police",
    "safety agents": "police",
    "prosecutor": "prosecutors",
    "court": "courts",
    "border guard": "border_guards",
    "military security": "military_security",
    "118 group": "inspection",
}


def defined_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronyms the article defines: "Ministry of Social Security (MSS)" -> {"MSS": "police"}."""
    defined: dict[str, str] = {}
    for text in texts:
        for match in _PARENTHESIZED_ACRONYM.finditer(text):
            before = text[max(0, match.start() - 80) : match.start()].rstrip()
            for agency, rx in _AGENCY_REGEX.items():
                # The agency's name must end right where the parenthesis starts.
                if any(m.end() == len(before) for m in rx.finditer(before)):
                    defined.setdefault(match.group(1), agency)
                    break
    return defined


def provinces_in(texts: Iterable[str]) -> list[str]:
    ordered: list[str] = []
    for text in texts:
        hits = [
            (m.start(), _PROVINCE_GROUPS[m.lastgroup])
            for m in _ANY_PROVINCE.finditer(text)
        ]
        # "North and South Hamgyong": both provinces are meant.
        for m in _NORTH_AND_SOUTH.finditer(text):
            canonical = province_of_spelling(f"North {m.group(1)}")
            if canonical:
                hits.append((m.start(), canonical))
        for _, canonical in sorted(hits):
            if canonical not in ordered:
                ordered.append(canonical)
    return ordered


def places_in(texts: Iterable[str]) -> list[Place]:
    places: list[Place] = []
    seen: set[str] = set()  # base names: "Kapsan County" then "Kapsan" is one place
    for text in texts:
        hits: list[tuple[int, str, str, str | None]] = []
        for m in _KNOWN_PLACE.finditer(text):
            name, written = m.group("name"), m.group(0)
            if name in SUFFIX_ONLY and written == name:
                continue
            # Places keep the spelling used, suffix included ("Kapsan County", "Wiyon-dong").
            hits.append((m.start(), name, written, PLACE_PROVINCE[name]))
        for m in _PLACE_IN_PROVINCE.finditer(text):
            province = province_of_spelling(m.group("province"))
            name = m.group("name")
            if (
                province
                and province_of_spelling(name) is None
                and name not in PLACE_PROVINCE
            ):
                hits.append((m.start(), name, name + (m.group("kind") or ""), province))
        for _, name, written, province in sorted(hits):
            if name not in seen:
                seen.add(name)
                places.append(Place(name=written, province=province))
    return places


def amounts_in(texts: Iterable[str]) -> list[Amount]:
    amounts: list[Amount] = []
    seen: set[tuple[float, str]] = set()
    for text in texts:
        for match in _AMOUNT.finditer(text):
            for value, currency in _values(match):
                if (value, currency) not in seen:
                    seen.add((value, currency))
                    amounts.append(
                        Amount(value=value, currency=currency, text=_amount_text(match))
                    )
    return amounts


def _values(match: re.Match[str]) -> list[tuple[float, str]]:
    groups = match.groupdict()
    if groups["prefix"]:
        currency = _PREFIX_CURRENCY[groups["prefix"].lower()]
        pairs = [("p1", "scale1"), ("p2", "scale2")]
    else:
        currency = _suffix_currency(groups["suffix"])
        pairs = [("s1", "scale3"), ("s2", "scale4")]
    values = []
    # "300 to 500 million won": a scale written once applies to both ends.
    shared_scale = groups[pairs[1][1]] if groups[pairs[1][0]] else None
    for number_key, scale_key in pairs:
        number = groups[number_key]
        if number:
            scale = groups[scale_key] or shared_scale
            values.append((_number(number, scale), currency))
    return values


def _suffix_currency(suffix: str) -> str:
    word = suffix.lower()
    if "dollar" in word or word == "usd":
        return "USD"
    if "yuan" in word or "renminbi" in word or word in ("rmb", "cny"):
        return "CNY"
    if "south korean" in word or word == "krw":
        return "KRW"
    return "KPW"


def _number(text: str, scale: str | None) -> float:
    value = float(text.replace(",", "")) * _SCALES.get((scale or "").lower(), 1)
    return int(value) if value.is_integer() else value


def _amount_text(match: re.Match[str]) -> str:
    return re.sub(r"^between\s+", "", match.group(0), flags=re.IGNORECASE)
