"""Benchmark the nkwatch parser against trafilatura on the fixture article pages.

Prints pages/s of both on the same full-size pages in one run, their ratio, token-level body
F1 of both against the expected JSON, nkwatch's per-field accuracy and topic precision/recall.
nkwatch's parser: lxml parses the page and cuts the article out, BeautifulSoup reads it.

    python bench/parse.py [--rounds N] [ARTICLE_DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "fixtures" / "dailynk" / "articles"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def load_pages(directory: Path) -> list[tuple[str, bytes, dict[str, Any]]]:
    pages = []
    for spec_path in sorted(directory.glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        html_path = spec_path.with_suffix(".html")
        if spec.get("expected") and html_path.exists():
            pages.append((spec["url"], html_path.read_bytes(), spec["expected"]))
    return pages


def token_f1(predicted: str, expected: str) -> float:
    got = Counter(_TOKEN.findall(predicted.lower()))
    want = Counter(_TOKEN.findall(expected.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def timed(runs: list[Callable[[], object]], rounds: int) -> list[tuple[float, float]]:
    """(best wall time, best CPU time) of one pass over all pages, per run, in seconds.

    The passes alternate between the runs, so a change in machine load during the
    benchmark hits every parser alike; CPU time is less affected by other processes.
    """
    best = [(float("inf"), float("inf")) for _ in runs]
    for _ in range(rounds):
        for i, run in enumerate(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            elapsed = (time.perf_counter() - wall, time.process_time() - cpu)
            best[i] = (min(best[i][0], elapsed[0]), min(best[i][1], elapsed[1]))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument(
        "--rounds", type=int, default=5, help="passes per parser (best is kept)"
    )
    args = parser.parse_args(argv)

    import trafilatura
    from bs4 import BeautifulSoup

    from crawler.items import Report
    from crawler.parsers import parse_article

    pages = load_pages(args.directory)
    if not pages:
        print(
            f"no fixture articles with expected JSON in {args.directory}",
            file=sys.stderr,
        )
        return 1
    total_bytes = sum(len(html) for _, html, _ in pages)
    texts = [html.decode("utf-8", errors="replace") for _, html, _ in pages]

    def ours() -> list[object]:
        return [parse_article(html, url) for url, html, _ in pages]

    def theirs() -> list[str | None]:
        return [
            trafilatura.extract(text, url=url, with_metadata=True, output_format="json")
            for (url, _, _), text in zip(pages, texts, strict=True)
        ]

    def soup_only() -> list[object]:
        # The floor of a BeautifulSoup-only parser: building the whole page's tree.
        return [BeautifulSoup(text, "lxml") for text in texts]

    ours(), theirs()  # warm caches (selector compilation, trafilatura's lazy imports)
    (our_time, our_cpu), (their_time, their_cpu), (soup_time, soup_cpu) = timed(
        [ours, theirs, soup_only], args.rounds
    )
    our_results = ours()
    their_results = theirs()

    our_f1, their_f1 = [], []
    field_hits: Counter[str] = Counter()
    predicted_expected = []
    for (_, _, expected), ours_r, theirs_r in zip(
        pages, our_results, their_results, strict=True
    ):
        want = "\n".join(expected["body"])
        got = "\n".join(ours_r.body) if isinstance(ours_r, Report) else ""
        our_f1.append(token_f1(got, want))
        their_text = json.loads(theirs_r).get("text", "") if theirs_r else ""
        their_f1.append(token_f1(their_text or "", want))
        actual = ours_r.to_storage_dict() if isinstance(ours_r, Report) else {}
        for field in (*expected.keys(),):
            if field == "topic":
                same = (
                    actual.get("topic", {}).get("law_enforcement")
                    == expected["topic"]["law_enforcement"]
                )
            else:
                same = field in actual and actual[field] == expected[field]
            field_hits[field] += same
        predicted_expected.append(
            (
                bool(actual.get("topic", {}).get("law_enforcement")),
                expected["topic"]["law_enforcement"],
            )
        )

    n = len(pages)
    our_rate, their_rate = n / our_time, n / their_time
    print(
        f"pages: {n} fixture articles, {total_bytes / n / 1024:.1f} KiB average,"
        f" best of {args.rounds} alternating passes"
    )
    print(
        f"nkwatch parser : {our_rate:8.1f} pages/s  ({our_time / n * 1000:.2f} ms/page,"
        f" CPU {our_cpu / n * 1000:.2f} ms/page)  body F1 {sum(our_f1) / n:.4f}"
    )
    print(
        f"trafilatura    : {their_rate:8.1f} pages/s  ({their_time / n * 1000:.2f} ms/page,"
        f" CPU {their_cpu / n * 1000:.2f} ms/page)  body F1 {sum(their_f1) / n:.4f}"
    )
    print(
        f"bs4 tree only  : {n / soup_time:8.1f} pages/s  ({soup_time / n * 1000:.2f} ms/page,"
        f" CPU {soup_cpu / n * 1000:.2f} ms/page)  (BeautifulSoup(html, 'lxml'), no fields)"
    )
    print(
        f"speed ratio nkwatch/trafilatura: {our_rate / their_rate:.2f}x"
        f" (CPU time: {their_cpu / our_cpu:.2f}x)"
    )
    print("per-field accuracy (nkwatch, exact match with expected):")
    for field in pages[0][2]:
        print(f"  {field:14s} {field_hits[field] / n:6.1%}  ({field_hits[field]}/{n})")
    tp = sum(1 for p, e in predicted_expected if p and e)
    precision = tp / max(1, sum(1 for p, _ in predicted_expected if p))
    recall = tp / max(1, sum(1 for _, e in predicted_expected if e))
    print(f"topic law_enforcement: precision {precision:.3f}  recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
