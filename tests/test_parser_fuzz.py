"""Property-based fuzzing of the parser: mutated fixture pages never make it raise or hang.

Budget: ``NKWATCH_FUZZ_EXAMPLES`` examples per strategy (default 60, CI); run e.g.
``NKWATCH_FUZZ_EXAMPLES=2000 pytest tests/test_parser_fuzz.py`` for a longer search.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from conftest import SITE, assert_not_a_crash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.items import Report
from crawler.parsers import parse_article
from crawler.parsers.outcome import NotAnArticle

ARTICLES = sorted((SITE / "articles").glob("*.html"))[:4]
URL = "https://www.dailynk.com/english/fuzzed-article/"
EXAMPLES = int(os.environ.get("NKWATCH_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=5),  # per example: a hang fails the test
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
_ELEMENT = re.compile(rb"<(p|div|h1|figure|script|span|a|meta)\b[^>]*>.*?</\1>", re.DOTALL)

pytestmark = pytest.mark.skipif(not ARTICLES, reason="fixtures not built yet")
PAGES = [path.read_bytes() for path in ARTICLES]


def check(html: bytes) -> None:
    result = parse_article(html.decode("utf-8", errors="replace"), URL)
    assert isinstance(result, (Report, NotAnArticle))
    assert_not_a_crash(result)  # parse_article hides exceptions in that reason
    if isinstance(result, Report):
        assert result.url
        assert result.title.strip()
        assert result.published_at is not None
        assert any(part.strip() for part in result.body)


def elements(page: bytes) -> list[tuple[int, int]]:
    return [m.span() for m in _ELEMENT.finditer(page)]


@FUZZ
@given(st.sampled_from(range(len(PAGES))), st.data())
def test_deleted_duplicated_and_shuffled_elements(
    index: int, data: st.DataObject
) -> None:
    page = PAGES[index]
    spans = elements(page)
    chosen = data.draw(st.lists(st.sampled_from(spans), max_size=12, unique=True))
    chosen.sort()
    pieces, last = [], 0
    for start, end in chosen:
        if start < last:
            continue
        pieces.append(page[last:start])
        action = data.draw(st.sampled_from(["delete", "duplicate", "keep"]))
        pieces.append(
            {"delete": b"", "duplicate": page[start:end] * 2}.get(
                action, page[start:end]
            )
        )
        last = end
    pieces.append(page[last:])
    moved = data.draw(st.permutations([page[s:e] for s, e in chosen[:4]]))
    check(b"".join(pieces) + b"".join(moved))


@FUZZ
@given(st.sampled_from(range(len(PAGES))), st.floats(0, 1))
def test_cut_off_pages(index: int, fraction: float) -> None:
    page = PAGES[index]
    check(page[: int(len(page) * fraction)])


@FUZZ
@given(
    st.sampled_from(range(len(PAGES))),
    st.lists(
        st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=64)), max_size=8
    ),
)
def test_random_bytes_spliced_in(
    index: int, splices: list[tuple[float, bytes]]
) -> None:
    page = PAGES[index]
    for where, junk in splices:
        at = int(len(page) * where)
        page = page[:at] + junk + page[at:]
    check(page)


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_alone(junk: bytes) -> None:
    check(junk)


@FUZZ
@given(
    st.sampled_from(range(len(PAGES))),
    st.integers(100, 3000),
    st.sampled_from(["div", "p", "span", "b"]),
)
def test_deep_nesting(index: int, depth: int, tag: str) -> None:
    page = PAGES[index]
    nest = f"<{tag}>".encode() * depth + b"x" + f"</{tag}>".encode() * depth
    check(
        page.replace(b"<body", nest + b"<body", 1).replace(b"</h1>", b"</h1>" + nest, 1)
    )
