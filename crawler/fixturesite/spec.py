"""Article specs: load ``specs/<slug>.json`` and validate every field strictly (docs/fixtures.md)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

SITE = "https://www.dailynk.com"
HOME = f"{SITE}/english/"
UPLOADS = f"{SITE}/english/wp-content/uploads/sites/2/"

#: "column" is the classic theme's td-post-template-5 (the 2017 guest columns: <div> body).
TEMPLATES = ("classic", "cloud", "legacy", "column")
EMAIL_MARKUPS = ("cloudflare", "plain", "stripped")
CAPTION_STYLES = ("slash", "dot", "file_photo", "paren", "none")
CONTACT_STYLES = ("modern", "legacy")
#: How an upload URL is written on the page: as typed, percent-encoded, or Hangul decomposed (NFD).
URL_FORMS = ("raw", "percent", "nfd")
AGENCIES = (
    "border_guards",
    "courts",
    "group_109",
    "inspection",
    "military_security",
    "police",
    "prosecutors",
    "state_security",
)
PROVINCES = (
    "Chagang",
    "Kangwon",
    "North Hamgyong",
    "North Hwanghae",
    "North Pyongan",
    "Pyongyang",
    "Rason",
    "South Hamgyong",
    "South Hwanghae",
    "South Pyongan",
    "Yanggang",
    "Nampo",
)
#: Renderer switches a spec may set in ``variant``, with the type each takes.
VARIANTS: dict[str, type | tuple[type, ...]] = {
    "no_og": bool,  # no OpenGraph/article: meta tags in <head>
    "jsonld": bool,  # force a JSON-LD NewsArticle on (true) or off (false)
    "br_paragraphs": bool,  # body as one text run split by <br /> (legacy style)
    "subheading_tag": str,  # "h2" | "h3" | "strong"
    "entity_quotes": bool,  # curly quotes written as &#8220; numeric entities
    "no_views": bool,  # no view counter in the byline
    "no_related": bool,  # no related-articles block
    "author_box": bool,  # classic: force the 2020 author-box-wrap on (true) or off (false)
    "content_bottom_ad": bool,  # classic: force the 2019 in-content paypal ad on or off
}
SUBHEADING_TAGS = ("h2", "h3", "strong")
_SPEC_KEYS = (
    "url", "post_id", "template", "variant", "title", "subtitle", "published", "modified",
    "authors", "translator", "editor", "disclaimer", "categories", "tags", "image", "blocks", "contact", "korean_url",
    "labels", "listing_excerpt", "kind",
)  # fmt: skip
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL = re.compile(r"https://www\.dailynk\.com/english/([a-z0-9-]+)/")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}")


class SpecError(ValueError):
    """A spec file that breaks the format; the message names the file and the field."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        super().__init__(f"{source}: {where}: {problem}")


@dataclass(frozen=True, slots=True)
class AuthorSpec:
    name: str
    login: str | None
    bio: str | None
    email: str | None
    email_markup: str

    @property
    def url(self) -> str | None:
        return f"{SITE}/english/author/{self.login}/" if self.login else None


@dataclass(frozen=True, slots=True)
class PictureSpec:
    """A featured image or a mid-body figure (only a featured image has a ``title``)."""

    file: str
    caption: str | None
    credit: str | None
    caption_style: str
    alt: str = ""
    title: str | None = None  # the featured <img title> (WordPress: the attachment's title)
    url_form: str = "raw"

    @property
    def url(self) -> str:
        """The full-size upload URL exactly as the page writes it (see ``url_form``)."""
        return written_url(UPLOADS + self.file, self.url_form)


def written_url(url: str, form: str) -> str:
    """``url`` in one of the URL_FORMS: real pages carry Hangul file names all three ways."""
    if form == "percent":
        return quote(url, safe=":/%-._~")
    if form == "nfd":
        return unicodedata.normalize("NFD", url)
    return url


@dataclass(frozen=True, slots=True)
class Block:
    """One body block: kind is "p", "h", "figure", "ad" or "artefact"."""

    kind: str
    text: str = ""
    figure: PictureSpec | None = None


