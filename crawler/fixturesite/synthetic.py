"""A deterministic synthetic archive of N articles for scale tests and benchmarks.

Article ``i`` depends only on (seed, i): the archive of N is a prefix of the archive of N+1.
Index 0 is the newest; each older article is about a day earlier. Only the light Entry of
each article is kept; its spec (and so its page) is rebuilt on demand.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from crawler.fixturesite import synthetic_text as text
from crawler.fixturesite.entry import Entry, entry_of
from crawler.fixturesite.spec import (
    HOME,
    ArticleSpec,
    AuthorSpec,
    Block,
    ContactSpec,
    PictureSpec,
)

NEWEST = datetime(2026, 3, 2, 10, 0)
FIRST_POST_ID = (
    799999  # newest synthetic post; ids fall with age, like WordPress' auto-increment
)
AUTHORS = (
    ("Kang Mi Jin", "kmj"), ("Seol Song Ah", "ssa"), ("Choi Song Min", "csm"), ("Jeong Tae Joo", "jtj"),
    ("Ha Yoon Ah", "yuna1112"), ("Jang Seul Gi", "jsg"), ("Kim Jeong Hyun", "kjh"), ("Lee Sang Yong", "popeye"),
)  # fmt: skip
TRANSLATORS = ("Violet Kim", "Robert Lauler", "Jason Mitchell")
#: Endings that vary otherwise identical headlines (they name no place, agency or amount).
QUALIFIERS = ("", "", "", "amid food shortages", "ahead of national holiday", "as border closure drags on",
              "despite official warnings", "as winter approaches", "as authorities tighten control",
              "after spring inspection", "amid power shortages", "in run-up to party meeting", "as prices climb",
              "again", "this month", "for second time this year")  # fmt: skip
STOP_WORDS = {"in", "of", "the", "a", "to", "for", "and", "near", "from", "on", "as"}


class SyntheticArchive:
    def __init__(self, count: int, *, seed: int = 0) -> None:
        self.count, self.seed = max(0, count), seed
        self._slugs: list[str] = []
        self._entries: list[Entry] | None = None

    def entries(self) -> list[Entry]:
        """Entries of all N articles (generated once; about 0.1 ms each)."""
        if self._entries is None:
            seen: dict[str, int] = {}
            entries = []
            for i in range(self.count):
                spec = generate(self.seed, i)
                slug = _dedupe(spec.slug, seen)
                self._slugs.append(slug)
                entries.append(entry_of(_with_slug(spec, slug), synthetic=i))
            self._entries = entries
        return self._entries

    def spec(self, index: int) -> ArticleSpec:
        """The full spec of article ``index``, regenerated (pages are never cached here)."""
        self.entries()
        return _with_slug(generate(self.seed, index), self._slugs[index])


def generate(seed: int, index: int) -> ArticleSpec:
    """Article ``index`` of the archive with this seed, with its hand-label equivalents."""
    rng = random.Random(f"nkwatch-synthetic:{seed}:{index}")  # noqa: S311 - test data
    day = NEWEST - timedelta(hours=index * 26)
    when = day.replace(hour=rng.randint(8, 19), minute=rng.randint(0, 59))
    legacy = when < datetime(2018, 3, 1)
    template = (
        "legacy"
        if legacy
        else ("cloud" if when.year >= 2021 and rng.random() < 0.7 else "classic")
    )
    w = text.Writer(rng, when, legacy)
    law_enforcement = rng.random() < 0.6
    story = rng.choice(
        text.LAW_ENFORCEMENT_STORIES if law_enforcement else text.OTHER_STORIES
    )
    province = rng.choice(sorted(text.GEOGRAPHY))
    place = rng.choice(text.GEOGRAPHY[province])
    if legacy:
        place = place.removesuffix(" County")
    title, body = story(w, place, province)
    title = f"{title} {rng.choice(QUALIFIERS)}".strip()
    if legacy:
        title = _title_case(title)
    image = _image(rng, when, place, province, w, legacy)
    blocks = _blocks(rng, body, legacy)
    name, login = (
        rng.choice(AUTHORS) if not legacy or rng.random() < 0.5 else ("Daily NK", None)
    )
    slug = _slug(title, legacy, rng)
    return ArticleSpec(
        source=f"synthetic:{seed}:{index}",
        url=f"{HOME}{slug}/",
        slug=slug,
        post_id=FIRST_POST_ID - index,
        template=template,
        title=title,
        published=when,
        authors=(_author(name, login, rng),),
        categories=_categories(rng, law_enforcement),
        blocks=blocks,
        labels=w.labels(law_enforcement),
        subtitle=None,
        translator=rng.choice(TRANSLATORS)
        if not legacy and rng.random() < 0.4
        else None,
        tags=tuple(
            sorted(
                {
                    rng.choice(
                        ("crackdown", "bribery", "markets", "border", "smuggling")
                    ),
                    province.lower(),
                }
            )
        ),
        image=image,
        contact=_contact(rng, legacy),
        korean_url=f"https://www.dailynk.com/{when - timedelta(days=rng.randint(0, 3)):%Y%m%d}-{rng.randint(1, 6)}/"
        if when.year >= 2021 and rng.random() < 0.5
        else None,
    )


def _blocks(rng: random.Random, body: list[str], legacy: bool) -> tuple[Block, ...]:
    """The story paragraphs, then quotes and fillers with an ad and maybe a subheading."""
    extra = rng.sample(text.QUOTE_FILLERS, 2) + rng.sample(
        text.FILLERS, rng.randint(2, 4)
    )
    paragraphs = [*body[:2], extra[0], *body[2:], *extra[1:]]
    blocks = [Block("p", text=p) for p in paragraphs]
    if rng.random() < 0.5:
        blocks.insert(len(body) + 1, Block("h", text=rng.choice(text.SUBHEADINGS)))
    if not legacy:
        blocks.insert(3, Block("ad"))
    elif rng.random() < 0.3:
        blocks.insert(0, Block("artefact", text="[imText1]"))
    return tuple(blocks)


def _image(
    rng: random.Random,
    when: datetime,
    place: str,
    province: str,
    w: text.Writer,
    legacy: bool,
) -> PictureSpec | None:
    if legacy or rng.random() < 0.25:
        return None
    style = rng.choice(
        ("slash", "dot") if when.year < 2020 else ("file_photo", "paren", "slash")
    )
    # Only names the story has already used, so the labels' order of first mention holds.
    caption = f"A street in {place}, {text.province_text(province, when, legacy)}."
    slug = re.sub(r"[^a-z0-9]+", "-", place.lower()).strip("-")
    return PictureSpec(f"{when:%Y/%m}/{slug}-{rng.randint(1, 99)}.jpg", caption, "Daily NK", style,
                       alt=f"{place.lower()} north korea street")  # fmt: skip


def _author(name: str, login: str | None, rng: random.Random) -> AuthorSpec:
    if login is None:
        return AuthorSpec(name, None, None, None, "plain")
    bio = f"{name} is a Daily NK journalist covering North Korean society and markets. Please direct any questions about their articles to {{email}}."
    return AuthorSpec(
        name,
        login,
        bio,
        "dailynkenglish@uni-media.net",
        rng.choice(("cloudflare", "plain", "stripped")),
    )


def _contact(rng: random.Random, legacy: bool) -> ContactSpec | None:
    if rng.random() < 0.2:
        return None
    markup = rng.choice(("cloudflare", "plain", "stripped"))
    return ContactSpec(
        "dailynkenglish@gmail.com", markup, "legacy" if legacy else "modern"
    )


def _categories(rng: random.Random, law_enforcement: bool) -> tuple[str, ...]:
    if not law_enforcement and rng.random() < 0.3:
        return ("Market Indicators",)
    return ("News", "Headline") if rng.random() < 0.2 else ("News",)


def _slug(title: str, legacy: bool, rng: random.Random) -> str:
    words = re.sub(r"[^a-z0-9 ]", "", title.lower().replace("-", "")).split()
    if legacy:
        return "-".join(words)[:34].strip("-")
    if rng.random() < 0.6:
        words = [w for w in words if w not in STOP_WORDS]
    return "-".join(words)


def _title_case(title: str) -> str:
    return " ".join(
        w if w.isupper() or w[0].isdigit() else w[:1].upper() + w[1:]
        for w in title.split()
    )


def _dedupe(slug: str, seen: dict[str, int]) -> str:
    """WordPress appends -2, -3 ... to a slug already taken."""
    count = seen.get(slug, 0) + 1
    seen[slug] = count
    return slug if count == 1 else f"{slug}-{count}"


def _with_slug(spec: ArticleSpec, slug: str) -> ArticleSpec:
    if slug == spec.slug:
        return spec
    from dataclasses import replace

    return replace(spec, slug=slug, url=f"{HOME}{slug}/")
