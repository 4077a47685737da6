"""The law-enforcement topic scorer on the seeds and on negatives named by the issue."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.analysis.entities import extract_entities
from crawler.analysis.topic import classify_topic
from crawler.items import Entities

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def _topic(title: str, body: list[str], subtitle: str | None = None):
    entities = extract_entities(
        title=title, subtitle=subtitle, image_captions=[], body=body, figure_captions=[]
    )
    return classify_topic(title, subtitle, body, entities=entities)


def _seed_paragraphs(name: str) -> list[str]:
    return [p.strip() for p in (SEEDS / name).read_text().split("\n\n") if p.strip()]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (
            "000_2437508fbf896b79.txt",
            "Security officials demand US dollar bribe from travelling family",
        ),
        (
            "001_f7deb20ea5c29400.txt",
            "MPS officers extract bribes to fund their day of honor",
        ),
    ],
)
def test_seeds_are_law_enforcement(name: str, title: str) -> None:
    topic = _topic(title, _seed_paragraphs(name))
    assert topic.law_enforcement
    assert 0.5 <= topic.score <= 1.0
    assert "bribe" in topic.matched


NEGATIVES = {
    "market": (
        "North Korea Market Price Update: November 15, 2020",
        [
            "All prices shown in KPW and current as of November 15, 2020. Data: Daily NK",
            (
                "Rice prices rose to 5,000 won per kilogram in Pyongyang, while the exchange rate "
                "for the US dollar fell in Sinuiju and Hyesan markets."
            ),
        ],
    ),
    "snapshots": (
        "Daily NK Snapshots from North Korea: May 30, 2020",
        [
            "Police arrest smugglers in Hyesan. Full article in Korean by Ha Yoon Ah here.",
            "Corn prices fall in Pyongyang markets. Full article in Korean by Jang Seul Gi here.",
            "Soldiers mobilized for farm work. Full article in Korean by Jeong Tae Joo here.",
        ],
    ),
    "drills": (
        "North Korean military units hold winter drills near the border",
        [
            (
                "Korean People\u2019s Army units have begun large-scale winter exercises, with artillery "
                "drills and troops practicing maneuvers, sources said."
            ),
            "The drills follow a missile test last week and are expected to last a month.",
        ],
    ),
    "diplomacy": (
        "Pyongyang signals interest in new summit",
        [
            (
                "North Korea\u2019s foreign ministry said it was open to negotiations, a rare "
                "diplomatic signal ahead of the planned summit."
            ),
            "Diplomats in Beijing said trade and sanctions would be on the agenda.",
        ],
    ),
}


@pytest.mark.parametrize("kind", sorted(NEGATIVES))
def test_negatives(kind: str) -> None:
    title, body = NEGATIVES[kind]
    topic = _topic(title, body)
    assert not topic.law_enforcement
    assert 0.0 <= topic.score < 0.5
    assert topic.matched  # the negative cues that decided it


def test_agency_acting_on_people_without_the_word_arrest() -> None:
    topic = _topic(
        "Hyesan woman sent to labor camp for selling phones",
        [
            (
                "A woman in Hyesan was sentenced to three years in a kyohwaso after state security "
                "agents caught her renting out Chinese mobile phones, a source said."
            ),
            "She was interrogated for a month before her trial.",
        ],
    )
    assert topic.law_enforcement
    assert {"sentenced", "labor camp"} <= set(topic.matched)


def test_empty_report_is_not_law_enforcement() -> None:
    topic = classify_topic("Untitled", None, [], entities=Entities())
    assert not topic.law_enforcement
    assert topic.matched == ()
