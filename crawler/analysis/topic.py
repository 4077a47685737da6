"""Is a report about law enforcement acting on people? A transparent weighted-term scorer.

The evidence is a sum of term weights (vocabulary in topic_terms.py). A term in the title or
subtitle counts ``TITLE_FACTOR`` times, so the head of a report can decide alone when it is
clear; repeats in the body are capped. Positive evidence is:

- acts of enforcement (arrest, summons, dismissal, raid, sentence, surveillance ...);
- agencies: each one the entity extractor found, more when the head names it (an agency as
  the subject of a headline is the story), plus a little per mention;
- the people pursued (suspects, smugglers, brokers);
- offences (smuggling, defection, foreign media ...), at full weight only next to an act, an
  agency or the people pursued: without them they describe the economy or daily life.

Negative evidence is the other subjects (prices, the military, diplomacy, weather ...), capped
at ``NEGATIVE_CAP`` so that they never drown a clear enforcement story, plus uncapped genre
markers (digests, price tables) that are never one report.

The score is a logistic squash of the evidence around ``BIAS``. The band says how sure it is:
"yes" from 0.5, "possible" from ``POSSIBLE_SCORE`` (close to the line: worth a reader's look),
else "no". ``matched`` lists the terms on the deciding side, strongest first: the positive
terms for "yes" and "possible", the negative ones for "no".
"""

from __future__ import annotations

import math
import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Sequence
from typing import Any

from crawler.analysis import topic_terms
from crawler.analysis.entities import agencies_in, agency_mentions
from crawler.items import Entities, Topic

#: Changes whenever weights or vocabulary change (``nkwatch reclassify`` prints it).
RULES_VERSION = "2026-12.3"

TITLE_FACTOR = 2.0
MAX_REPEATS = 3
AGENCY_WEIGHT = 1.5  # per distinct agency named anywhere
HEAD_AGENCY_WEIGHT = 2.0  # per agency the title or subtitle names
MENTION_WEIGHT = 0.5  # per mention of any agency in the body (capped)
MAX_MENTIONS = 6
OFFENCE_ALONE_FACTOR = 0.25  # offences without an act or an agency
NEGATIVE_CAP = 3.0
BIAS = 4.0  # evidence of a 0.5 score: one clear act in a headline reaches it
SCALE = 1.5
POSSIBLE_SCORE = 0.25

# label, regex, weight, and words one of which every match contains (casefolded; None when
# the regex has no such literal): a term none of whose words is in the text cannot match,
# which a substring test tells far faster than the regex's scan of the text.
Terms = list[tuple[str, re.Pattern[str], float, tuple[str, ...] | None]]
_MIN_STEM = 3
_DOTLESS_I = "\u0131"


def _compiled(terms: Sequence[tuple[str, str, float]]) -> Terms:
    return [
        (label, re.compile(rx, re.IGNORECASE), w, _stems(rx)) for label, rx, w in terms
    ]


def _stems(rx: str) -> tuple[str, ...] | None:
    """Words one of which every match of rx contains, or None when there are none."""
    return _required_words(sre_parse.parse(rx, re.IGNORECASE))


def _required_words(items: Sequence[tuple[Any, Any]]) -> tuple[str, ...] | None:
    """Of a sequence of regex items, the most telling set of words one of which is in
    every match: a literal run, or a group whose every alternative has such words (the
    longer the shortest word, the rarer the set: it rules out more texts)."""
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        word = "".join(run).casefold()
        run.clear()
        if len(word) >= _MIN_STEM and word.isascii():
            candidates.append((word,))
        found = None
        if op is sre.BRANCH:
            alternatives = [_required_words(branch) for branch in arg[1]]
            if all(alternatives):
                found = tuple(w for words in alternatives for w in words)
        elif op is sre.SUBPATTERN:
            found = _required_words(arg[3])
        if found:
            candidates.append(found)
        # Anything else (classes, repeats, \b) requires no word, and breaks a run.
    if not candidates:
        return None
    return max(candidates, key=lambda words: (min(map(len, words)), -len(words)))


_ACTS = _compiled(topic_terms.ACTS)
_AGENCY_TERMS = _compiled(topic_terms.AGENCY_TERMS)
_OFFENDERS = _compiled(topic_terms.OFFENDERS)
_OFFENCES = _compiled(topic_terms.OFFENCES)
_GENRES = _compiled(topic_terms.GENRES)
_NEGATIVES = _compiled(topic_terms.NEGATIVES)


def classify_topic(
    title: str, subtitle: str | None, body: Sequence[str], *, entities: Entities
) -> Topic:
    """Score the report; law_enforcement when the score reaches 0.5."""
    head = f"{title}\n{subtitle or ''}"
    text = "\n".join(body)
    positive = positive_evidence(head, text, entities)
    negative = negative_evidence(head, text)
    evidence = sum(positive.values()) - sum(negative.values())
    score = 1.0 / (1.0 + math.exp(-(evidence - BIAS) / SCALE))
    band = band_of(score)
    deciding = positive if band != "no" else negative
    matched = tuple(sorted(deciding, key=lambda k: (-deciding[k], k)))
    return Topic(
        law_enforcement=band == "yes", score=round(score, 3), matched=matched, band=band
    )


def band_of(score: float) -> str:
    if score >= 0.5:
        return "yes"
    return "possible" if score >= POSSIBLE_SCORE else "no"


def positive_evidence(head: str, text: str, entities: Entities) -> dict[str, float]:
    found = term_evidence(_ACTS, head, text)
    found |= term_evidence(_AGENCY_TERMS, head, text)
    found |= agency_evidence(head, text, entities)
    found |= term_evidence(_OFFENDERS, head, text)
    offences = term_evidence(_OFFENCES, head, text)
    factor = 1.0 if found else OFFENCE_ALONE_FACTOR
    found |= {label: round(points * factor, 3) for label, points in offences.items()}
    return found


def agency_evidence(head: str, text: str, entities: Entities) -> dict[str, float]:
    in_head = agencies_in([head])
    found = {
        f"agency:{agency}": AGENCY_WEIGHT
        + (HEAD_AGENCY_WEIGHT if agency in in_head else 0)
        for agency in entities.agencies
    }
    mentions = agency_mentions(text)
    if mentions:
        found["agency mentions"] = MENTION_WEIGHT * min(mentions, MAX_MENTIONS)
    return found


def negative_evidence(head: str, text: str) -> dict[str, float]:
    found = term_evidence(_NEGATIVES, head, text)
    total = sum(found.values())
    if total > NEGATIVE_CAP:
        # Scaled down together: ``matched`` still shows every subject that was found.
        found = {k: round(v * NEGATIVE_CAP / total, 3) for k, v in found.items()}
    return found | term_evidence(_GENRES, head, text)


def term_evidence(terms: Terms, head: str, text: str) -> dict[str, float]:
    found: dict[str, float] = {}
    folded = f"{head}\n{text}".casefold()
    # The one character re's IGNORECASE takes for an ASCII letter that casefold() does not
    # fold to it (dotless i): with it in the text the stems prove nothing.
    use_stems = _DOTLESS_I not in folded
    for label, rx, weight, stems in terms:
        if use_stems and stems and not any(stem in folded for stem in stems):
            continue
        in_head = len(rx.findall(head))
        in_body = len(rx.findall(text))
        if in_head or in_body:
            hits = min(MAX_REPEATS, in_body) + TITLE_FACTOR * min(1, in_head)
            found[label] = round(weight * hits, 3)
    return found