@dataclass(frozen=True, slots=True)
class ContactSpec:
    email: str
    email_markup: str
    style: str


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    source: str
    url: str
    slug: str
    post_id: int | None
    template: str
    title: str
    published: datetime
    authors: tuple[AuthorSpec, ...]
    categories: tuple[str, ...]
    blocks: tuple[Block, ...]
    labels: dict[str, Any]
    variant: dict[str, Any] = field(default_factory=dict)
    subtitle: str | None = None
    modified: datetime | None = None
    translator: str | None = None
    editor: str | None = None
    disclaimer: str | None = None  # a guest column's closing note, without its leading "*"
    tags: tuple[str, ...] = ()
    image: PictureSpec | None = None
    contact: ContactSpec | None = None
    korean_url: str | None = None
    listing_excerpt: str | None = None
    kind: str = "article"

    @property
    def paragraphs(self) -> list[str]:
        """Body text as the expected Report has it: paragraphs and subheadings in order."""
        return [b.text for b in self.blocks if b.kind in ("p", "h")]

    @property
    def updated(self) -> datetime:
        return self.modified or self.published


def load_spec(path: Path) -> ArticleSpec:
    """Read and validate one spec file; raise SpecError naming the file and field."""
    source = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SpecError(source, "file", f"not readable JSON ({exc})") from None
    return parse_spec(data, source)


def load_specs(folder: Path) -> list[ArticleSpec]:
    """Every spec in a folder, checked for duplicate URLs and post ids, sorted by file name."""
    specs = [load_spec(p) for p in sorted(folder.glob("*.json"))]
    seen_ids: dict[int, str] = {}
    seen_slugs: dict[str, str] = {}
    for spec in specs:
        if spec.slug in seen_slugs:
            raise SpecError(
                spec.source,
                "url",
                f"slug {spec.slug!r} also in {seen_slugs[spec.slug]}",
            )
        seen_slugs[spec.slug] = spec.source
        if spec.post_id is None:
            continue
        if spec.post_id in seen_ids:
            raise SpecError(
                spec.source,
                "post_id",
                f"{spec.post_id} also in {seen_ids[spec.post_id]}",
            )
        seen_ids[spec.post_id] = spec.source
    return specs


def parse_spec(data: Any, source: str) -> ArticleSpec:
    """Validate a decoded spec object (see docs/fixtures.md) and build an ArticleSpec."""
    r = _Reader(data, source, "spec")
    r.known(*_SPEC_KEYS)
    url = r.str("url")
    match = _URL.fullmatch(url)
    if not match:
        r.fail("url", "must be https://www.dailynk.com/english/<slug>/")
    published = r.datetime("published")
    # A modified time before the published one is real (scheduled posts), so it is allowed.
    modified = r.optional_datetime("modified")
    spec = ArticleSpec(
        source=source,
        url=url,
        slug=match.group(1),
        post_id=_post_id(r),
        template=r.choice("template", TEMPLATES),
        variant=_variant(r),
        title=r.str("title"),
        subtitle=r.optional_str("subtitle"),
        published=published,
        modified=modified,
        authors=tuple(_author(a) for a in r.list("authors", minimum=1)),
        translator=r.optional_str("translator"),
        editor=r.optional_str("editor"),
        disclaimer=r.optional_str("disclaimer"),
        categories=tuple(r.str_list("categories", minimum=1)),
        tags=tuple(r.str_list("tags")),
        image=_picture(r.sub("image"), featured=True) if r.has_value("image") else None,
        blocks=tuple(_block(b) for b in r.list("blocks", minimum=1)),
        contact=_contact(r.sub("contact")) if r.has_value("contact") else None,
        korean_url=_korean_url(r),
        labels=_labels(r.sub("labels")),
        listing_excerpt=r.optional_str("listing_excerpt"),
        kind=r.optional_str("kind") or "article",
    )
    if not spec.paragraphs:
        r.fail("blocks", "no paragraph or subheading")
    return spec


