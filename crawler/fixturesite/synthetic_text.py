"""Phrase banks for the synthetic archive: geography, agency names, amounts and story templates.

Every place, agency and amount is written through a ``Writer``, which records the labels in
the order the words appear, so each synthetic article carries exact expected entities.
"""

# ruff: noqa: RUF001 - the curly apostrophes are Daily NK's typography, on purpose
from __future__ import annotations

import random
from datetime import datetime

#: Canonical province -> places in it, as articles spell them.
GEOGRAPHY = {
    "North Hamgyong": ("Chongjin", "Hoeryong", "Musan County", "Onsong County", "Kilju", "Kimchaek", "Myongchon County"),
    "Yanggang": ("Hyesan", "Kapsan County", "Samjiyon", "Pochon County", "Unhung County"),
    "South Hamgyong": ("Hamhung", "Tanchon", "Sinpo", "Hongwon County"),
    "North Pyongan": ("Sinuiju", "Jongju", "Kusong", "Uiju County"),
    "South Pyongan": ("Pyongsong", "Anju", "Sunchon", "Kaechon"),
    "Chagang": ("Kanggye", "Manpo", "Huichon"),
    "Kangwon": ("Wonsan", "Munchon", "Kosong County"),
    "North Hwanghae": ("Sariwon", "Songrim", "Sinpyong County"),
    "South Hwanghae": ("Haeju", "Ongjin County", "Jaeryong County"),
}  # fmt: skip


def province_text(canonical: str, when: datetime, legacy: bool) -> str:
    """The province as an article of that date writes it (Ryanggang/Yanggang, Hamkyung)."""
    if canonical == "Yanggang":
        return "Ryanggang Province" if when.year < 2021 else "Yanggang Province"
    if legacy and canonical.endswith("Hamgyong"):
        return canonical.replace("Hamgyong", "Hamkyung") + " Province"
    return f"{canonical} Province"


def agency_names(key: str, when: datetime, legacy: bool) -> tuple[str, str]:
    """(first mention, later mentions) for an agency, in the naming of the article's era."""
    if key == "police":
        if when.year >= 2020:
            return "Ministry of Social Security (MSS)", "MSS officers"
        return (
            ("Ministry of People’s Safety (MPS)", "safety agents")
            if legacy
            else ("Ministry of People’s Security (MPS)", "MPS officers")
        )
    if key == "state_security":
        if legacy:
            return "State Security Department (SSD)", "bowibu agents"
        return (
            ("state security agents", "state security agents")
            if when.year >= 2020
            else ("Ministry of State Security (MSS)", "MSS agents")
        )
    return {
        "border_guards": ("border guards", "the guards"),
        "prosecutors": ("the provincial prosecutors’ office", "prosecutors"),
        "courts": ("a people’s court", "the court"),
        "group_109": ("Group 109", "Group 109 inspectors"),
        "military_security": ("the Military Security Command", "military security officers"),
        "inspection": ("a central inspection group", "the inspectors"),
    }[key]  # fmt: skip


class Writer:
    """Collects labels in order of appearance while the text is being written."""

    def __init__(self, rng: random.Random, when: datetime, legacy: bool) -> None:
        self.rng, self.when, self.legacy = rng, when, legacy
        self.agencies: set[str] = set()
        self.provinces: list[str] = []
        self.places: list[dict[str, str]] = []
        self.amounts: list[dict] = []
        self._named: set[str] = set()

    def province(self, canonical: str) -> str:
        if canonical not in self.provinces:
            self.provinces.append(canonical)
        return province_text(canonical, self.when, self.legacy)

    def place(self, name: str, province: str) -> str:
        if all(p["name"] != name for p in self.places):
            self.places.append({"name": name, "province": province})
        return name

    def agency(self, key: str) -> str:
        first, later = agency_names(key, self.when, self.legacy)
        self.agencies.add(key)
        if key in self._named:
            return later
        self._named.add(key)
        return first

    def amount(self, currency: str) -> str:
        value, text = _money(self.rng, currency)
        if all((a["value"], a["currency"]) != (value, currency) for a in self.amounts):
            self.amounts.append({"value": value, "currency": currency, "text": text})
        return text

    def price(self, low: int, high: int) -> str:
        """A market price in won, rounded to 10 as the price survey prints it."""
        value = self.rng.randrange(low, high, 10)
        if all((a["value"], a["currency"]) != (value, "KPW") for a in self.amounts):
            self.amounts.append(
                {"value": value, "currency": "KPW", "text": f"{value:,} won"}
            )
        return f"{value:,} won"

    def labels(self, law_enforcement: bool) -> dict:
        return {
            "law_enforcement": law_enforcement,
            "agencies": sorted(self.agencies),
            "provinces": list(self.provinces),
            "places": list(self.places),
            "amounts": list(self.amounts),
        }


