"""North Korean provinces and the cities, counties and districts in each (romanized spellings).

Spellings follow what Daily NK English writes (McCune-Reischauer without diacritics, with the
common variants: Hoeryong/Hoiryeong, Bukchong/Pukchong, Ryanggang/Yanggang). Only places inside
North Korea are listed: a foreign place has no province here.
"""

from __future__ import annotations

import re

# Canonical province name -> the regex of every spelling used for it (matched ignoring case:
# headlines on the site are sometimes all lower case, "ryanggang province").
PROVINCE_SPELLINGS = {
    "Yanggang": r"(?:R?yang-?[gk]ang)",
    "North Hamgyong": r"North\s+Ham(?:gyo?e?ong|kyo?u?ng|gyeong|gyung|kyeong)",
    "South Hamgyong": r"South\s+Ham(?:gyo?e?ong|kyo?u?ng|gyeong|gyung|kyeong)",
    "North Pyongan": r"North\s+Pye?ong[- ]?an",
    "South Pyongan": r"South\s+Pye?ong[- ]?an",
    "Chagang": r"(?:Chagang|Jagang)",
    "Kangwon": r"(?:Kangwon|Gangwon)",
    "North Hwanghae": r"North\s+Hwanghae",
    "South Hwanghae": r"South\s+Hwanghae",
    "Rason": r"(?:Rason|Rajin[- ]Sonbong)",
    "Pyongyang": r"(?:Pyongyang|Pyeongyang)",
}

# Province -> places in it. A name listed here is recognized wherever it appears capitalized.
_PLACES = {
    "North Hamgyong": """
        Chongjin Chongjing Hoeryong Hoiryeong Hoeryeong Hoiryong Musan Onsong Kyongsong
        Kyongwon Saebyol Kyonghung Undok Puryong Myongchon Kilju Orang Myonggan Hwadae Yonsa
        Namyang Kimchaek Sunam Songpyong Pohang Chongam Ranam Sinam Susong Yuson Haksong
        Kangdok Komusan Sambong Chilbo Kwanmo Kim-chaek Chonggye Hwasong
    """,
    "South Hamgyong": """
        Hamhung Hamheung Hungnam Sinpo Tanchon Dancheon Hongwon Bukchong Pukchong Riwon Toksong
        Kowon Yonggwang Jongpyong Chongpyong Hamju Sinhung Pujon Changjin Yodok Kumya Hochon
        Taehung Sudong Donghungsan Tonghungsan Songchongang Sapo Hoesang Haean Hungdok
        Jangjin Yonggwang Kumho
    """,
    "Yanggang": """
        Hyesan Samjiyon Pochon Pochonbo Taehongdan Unhung Kapsan Pungso Paegam Samsu Songbong
        Wiyon Hyegang Hyehwa Masan Hyemyong Yonbong Ryonbong Kangu Tapsong Songhu Hyesin
        Hyetan Hyejang Chunghung Kimjongsuk Kimhyongjik Sinpa Osan Osandok
    """,
    "North Pyongan": """
        Sinuiju Uiju Yongchon Ryongchon Pihyon Phihyon Chongju Jongju Kusong Sakju Sakchu
        Tongrim Cholsan Sonchon Yomju Kwaksan Unjon Pakchon Nyongbyon Yongbyon Unsan Hyangsan
        Taegwan Changsong Pyoktong Chonma Tongchang Taechon Sindo Pinghyon Namsinuiju
        Nam-Sinuiju Chae-do
    """,
    "South Pyongan": """
        Pyongsong Anju Kaechon Tokchon Sunchon Nampo Namp'o Nampho Sukchon Mundok Pyongwon
        Jungsan Chungsan Onchon Taean Songchon Pukchang Bukchang Maengsan Nyongwon Yangdok
        Hoechang Sinyang Jochon Chonsong Chongnam Oncheon
    """,
    "Chagang": """
        Kanggye Manpo Huichon Chasong Jasong Junggang Chunggang Wiwon Sijung Changgang Janggang
        Songgan Jonchon Chonchon Rangrim Ryongrim Hwapyong Chosan Kopung Usi Songwon Tongsin
    """,
    "Kangwon": """
        Wonsan Munchon Tongchon Kosong Chorwon Pyonggang Kimhwa Anbyon Kosan Popdong Hoeyang
        Sepo Changdo Pangyo Chonnae Kalma
    """,
    "North Hwanghae": """
        Sariwon Kaesong Songrim Hwangju Pongsan Unpa Sohung Singye Koksan Suan Yonsan
        Pyongsan Kumchon Tosan Sinpyong Yontan Rinsan Kaepung Changpung Sungho
    """,
    "South Hwanghae": """
        Haeju Ongjin Kangryong Pyoksong Chaeryong Sinchon Anak Ullyul Kwail Songhwa Jangyon
        Changyon Taetan Yonan Paechon Chongdan Pongchon Sinwon Samchon Ryongyon Unchon
        Jaeryong
    """,
    "Pyongyang": """
        Moranbong Pothonggang Potonggang Sosong Sonkyo Tongdaewon Taedonggang Sadong
        Mangyongdae Hyongjesan Rangnang Ryokpo Samsok Sunan Kangdong Kangnam Chunghwa Sangwon
    """,
    "Rason": """
        Rajin Sonbong Tumangang Unggi
    """,
}