class _Reader:
    """Typed access to one JSON object; every failure names the file and the field path."""

    def __init__(self, data: Any, source: str, where: str) -> None:
        if not isinstance(data, dict):
            raise SpecError(source, where, "must be an object")
        self.data, self.source, self.where = data, source, where

    def fail(self, key: str, problem: str) -> None:
        raise SpecError(self.source, self._path(key), problem)

    def _path(self, key: str) -> str:
        if not key:
            return self.where
        return key if self.where == "spec" else f"{self.where}.{key}"

    def known(self, *keys: str) -> None:
        """Reject keys the format does not define (a typo would otherwise pass silently)."""
        for key in self.data:
            if key not in keys:
                self.fail(key, "unknown field")

    def has_value(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str) -> Any:
        if key not in self.data:
            self.fail(key, "missing")
        return self.data[key]

    def str(self, key: str) -> str:
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be a non-empty string")
        if value != value.strip():
            self.fail(key, "has leading or trailing whitespace")
        return value

    def optional_str(self, key: str) -> str | None:
        return self.str(key) if self.has_value(key) else None

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.raw(key)
        if value not in choices:
            self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def bool(self, key: str) -> bool:
        value = self.raw(key)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return value

    def list(self, key: str, minimum: int = 0) -> list[_Reader]:
        items = self.raw(key)
        if not isinstance(items, list) or len(items) < minimum:
            self.fail(key, f"must be a list of at least {minimum} item(s)")
        return [
            _Reader(item, self.source, f"{self._path(key)}[{i}]")
            for i, item in enumerate(items)
        ]

    def str_list(self, key: str, minimum: int = 0) -> list[str]:
        items = self.raw(key)
        ok = isinstance(items, list) and all(
            isinstance(i, str) and i.strip() for i in items
        )
        if not ok or len(items) < minimum:
            self.fail(key, f"must be a list of at least {minimum} non-empty string(s)")
        if len(set(items)) != len(items):
            self.fail(key, "has duplicates")
        return items

    def sub(self, key: str) -> _Reader:
        return _Reader(self.raw(key), self.source, self._path(key))

    def datetime(self, key: str) -> datetime:
        text = self.str(key)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.fail(key, f"{text!r} is not YYYY-MM-DDTHH:MM:SS")
        if value.tzinfo is not None:
            self.fail(key, "must be KST wall-clock time without an offset")
        return value

    def optional_datetime(self, key: str) -> datetime | None:
        return self.datetime(key) if self.has_value(key) else None

    def email(self, key: str) -> str:
        value = self.str(key)
        if not _EMAIL.fullmatch(value):
            self.fail(key, f"{value!r} is not an e-mail address")
        return value

    def number(self, key: str) -> float | int:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            self.fail(key, "must be a positive number")
        return value


def _post_id(r: _Reader) -> int | None:
    value = r.raw("post_id")
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1000 <= value <= 999999
    ):
        r.fail("post_id", "must be a four- to six-digit integer or null")
    return value


def _variant(r: _Reader) -> dict[str, Any]:
    if not r.has_value("variant"):
        return {}
    v = r.sub("variant")
    for key, value in v.data.items():
        if key not in VARIANTS:
            v.fail(key, f"unknown switch (known: {', '.join(VARIANTS)})")
        if not isinstance(value, VARIANTS[key]):
            v.fail(key, f"must be a {VARIANTS[key].__name__}")  # type: ignore[union-attr]
    if "subheading_tag" in v.data:
        v.choice("subheading_tag", SUBHEADING_TAGS)
    return dict(v.data)


def _author(a: _Reader) -> AuthorSpec:
    a.known("name", "login", "bio", "email", "email_markup")
    login = a.optional_str("login")
    if login is not None and not _SLUG.fullmatch(login.replace("_", "-")):
        a.fail("login", f"{login!r} is not a login slug")
    bio = a.optional_str("bio")
    email = a.email("email") if a.has_value("email") else None
    if bio is not None and "{email}" in bio and email is None:
        a.fail("email", "the bio has {email} but no address is given")
    if bio is not None and bio.count("{email}") > 1:
        a.fail("bio", "{email} may appear once")
    markup = (
        a.choice("email_markup", EMAIL_MARKUPS)
        if a.has_value("email_markup")
        else "plain"
    )
    return AuthorSpec(a.str("name"), login, bio, email, markup)


