"""render_text: the seed layout, golden against shared/seeds for the two seed fixtures."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import SEEDS, SITE, run_nkwatch

from crawler.items import Author, Image, Report
from crawler.textformat import render_text

ARTICLES = SITE / "articles"
GOLDEN = {
    "security-officials-demand-us-dollar-bribe-travelling-family": "000_2437508fbf896b79.txt",
    "mps-officers-extract-bribes-fund-their-day-honor": "001_f7deb20ea5c29400.txt",
}


def _lines(text: str) -> list[str]:
    # "Trailing spaces aside": the seeds keep the pages' trailing NBSPs, which str.rstrip drops.
    return [line.rstrip() for line in text.rstrip().splitlines()]


@pytest.mark.slow  # the CLI in a child process
@pytest.mark.parametrize("slug", sorted(GOLDEN))
def test_golden_text_of_seed_fixtures(slug: str) -> None:
    page = ARTICLES / f"{slug}.html"
    if not page.exists():
        pytest.skip(
            f"fixture {page.name} not built yet (python -m crawler.fixturesite build)"
        )
    result = run_nkwatch("parse", str(page), "--format", "text")
    assert result.returncode == 0, result.stderr
    expected = (SEEDS / GOLDEN[slug]).read_text(encoding="utf-8")
    assert _lines(result.stdout) == _lines(expected)


def _report(**changes: object) -> Report:
    fields: dict[str, object] = {
        "url": "https://www.dailynk.com/english/x/",
        "title": "T",
        "body": ("First paragraph.", "SUBHEADING", "Second paragraph."),
        "published_at": datetime.fromisoformat("2019-11-14T09:12:00+09:00"),
    }
    fields.update(changes)
    return Report(**fields)  # type: ignore[arg-type]


def test_layout_of_every_block_in_order() -> None:
    report = _report(
        image=Image(
            url="https://x/a.jpg", alt="alt words", caption="A park.", credit="Daily NK"
        ),
        translator="Violet Kim",
        contact_email="a@b.org",
        korean_url="https://www.dailynk.com/20191113-1/",
        authors=(
            Author(
                name="Kang Mi Jin",
                url="https://www.dailynk.com/english/author/kmj/",
                bio="Bio one.",
            ),
            Author(name="No Link", bio="Bio two."),
        ),
    )
    assert render_text(report).split("\n") == [
        "alt words",
        "A park. / Image: Daily NK",
        "",
        "First paragraph.",
        "",
        "SUBHEADING",
        "",
        "Second paragraph.",
        "",
        "*Translated by Violet Kim",
        "",
        "Please direct any comments or questions about this article to a@b.org.",
        "",
        "Read in Korean",
        "",
        "Kang Mi Jin",
        "Bio one.",
        "",
        "Bio two.",
    ]


def test_hidden_contact_and_bare_body() -> None:
    text = render_text(_report(contact_hidden=True))
    assert text.split("\n\n") == [
        "First paragraph.",
        "SUBHEADING",
        "Second paragraph.",
        "Please direct any comments or questions about this article to",
    ]


def test_caption_without_credit_and_image_without_alt() -> None:
    report = _report(
        image=Image(url="https://x/a.jpg", caption="FILE PHOTO: A border post")
    )
    assert render_text(report).split("\n")[:2] == ["FILE PHOTO: A border post", ""]
