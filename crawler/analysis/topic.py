"""Is a report about law enforcement acting on people? A transparent weighted-term scorer.

Every term has a weight; the evidence is the sum of the weights of the terms found (title
hits count double, repeats are capped), positive for acts of the police, state security,
prosecutors, courts, border guards and inspection groups against people, negative for price
updates, military matters, diplomacy and digests. The score is a logistic squash of the
evidence; ``matched`` lists the terms on the winning side, strongest first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from crawler.analysis.entities import agency_mentions
from crawler.items import Entities, Topic

# (label, regex, weight). Labels are what ``matched`` reports.
POSITIVE_TERMS = (
    ("arrest", r"\barrest(?:s|ed|ing)?\b", 2.0),
    ("detain", r"\bdetain(?:s|ed|ing|ee|ees)?\b|\bdetention\b", 2.0),
    ("interrogate", r"\binterrogat\w*", 2.0),
    ("bribe", r"\bbrib(?:e|es|ed|ery|ing)\b", 1.5),
    (
        "extort",
        (
            r"\bextort\w*|\bshake(?:s|n)?\s+down\b|\bshaking\s+down\b|\bshakedowns?\b|\bsqueez\w*"
            r"|\bextract(?:s|ed|ing)?\s+(?:cash|money|bribes?|funds)\b"
            r"|\bdemand(?:s|ed|ing)?\s+(?:cash|money|payments?|bribes?)\b"
        ),
        2.0,
    ),
    (
        "questioned",
        r"\bhanded\s+over\s+to\b|\b(?:for|under)\s+questioning\b|\bquestioned\b",
        1.5,
    ),
    ("crackdown", r"\bcrack(?:down|downs|ing\s+down|ed\s+down|\s+down)\b", 1.5),
    ("sentenced", r"\bsentenc(?:ed|es|ing)\b|\bsentence\s+of\b", 2.5),
    (
        "executed",
        r"\bexecut(?:ed|ion|ions)\b|\bfiring\s+squad\b|\bdeath\s+penalty\b",
        2.5,
    ),
    ("trial", r"\b(?:public\s+)?trials?\b", 1.5),
    (
        "labor camp",
        r"\blabou?r\s+(?:camps?|training\s+camps?|brigades?|cent(?:er|re)s?)\b",
        2.5,
    ),
    ("prison camp", r"\b(?:political\s+)?prison(?:\s+camps?)?\b|\bjail(?:ed)?\b", 2.0),
    (
        "kyohwaso",
        r"\bkyohwa(?:so|\s+camp)\b|\bkwalliso\b|\bre-?education\b|\bdanryeondae\b",
        2.5,
    ),
    ("repatriate", r"\brepatriat\w*", 2.0),
    ("punish", r"\bpunish\w*", 1.5),
    ("investigate", r"\binvestigat\w*|\bprobe[sd]?\b", 1.0),
    ("confiscate", r"\bconfiscat\w*|\bseiz(?:e|ed|ure)\b|\bimpound\w*", 1.0),
    ("caught", r"\b(?:caught|nabbed|apprehended|captured|rounded\s+up)\b", 1.5),
    ("charged", r"\bcharged\s+with\b|\bconvicted\b|\bindicted\b", 2.0),
    ("torture", r"\btortur\w*|\bbeat(?:en|ings?)\b", 1.5),
    ("surveillance", r"\bsurveillance\b|\bwiretap\w*|\binformants?\b", 1.0),
    (
        "inspection",
        r"\binspection\s+(?:groups?|teams?|units?)\b|\bgrouppa\b|\btask\s+force\b",
        1.5,
    ),
    ("fined", r"\bfined\b|\bfines\b", 1.0),
    ("custody", r"\bcustody\b|\bholding\s+(?:cell|facility|facilities)\b", 1.5),
)
NEGATIVE_TERMS = (
    ("snapshots", r"\bsnapshots?\b", 6.0),
    (
        "market price update",
        r"\bmarket\s+price\s+(?:update|survey)s?\b|\bprice\s+update\b",
        6.0,
    ),
    ("prices", r"\bprices?\b", 0.6),
    ("exchange rate", r"\bexchange\s+rates?\b", 1.5),
    ("rice", r"\brice\b|\bcorn\b", 0.5),
    ("military drill", r"\b(?:military\s+)?(?:drills?|exercises?|maneuvers?)\b", 1.5),
    ("missile", r"\bmissiles?\b|\bnuclear\b|\bweapons?\s+test\w*", 1.5),
    (
        "soldiers",
        r"\bsoldiers?\b|\btroops?\b|\bKorean\s+People\W?s\s+Army\b|\bKPA\b",
        0.5,
    ),
    (
        "diplomacy",
        r"\bdiplomat\w*|\bsummit\w*|\bnegotiation\w*|\bforeign\s+minist\w*",
        1.5,
    ),
    ("sanctions", r"\bsanctions?\b|\btrade\b|\bexports?\b|\bimports?\b", 0.6),
    ("economy", r"\beconom(?:y|ic|ics)\b", 0.5),
    ("market", r"\bmarkets?\b", 0.3),
)
_AGENCY_WEIGHT = 1.5  # per distinct agency the entity extractor found
_MENTION_WEIGHT = 0.5  # per mention of an agency (capped): the story is about its acts
_MAX_MENTIONS = 6
_TITLE_FACTOR = 2.0
_MAX_REPEATS = 3
_BIAS = 6.0  # evidence needed for a 0.5 score
_SCALE = 2.0

_POSITIVE = [
    (label, re.compile(rx, re.IGNORECASE), w) for label, rx, w in POSITIVE_TERMS
]
_NEGATIVE = [
    (label, re.compile(rx, re.IGNORECASE), w) for label, rx, w in NEGATIVE_TERMS
]


def classify_topic(
    title: str, subtitle: str | None, body: Sequence[str], *, entities: Entities
) -> Topic:
    """Score the report; law_enforcement when the score reaches 0.5."""
    head = f"{title}\n{subtitle or ''}"
    text = "\n".join(body)
    positive = _evidence(_POSITIVE, head, text)
    negative = _evidence(_NEGATIVE, head, text)
    for agency in entities.agencies:
        positive[f"agency:{agency}"] = _AGENCY_WEIGHT
    mentions = agency_mentions(f"{head}\n{text}")
    if mentions:
        positive["agency mentions"] = _MENTION_WEIGHT * min(mentions, _MAX_MENTIONS)
    evidence = sum(positive.values()) - sum(negative.values())
    score = 1.0 / (1.0 + math.exp(-(evidence - _BIAS) / _SCALE))
    is_law_enforcement = score >= 0.5
    deciding = positive if is_law_enforcement else negative
    matched = tuple(sorted(deciding, key=lambda k: (-deciding[k], k)))
    return Topic(
        law_enforcement=is_law_enforcement, score=round(score, 3), matched=matched
    )


def _evidence(
    terms: list[tuple[str, re.Pattern[str], float]], head: str, text: str
) -> dict[str, float]:
    found: dict[str, float] = {}
    for label, rx, weight in terms:
        in_head = len(rx.findall(head))
        in_body = len(rx.findall(text))
        if in_head or in_body:
            hits = min(_MAX_REPEATS, in_body) + _TITLE_FACTOR * min(1, in_head)
            found[label] = round(weight * hits, 3)
    return found