def _picture(r: _Reader, *, featured: bool) -> PictureSpec:
    r.known(
        "file", "caption", "credit", "caption_style", "url_form", "alt",
        *(("title",) if featured else ()),
    )  # fmt: skip
    file = r.str("file")
    # \w admits Hangul: real uploads have Korean file names (2019/12/폭풍군단.jpg).
    if (
        file.startswith("/")
        or ".." in file.split("/")
        or not re.fullmatch(r"[\w./-]+", file)
    ):
        r.fail("file", f"{file!r} is not a path under uploads/sites/2/")
    style = r.choice("caption_style", CAPTION_STYLES)
    caption = r.optional_str("caption")
    credit = r.optional_str("credit")
    if style != "none" and caption is None:
        r.fail("caption", f"caption_style {style!r} needs a caption")
    if style in ("slash", "dot", "file_photo", "paren") and credit is None:
        r.fail("credit", f"caption_style {style!r} needs a credit")
    alt = r.optional_str("alt") or ""
    title = r.optional_str("title") if featured else None
    form = r.choice("url_form", URL_FORMS) if r.has_value("url_form") else "raw"
    return PictureSpec(file, caption, credit, style, alt, title, form)


def _block(b: _Reader) -> Block:
    keys = list(b.data)
    if len(keys) != 1 or keys[0] not in ("p", "h", "figure", "ad", "artefact"):
        b.fail("", "must have exactly one key of p, h, figure, ad, artefact")
    kind = keys[0]
    if kind == "figure":
        return Block("figure", figure=_picture(b.sub("figure"), featured=False))
    if kind == "ad":
        b.choice("ad", ("inline",))
        return Block("ad")
    return Block(kind, text=b.str(kind))


def _contact(c: _Reader) -> ContactSpec:
    c.known("email", "email_markup", "style")
    return ContactSpec(
        c.email("email"),
        c.choice("email_markup", EMAIL_MARKUPS),
        c.choice("style", CONTACT_STYLES),
    )


def _korean_url(r: _Reader) -> str | None:
    url = r.optional_str("korean_url")
    if url is not None and not re.fullmatch(
        r"https://www\.dailynk\.com/[^/?#\s]+/", url
    ):
        r.fail(
            "korean_url",
            "must be https://www.dailynk.com/<YYYYMMDD-N or encoded slug>/",
        )
    return url


def _labels(r: _Reader) -> dict[str, Any]:
    r.known("law_enforcement", "agencies", "provinces", "places", "amounts")
    agencies = r.str_list("agencies")
    for name in agencies:
        if name not in AGENCIES:
            r.fail("agencies", f"{name!r} is not one of {', '.join(AGENCIES)}")
    if agencies != sorted(agencies):
        r.fail("agencies", "must be sorted alphabetically")
    provinces = r.str_list("provinces")
    for name in provinces:
        if name not in PROVINCES:
            r.fail("provinces", f"{name!r} is not a canonical province name")
    places = []
    for p in r.list("places"):
        province = p.optional_str("province")
        if province is not None and province not in PROVINCES:
            p.fail("province", f"{province!r} is not a canonical province name")
        p.known("name", "province")
        places.append({"name": p.str("name"), "province": province})
    amounts = []
    for a in r.list("amounts"):
        a.known("value", "currency", "text")
        currency = a.str("currency")
        if not re.fullmatch(r"[A-Z]{3}", currency):
            a.fail("currency", f"{currency!r} is not an ISO 4217 code")
        amounts.append(
            {"value": a.number("value"), "currency": currency, "text": a.str("text")}
        )
    return {
        "law_enforcement": r.bool("law_enforcement"),
        "agencies": agencies,
        "provinces": provinces,
        "places": places,
        "amounts": amounts,
    }
