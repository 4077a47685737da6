"""The topic scorer on headlines and openings written in the site's style (tests/data/topic).

Each line of headlines.tsv is wrapped as a page whose body repeats the headline in one
sentence (as a terse real item reads); openings.json holds a title and the first paragraphs.
Both are fresh text written for nkwatch, one per pattern the scorer must know.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.analysis.entities import extract_entities
from crawler.analysis.topic import classify_topic
from crawler.items import Topic

DATA = Path(__file__).resolve().parent / "data" / "topic"


def topic_of(title: str, subtitle: str | None, body: list[str]) -> Topic:
    entities = extract_entities(
        title=title, subtitle=subtitle, image_captions=[], body=body, figure_captions=[]
    )
    return classify_topic(title, subtitle, body, entities=entities)


def headline_page(headline: str) -> list[str]:
    return [headline.rstrip(".") + "."]


def _headlines() -> list[tuple[bool, str, str]]:
    rows = []
    for line in (DATA / "headlines.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, pattern, headline = line.split("\t")
            rows.append((label == "1", pattern, headline))
    return rows


def _openings() -> list[dict]:
    return json.loads((DATA / "openings.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("expected", "pattern", "headline"),
    _headlines(),
    ids=lambda v: v if isinstance(v, str) and len(v) > 20 else None,
)
def test_headline_alone_decides(expected: bool, pattern: str, headline: str) -> None:
    topic = topic_of(headline, None, headline_page(headline))
    assert topic.law_enforcement is expected, (pattern, topic)
    assert (topic.band == "yes") is expected
    if expected:
        assert topic.matched, "the terms that decided it"


@pytest.mark.parametrize("opening", _openings(), ids=lambda o: o["pattern"])
def test_opening_decides(opening: dict) -> None:
    topic = topic_of(opening["title"], opening["subtitle"], opening["body"])
    assert topic.law_enforcement is (opening["label"] == 1), topic


def test_the_data_covers_both_labels_and_many_patterns() -> None:
    headlines = _headlines()
    assert {label for label, _, _ in headlines} == {True, False}
    assert len({p for label, p, _ in headlines if label}) >= 15
    assert {o["label"] for o in _openings()} == {0, 1}


def test_negatives_do_not_drown_an_enforcement_story() -> None:
    # Soldiers, markets and prices all named, but the story is an arrest by the police.
    title = "Police arrest soldiers selling army rice in Hyesan market"
    body = [
        (
            "Safety agents arrested three soldiers who had been selling rice from their unit's "
            "stores in the Hyesan market, where rice prices have been climbing, a source said."
        ),
        "The soldiers were handed over to the military security command for investigation.",
    ]
    topic = topic_of(title, None, body)
    assert topic.law_enforcement
    assert {"arrest", "agency:police"} <= set(topic.matched)
    without_acts = topic_of(
        "Soldiers sell army rice in Hyesan market",
        None,
        ["Soldiers have been selling rice in the Hyesan market as prices climb."],
    )
    assert not without_acts.law_enforcement


def test_an_offence_alone_is_not_enough() -> None:
    # "Smuggling booms" is an economy story; the same offence with an act is enforcement.
    alone = topic_of("Smuggling booms in Hyesan", None, ["Smuggling booms in Hyesan."])
    acted = topic_of(
        "Smugglers caught in Hyesan", None, ["Smugglers were caught in Hyesan."]
    )
    assert not alone.law_enforcement
    assert alone.score < 0.5
    assert acted.law_enforcement


def test_possible_band_sits_between_yes_and_no() -> None:
    # An agency and an inquiry named once in the body of a vague story: close to the line.
    topic = topic_of(
        "Hyesan residents grumble about new rules",
        None,
        [
            (
                "Residents of Hyesan are unhappy with new rules on trading hours, and some "
                "say safety agents may look into the market managers, a source said."
            ),
            "An investigation is rumored but has not begun.",
        ],
    )
    assert topic.band == "possible", topic
    assert not topic.law_enforcement
    assert 0.25 <= topic.score < 0.5
    assert "agency:police" in topic.matched


@pytest.mark.parametrize(
    "band_topic",
    [
        topic_of("Police arrest broker", None, ["Police arrested a broker."]),
        topic_of("Rice prices rise", None, ["Rice prices rose in markets."]),
    ],
)
def test_band_agrees_with_the_verdict(band_topic: Topic) -> None:
    assert (band_topic.band == "yes") is band_topic.law_enforcement
    assert (
        Topic.from_dict(
            {
                "law_enforcement": band_topic.law_enforcement,
                "score": band_topic.score,
                "matched": list(band_topic.matched),
                "band": band_topic.band,
            }
        )
        == band_topic
    )


def test_topic_stored_before_bands_gets_yes_or_no() -> None:
    assert Topic.from_dict({"law_enforcement": True, "score": 0.9}).band == "yes"
    assert Topic.from_dict({"law_enforcement": False, "score": 0.4}).band == "no"
