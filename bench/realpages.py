"""Check the parser on the skeletons of real Daily NK pages, field by field.

Reads ../shared/real-markup (beside the project; not part of it, a clone does not have it):
each *.html there is parsed and compared with its *.expected.json, and a table of
field: ok/WRONG (with both values) is printed. Image and figure URLs are compared after
normalising Hangul file names (percent-decoding, Unicode NFC). Skips with a message, exit
code 0, when the folder is absent.

    python bench/realpages.py [FOLDER]
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "real-markup"


def normal_url(url: str | None) -> str | None:
    return unicodedata.normalize("NFC", unquote(url)) if url else url


def _image(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if not value:
        return None
    return {
        "url": normal_url(value.get("url")),
        "alt": value.get("alt"),
        "caption": value.get("caption"),
        "credit": value.get("credit"),
    }


def _figures(values: list[dict[str, Any]], url_key: str) -> list[dict[str, Any]]:
    return [
        {
            "url": normal_url(f.get(url_key) or f.get("url")),
            "caption": f.get("caption"),
            "credit": f.get("credit"),
        }
        for f in values
    ]


def _authors(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: a.get(k) for k in ("name", "url", "bio")} for a in values]


def compared_fields(got: dict[str, Any], want: dict[str, Any]) -> list[tuple]:
    """(field, got, expected) for every field the expected JSON states."""
    body = got.get("body") or []
    pairs = [
        (name, got.get(name), want.get(name))
        for name in (
            "url",
            "post_id",
            "title",
            "subtitle",
            "published_at",
            "modified_at",
            "translator",
            "editor",
            "categories",
            "tags",
            "contact_email",
            "disclaimer",
            "korean_url",
        )
        if name in want
    ]
    pairs += [
        ("authors", _authors(got.get("authors") or []), _authors(want["authors"])),
        ("image", _image(got.get("image")), _image(want.get("image"))),
        ("body count", len(body), want.get("body_count")),
        ("body first", body[0] if body else None, want.get("body_first")),
        ("body last", body[-1] if body else None, want.get("body_last")),
        (
            "figures",
            _figures(got.get("figures") or [], "url"),
            # The parser keeps the full-size upload, as for the featured image.
            _figures(want.get("figures") or [], "url_full_size"),
        ),
    ]
    if "body" in want:
        pairs.append(("body", body, want["body"]))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"skipped: no real page skeletons at {args.folder} (not part of a clone)")
        return 0

    from crawler.items import Report
    from crawler.parsers import parse_article

    pages = sorted(args.folder.glob("*.html"))
    if not pages:
        print(f"skipped: no *.html in {args.folder}")
        return 0
    wrong = 0
    for page in pages:
        expected_path = page.with_name(
            page.name.removesuffix(".html") + ".expected.json"
        )
        if not expected_path.exists():
            print(f"{page.name}: no {expected_path.name}, skipped")
            continue
        want = json.loads(expected_path.read_text(encoding="utf-8"))
        result = parse_article(page.read_bytes(), want.get("url"))
        print(f"{page.name}:")
        if not isinstance(result, Report):
            print(f"  WRONG: not parsed ({result})")
            wrong += 1
            continue
        for name, got, exp in compared_fields(result.to_dict(), want):
            if got == exp:
                print(f"  {name:14s} ok")
            else:
                wrong += 1
                print(
                    f"  {name:14s} WRONG\n    got:      {got!r}\n    expected: {exp!r}"
                )
    print(f"{wrong} field(s) wrong in {len(pages)} page(s)")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
