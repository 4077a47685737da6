"""Entities on the two seed reports and on the tricky cases of the issue's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.analysis.entities import (
    agencies_in,
    agency_id,
    amounts_in,
    extract_entities,
    places_in,
    provinces_in,
)
from crawler.analysis.gazetteer import canonical_province
from crawler.items import Amount, Place

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
FOOTER_STARTS = (
    "*Translated by",
    "Please direct any",
    "Read in Korean",
    "Kang Mi Jin",
    "Lee Sang Yong",
)


def _seed_body(name: str, *, skip: int = 0) -> list[str]:
    paragraphs = [
        p.strip() for p in (SEEDS / name).read_text().split("\n\n") if p.strip()
    ]
    body = [p for p in paragraphs[skip:] if not p.startswith(FOOTER_STARTS)]
    assert len(body) >= 9
    return body


@pytest.fixture(scope="module")
def seed_000() -> list[str]:
    return _seed_body("000_2437508fbf896b79.txt")


@pytest.fixture(scope="module")
def seed_001() -> list[str]:
    return _seed_body(
        "001_f7deb20ea5c29400.txt", skip=1
    )  # skip the alt + caption block


def test_seed_000_entities(seed_000: list[str]) -> None:
    entities = extract_entities(
        title="Security officials demand US dollar bribe from travelling family",
        subtitle=None,
        image_captions=[],
        body=seed_000,
        figure_captions=[],
    )
    # MPS as "Ministry of People's Safety (MPS)" and the police station; MSS = state security.
    assert entities.agencies == ("police", "state_security")
    assert entities.provinces == (
        "South Hamgyong",
        "Yanggang",
    )  # "Ryanggang" -> Yanggang
    assert [p.name for p in entities.places] == [
        "Bukchong",
        "Donghungsan District",
        "Hamhung",
    ]
    assert {p.province for p in entities.places} == {"South Hamgyong"}
    assert entities.amounts == (Amount(value=300, currency="USD", text="USD 300"),)


def test_seed_001_entities(seed_001: list[str]) -> None:
    caption = "A group of North Korean security officers are seen at a park in Wonsan, Kangwon Province."
    entities = extract_entities(
        title="MPS officers extract bribes to fund their day of honor",
        subtitle=None,
        image_captions=[caption],
        body=seed_001,
        figure_captions=[],
    )
    assert entities.agencies == ("police",)  # Ministry of People's Security (MPS)
    assert entities.provinces == (
        "Kangwon",
        "Yanggang",
    )  # caption comes before the body
    assert entities.places == (
        Place(name="Wonsan", province="Kangwon"),
        Place(name="Hyesan", province="Yanggang"),
        Place(name="Songbong District", province="Yanggang"),
    )
    assert entities.amounts == (
        Amount(value=1500, currency="CNY", text="RMB 1500"),
        Amount(value=250000, currency="KRW", text="KRW 250,000"),
    )


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        (
            "Agents of the Ministry of State Security (MSS) arrested him.",
            {"state_security"},
        ),
        ("The MSS arrested him.", {"state_security"}),
        # After 2020 the article may define MSS as the police ministry: its definition wins.
        (
            "The Ministry of Social Security (MSS) fined him. Later the MSS let him go.",
            {"police"},
        ),
        (
            "Bowibu agents and the State Security Department (SSD) searched homes.",
            {"state_security"},
        ),
        (
            "Ministry of People\u2019s Safety officers and safety agents took bribes.",
            {"police"},
        ),
        ("The MPS and local police raided the market.", {"police"}),
        (
            "Border guards were bribed; prosecutors charged them; the court sentenced them.",
            {"border_guards", "prosecutors", "courts"},
        ),
        ("Group 109 agents seized DVDs.", {"group_109"}),
        ("Inspection groups from Pyongyang checked the posts.", {"inspection"}),
        ("The Military Security Command investigated the unit.", {"military_security"}),
        ("Rice prices rose in the courtyard market.", set()),
    ],
)
def test_agencies(text: str, agencies: set[str]) -> None:
    assert agencies_in([text]) == agencies


def test_provinces_canonical_and_ordered() -> None:
    texts = [
        "A source in North Hamkyung Province said",
        "sent from Ryanggang Province to South Pyongan and Chagang",
        "again North Hamgyong and Yanggang",
    ]
    assert provinces_in(texts) == [
        "North Hamgyong",
        "Yanggang",
        "South Pyongan",
        "Chagang",
    ]
    assert provinces_in(["in North and South Hamgyong provinces"]) == [
        "North Hamgyong",
        "South Hamgyong",
    ]
    assert provinces_in(["North Korean authorities"]) == []


def test_places_from_gazetteer_and_from_province_context() -> None:
    places = places_in(
        [
            "A man in Kapsan County and one in Hoeryong.",
            "in Zzyzx, North Hwanghae Province",
        ]
    )
    assert places == [
        Place(name="Kapsan County", province="Yanggang"),
        Place(name="Hoeryong", province="North Hamgyong"),
        Place(name="Zzyzx", province="North Hwanghae"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a USD 300 bribe", [(300, "USD", "USD 300")]),
        ("paid $300 to them", [(300, "USD", "$300")]),
        ("300 dollars in cash", [(300, "USD", "300 dollars")]),
        ("RMB 1500 and 1,500 yuan", [(1500, "CNY", "RMB 1500")]),
        ("20,000 Chinese Yuan", [(20000, "CNY", "20,000 Chinese Yuan")]),
        ("KRW 250,000", [(250000, "KRW", "KRW 250,000")]),
        ("5,000 won per kilogram", [(5000, "KPW", "5,000 won")]),
        ("5,000 North Korean won", [(5000, "KPW", "5,000 North Korean won")]),
        ("3 million won", [(3_000_000, "KPW", "3 million won")]),
        (
            "1.5 million South Korean won",
            [(1_500_000, "KRW", "1.5 million South Korean won")],
        ),
        (
            "between 500 and 1,000 yuan",
            [(500, "CNY", "500 and 1,000 yuan"), (1000, "CNY", "500 and 1,000 yuan")],
        ),
        ("he won the game 3 times", []),
    ],
)
def test_amounts(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert [(a.value, a.currency, a.text) for a in amounts_in([text])] == expected


def test_amounts_deduplicated_keeping_first_text() -> None:
    amounts = amounts_in(["USD 300 first", "then 300 dollars", "and $300"])
    assert amounts == [Amount(value=300, currency="USD", text="USD 300")]


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Ryanggang", "Yanggang"),
        ("ryanggang province", "Yanggang"),
        ("Yanggang-do", "Yanggang"),
        ("North Hamkyung", "North Hamgyong"),
        ("N. Hamgyong Province", "North Hamgyong"),
        ("north hamgyeong", "North Hamgyong"),
        ("Hamgyong-bukdo", "North Hamgyong"),
        ("Hamgyongnam-do", "South Hamgyong"),
        ("Hambuk", "North Hamgyong"),
        ("S. Pyongan", "South Pyongan"),
        ("Pyeongannam-do", "South Pyongan"),
        ("Jagang", "Chagang"),
        ("Gangwon-do", "Kangwon"),
        ("Rajin-Sonbong", "Rason"),
        ("Hwanghaebuk-do", "North Hwanghae"),
        ("Nowhere", None),
        ("", None),
    ],
)
def test_every_spelling_of_a_province_names_it(
    spelling: str, canonical: str | None
) -> None:
    assert canonical_province(spelling) == canonical


def test_provinces_in_lower_case_headlines_are_found() -> None:
    assert provinces_in(["elderly ryanggang province resident pays fine"]) == [
        "Yanggang"
    ]
    assert provinces_in(["North Hamgyung and Ryang-gang"]) == [
        "North Hamgyong",
        "Yanggang",
    ]


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("state_security", "state_security"),
        ("MSS", "state_security"),
        ("SSD", "state_security"),
        ("Bowibu", "state_security"),
        ("Ministry of State Security", "state_security"),
        ("MPS", "police"),
        ("People\u2019s Safety", "police"),
        ("Ministry of Social Security", "police"),
        ("anjeonbu", "police"),
        ("border guards", "border_guards"),
        ("Group 109", "group_109"),
        ("118 Group", "inspection"),
        ("anti-socialist units", "inspection"),
        ("Military Security Command", "military_security"),
        ("court", "courts"),
        ("the fbi", None),
    ],
)
def test_agencies_by_every_name(name: str, agency: str | None) -> None:
    assert agency_id(name) == agency


def test_a_generic_task_force_is_no_agency_of_its_own() -> None:
    # "A Group 109 task force" is Group 109; a bare task force names no one in particular.
    assert agencies_in(["A Group 109 task force searched homes."]) == {"group_109"}
    assert agencies_in(["A task force from Pyongyang arrived."]) == set()