def _money(rng: random.Random, currency: str) -> tuple[int, str]:
    if currency == "USD":
        value = rng.choice((50, 100, 200, 300, 500, 1000, 1500, 3000))
        return value, rng.choice(
            (f"USD {value:,}", f"${value:,}", f"{value:,} dollars")
        )
    if currency == "CNY":
        value = rng.choice((200, 500, 800, 1000, 1500, 2000, 5000, 10000))
        return value, rng.choice(
            (f"RMB {value}", f"{value:,} yuan", f"{value:,} Chinese yuan")
        )
    if currency == "KRW":
        value = rng.choice((500000, 1000000, 2000000, 3000000))
        return value, f"KRW {value:,}"
    millions = rng.choice((0, 0, 1, 2, 3, 5))
    if millions:
        return millions * 1000000, f"{millions} million won"
    value = rng.choice((5000, 10000, 20000, 30000, 50000, 100000, 150000))
    return value, f"{value:,} won"


# -- story templates: each returns (title, blocks) and writes through the Writer -----------

SOURCE_LINES = (
    "a source in {province} told Daily NK on {day}",
    "a {province}-based source reported to Daily NK",
    "Daily NK has learned from a source in {province}",
)
QUOTE_FILLERS = (
    "“Nobody dares to complain openly, because everyone knows what happens to people who do,” the source said.",
    "“People are exhausted. They say life was hard before, but now it is even harder,” the source added.",
    "“The officials say they are following orders from above, but everyone knows where the money ends up,” the source said.",
    "“It has become a matter of who you know and how much you can pay,” a second source said.",
    "“Families are selling whatever they have left just to get by,” the source continued.",
)
FILLERS = (
    "Sources say the measures have added to the hardship of ordinary residents, many of whom depend on market trading to feed their families.",
    "Similar incidents have been reported in other parts of the country in recent months, suggesting the authorities are applying the same instructions nationwide.",
    "The authorities have not publicly commented on the matter, and local officials have reportedly been told not to discuss it with residents.",
    "Residents say the atmosphere in the area has grown tense, with neighbors increasingly wary of one another.",
    "Observers say the pattern reflects the regime’s efforts to tighten control over society while state supplies remain scarce.",
    "It remains unclear how long the current measures will stay in place.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
SUBHEADINGS = ("Residents fear further crackdowns", "FAMILIES STRUGGLE TO PAY", "Officials under pressure to show results",
               "MARKETS FEEL THE IMPACT", "A familiar pattern")  # fmt: skip


def story_bribery(w: Writer, place: str, prov: str) -> tuple[str, list[str]]:
    agency = w.rng.choice(("police", "state_security"))
    title = w.rng.choice(
        (
            "{officers} in {place} demand bribes from detained traders",
            "{place} traders forced to pay bribes for release",
            "{officers} squeeze {place} market traders for cash",
            "Detained traders in {place} buy their way out",
        )
    ).format(place=w.place(place, prov), officers=_officers(agency, w))
    body = [
        (
            f"{_cap(w.agency(agency))} in {place}, {w.province(prov)}, have been detaining traders on flimsy charges and "
            f"releasing them only after they pay bribes, {_source(w)}."
        ),
        (
            f"According to the source, one trader who sold imported clothing was held for four days and released after "
            f"her family paid {w.amount(w.rng.choice(('CNY', 'USD')))}."
        ),
        (
            f"“They accuse you of selling banned goods, and then the price of your freedom is set,” the source said, adding that "
            f"{w.agency(agency)} had recently been told to raise funds for their unit."
        ),
        (
            f"Traders who cannot pay are reportedly threatened with being sent to a labor training camp. One man was asked for "
            f"{w.amount('KPW')}, far more than he earns in several months."
        ),
    ]
    return title, body


def story_smuggling(w: Writer, place: str, prov: str) -> tuple[str, list[str]]:
    title = w.rng.choice(
        (
            "Border guards arrest smugglers near {place}",
            "{place} smugglers caught after guards refuse bribes",
            "Smuggling ring broken up on the border near {place}",
            "New border unit cracks down on {place} smugglers",
        )
    ).format(place=w.place(place, prov))
    body = [
        (
            f"{_cap(w.agency('border_guards'))} arrested a group of smugglers near {place}, {w.province(prov)}, as they tried to "
            f"carry goods across the river to China, {_source(w)}."
        ),
        (
            f"The smugglers had reportedly been paying {w.agency('border_guards')} {w.amount('CNY')} a month to look the other way, "
            f"but a new unit commander refused to continue the arrangement."
        ),
        f"The detainees were handed over to {w.agency('state_security')} for questioning about possible contacts in South Korea.",
        f"Relatives are said to be trying to raise {w.amount(w.rng.choice(('USD', 'CNY')))} to secure their release.",
    ]
    return title, body


def story_trial(w: Writer, place: str, prov: str) -> tuple[str, list[str]]:
    title = w.rng.choice(
        (
            "Public trial in {place} hands heavy sentences to copper thieves",
            "{place} residents forced to watch trial of copper thieves",
            "Copper thieves sentenced to labor camp after {place} trial",
        )
    ).format(place=w.place(place, prov))
    body = [
        (
            f"Authorities in {place}, {w.province(prov)}, held a public trial last week at which {w.agency('courts')} sentenced "
            f"three men to long terms in a reform-through-labor camp for stealing copper wire, {_source(w)}."
        ),
        (
            f"Residents were ordered to attend the trial, which was held at a sports ground. {_cap(w.agency('prosecutors'))} "
            "accused the men of damaging state property and undermining the economy."
        ),
        f"According to the source, the men had sold the copper to Chinese buyers for about {w.amount('CNY')}.",
        (
            f"“The trial was meant to frighten people,” the source said. “{_cap(w.agency('police'))} walked through the crowd "
            "to make sure everyone was watching.”"
        ),
    ]
    return title, body


def story_phones(w: Writer, place: str, prov: str) -> tuple[str, list[str]]:
    title = w.rng.choice(
        (
            "Crackdown on Chinese mobile phones intensifies in {place}",
            "{place} residents detained for calls abroad",
            "Agents hunt for illegal phone users in {place}",
            "Phone calls to South Korea land {place} residents in trouble",
        )
    ).format(place=w.place(place, prov))
    body = [
        (
            f"{_cap(w.agency('state_security'))} in {place}, {w.province(prov)}, have stepped up a crackdown on residents who use "
            f"Chinese mobile phones to contact relatives abroad, {_source(w)}."
        ),
        (
            "Agents are reportedly using radio detection equipment to track down callers near the border, and several people "
            "have been detained in recent weeks."
        ),
        (
            f"One woman caught speaking to a relative in South Korea was released only after her family paid {w.amount('USD')}, "
            "according to the source."
        ),
        (
            f"Remittance brokers have also been targeted. One broker was caught holding {w.amount('KRW')} sent by defectors "
            "to their families."
        ),
    ]
    return title, body


def story_media(w: Writer, place: str, prov: str) -> tuple[str, list[str]]:
    title = w.rng.choice(
        (
            "Group 109 raids homes in {place} in hunt for South Korean dramas",
            "{place} homes searched for foreign films and music",
            "Young people in {place} targeted over South Korean media",
        )
    ).format(place=w.place(place, prov))
    body = [
        (
            f"Inspectors from {w.agency('group_109')} have been raiding homes in {place}, {w.province(prov)}, in search of "
            f"South Korean dramas and music stored on USB sticks, {_source(w)}."
        ),
        (
            "The inspectors reportedly arrive without warning late at night and check televisions, computers and notetels for "
            "banned content."
        ),
        (
            f"A young man caught with a memory card containing South Korean films was handed over to {w.agency('police')}. "
            f"His family was told it would cost {w.amount(w.rng.choice(('CNY', 'KPW')))} to keep him out of a labor camp."
        ),
        "Sources say the raids have made residents more careful, but demand for foreign media remains high.",
    ]
    return title, body


def story_market(w: Writer, place: str, prov: str) -> tuple[str, list[str]]:
    title = w.rng.choice(
        (
            "Rice and corn prices rise in {place} markets",
            "{place} grain prices climb as stocks run low",
            "Food prices edge up in {place} ahead of harvest",
        )
    ).format(place=w.place(place, prov))
    body = [
        (
            f"The price of rice in {place}, {w.province(prov)}, has risen over the past two weeks as stocks run low, "
            f"{_source(w)}."
        ),
        (
            f"A kilogram of rice sold for {w.price(3800, 6200)} at the main market this week, while corn fetched "
            f"{w.price(1500, 3200)}, according to the source."
        ),
        f"The exchange rate was also on the move, with the US dollar trading at {w.price(7000, 8900)}.",
        "Traders expect prices to ease once the autumn harvest reaches the markets.",
    ]
    if w.rng.random() < 0.3:
        body.append(
            f"A team from the {w.agency('police')} won the city’s football tournament held at the market square last month."
        )
    return title, body


def story_farming(w: Writer, place: str, prov: str) -> tuple[str, list[str]]:
    title = w.rng.choice(
        (
            "Students and office workers mobilized for farm work around {place}",
            "{place} workers sent to farms for planting season",
            "Farm mobilization drains {place} workplaces",
        )
    ).format(place=w.place(place, prov))
    body = [
        (
            f"Authorities in {place}, {w.province(prov)}, have ordered students and office workers to help on cooperative farms "
            f"for the planting season, {_source(w)}."
        ),
        "Workers were told to bring their own tools and food, and to stay on the farms for at least two weeks.",
        f"Those who want to avoid the mobilization can reportedly pay their workplace {w.amount('KPW')} instead.",
        "Farm managers say the extra hands are needed because many farmers have left to trade in the markets.",
    ]
    if w.rng.random() < 0.3:
        # A hard negative: an agency is named but acts against no one.
        body.append(
            f"Even officers from the {w.agency('police')} were assigned to a nearby farm for a week, the source said."
        )
    return title, body


def story_construction(w: Writer, place: str, prov: str) -> tuple[str, list[str]]:
    title = w.rng.choice(
        (
            "Soldiers sent to speed up housing construction in {place}",
            "{place} housing project falls behind schedule",
            "Residents of {place} told to fund new apartments",
        )
    ).format(place=w.place(place, prov))
    body = [
        (
            f"Thousands of soldiers have been sent to {place}, {w.province(prov)}, to speed up the construction of new apartment "
            f"blocks ahead of a deadline set by the central authorities, {_source(w)}."
        ),
        "The soldiers work in shifts around the clock and have complained about poor food and a lack of materials.",
        f"Residents have been told to contribute {w.amount('KPW')} per household towards the cost of cement and steel.",
        "Sources say the apartments are intended for officials and their families.",
    ]
    return title, body


LAW_ENFORCEMENT_STORIES = (
    story_bribery,
    story_smuggling,
    story_trial,
    story_phones,
    story_media,
)
OTHER_STORIES = (story_market, story_farming, story_construction)


def _officers(agency: str, w: Writer) -> str:
    if agency == "state_security":
        return "State security agents"
    return "Safety agents" if w.legacy else "Police officers"


def _source(w: Writer) -> str:
    line = w.rng.choice(SOURCE_LINES)
    province = w.provinces[0] if w.provinces else "North Hamgyong"
    return line.format(
        province=province_text(province, w.when, w.legacy), day=w.rng.choice(DAYS)
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