PLACE_PROVINCE: dict[str, str] = {
    name: province for province, names in _PLACES.items() for name in names.split()
}

# Words that are also place names but mostly mean something else in the news: recognized
# only with an explicit "County/City/District" suffix.
SUFFIX_ONLY = frozenset(
    {"Usi", "Masan", "Osan", "Anak", "Sadong", "Sapo", "Haean", "Sunan"}
)

PROVINCE_REGEX = {
    canonical: re.compile(rf"\b{pattern}\b(?!\s*(?:River|Mountains?)\b)", re.IGNORECASE)
    for canonical, pattern in PROVINCE_SPELLINGS.items()
}


def province_of_spelling(text: str) -> str | None:
    """Canonical province for one spelling ("Ryanggang" -> "Yanggang"), or None."""
    for canonical, pattern in PROVINCE_REGEX.items():
        if pattern.fullmatch(text.strip()):
            return canonical
    return None


# "N. Hamgyong", "Hamgyong-bukdo", "Hambuk": the other ways users and sources write them.
_DIRECTION_ABBREVIATIONS = {"n.": "North", "s.": "South", "n": "North", "s": "South"}
_KOREAN_FORMS = re.compile(
    r"^(?P<base>[A-Za-z]+?)[- ]?(?P<side>buk|nam)(?:[- ]?do)?$", re.IGNORECASE
)
_SHORT_FORMS = {
    "hambuk": "North Hamgyong",
    "hamnam": "South Hamgyong",
    "pyongbuk": "North Pyongan",
    "pyongnam": "South Pyongan",
    "hwangbuk": "North Hwanghae",
    "hwangnam": "South Hwanghae",
}


def canonical_province(text: str) -> str | None:
    """The canonical province a user or a source means, in any spelling, or None.

    Case, extra spaces, a "Province" suffix, "N."/"S." for North/South and the Korean
    "-bukdo"/"-namdo" forms are all forgiven: "ryanggang province", "North Hamkyung",
    "N. Hamgyong", "Hamgyong-bukdo" and "Hambuk" all name their province.
    """
    words = " ".join(text.replace("\u2019", "'").split())
    words = re.sub(
        r"(?:\s+(?:province|prov\.?)|[- ]do)$", "", words, flags=re.IGNORECASE
    )
    if not words:
        return None
    first, _, rest = words.partition(" ")
    if rest and first.lower() in _DIRECTION_ABBREVIATIONS:
        words = f"{_DIRECTION_ABBREVIATIONS[first.lower()]} {rest}"
    if words.lower() in _SHORT_FORMS:
        return _SHORT_FORMS[words.lower()]
    korean = _KOREAN_FORMS.match(words)
    if korean and " " not in words:
        side = "North" if korean.group("side").lower() == "buk" else "South"
        found = _fullmatch(f"{side} {korean.group('base')}")
        if found:
            return found
    return _fullmatch(words)


def _fullmatch(words: str) -> str | None:
    for canonical, pattern in PROVINCE_SPELLINGS.items():
        if re.fullmatch(pattern, words, flags=re.IGNORECASE):
            return canonical
    return None
