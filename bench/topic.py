"""Topic precision and recall: the fixtures, the project's style data and, if present, real headlines.

Three sets, each scored through the parser as a crawl would score it:

- the labelled fixture articles (fixtures/dailynk/articles);
- tests/data/topic: headlines and openings written for nkwatch in the site's style;
- ../shared/topic/titles-dev.tsv (relative to the project root), real headlines labelled
  by confidence, when that reference folder exists; skipped cleanly when it does not.
  Each headline is wrapped in an article page whose body repeats it in one sentence.

For every set it prints precision and recall (by confidence where there is one), how many
reports fell in the "possible" band, and every miss with its score and the terms found.

    python bench/topic.py [--shared DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.items import Report
from crawler.parsers import parse_article

FIXTURES = ROOT / "fixtures" / "dailynk" / "articles"
STYLE_DATA = ROOT / "tests" / "data" / "topic"
SHARED = ROOT.parent / "shared" / "topic"
PAGE_URL = "https://www.dailynk.com/english/bench-headline-{n}/"


@dataclass(frozen=True)
class Case:
    label: bool
    group: str  # confidence, pattern or kind: what the figures are split by
    title: str
    report: Report | None  # None: the parser refused the page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=SHARED, help="real labelled data"
    )
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses")
    args = parser.parse_args(argv)
    from crawler.analysis.topic import RULES_VERSION

    print(f"topic rules {RULES_VERSION}")
    report("fixture articles", fixture_cases(), quiet=args.quiet)
    report("style headlines (tests/data/topic)", style_headlines(), quiet=args.quiet)
    report("style openings (tests/data/topic)", style_openings(), quiet=args.quiet)
    real = args.shared / "titles-dev.tsv"
    if real.is_file():
        report(
            f"real headlines ({real.name})",
            real_headlines(real),
            by_group=True,
            quiet=args.quiet,
        )
    else:
        print(f"\nreal headlines: skipped ({real} is not there)")
    return 0


def fixture_cases() -> list[Case]:
    cases = []
    for spec_path in sorted(FIXTURES.glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        expected = spec.get("expected")
        if not expected:
            continue
        parsed = parse_article(spec_path.with_suffix(".html").read_bytes(), spec["url"])
        report_ = parsed if isinstance(parsed, Report) else None
        label = bool(expected["topic"]["law_enforcement"])
        cases.append(Case(label, "fixture", expected["title"], report_))
    return cases


def style_headlines() -> list[Case]:
    rows = _tsv(STYLE_DATA / "headlines.tsv")
    return [
        headline_case(n, label == "1", group, text)
        for n, (label, group, text) in enumerate(rows)
    ]


def style_openings() -> list[Case]:
    cases = []
    for n, item in enumerate(
        json.loads((STYLE_DATA / "openings.json").read_text("utf-8"))
    ):
        page = article_page(n, item["title"], item["body"], item.get("subtitle"))
        parsed = parse_article(page, PAGE_URL.format(n=n))
        report_ = parsed if isinstance(parsed, Report) else None
        cases.append(Case(item["label"] == 1, item["pattern"], item["title"], report_))
    return cases


def real_headlines(path: Path) -> list[Case]:
    rows = _tsv(path)
    return [
        headline_case(n, label == "1", conf, text)
        for n, (label, conf, text) in enumerate(rows)
    ]


def headline_case(n: int, label: bool, group: str, headline: str) -> Case:
    sentence = headline.rstrip(". ") + "."
    parsed = parse_article(article_page(n, headline, [sentence]), PAGE_URL.format(n=n))
    return Case(label, group, headline, parsed if isinstance(parsed, Report) else None)


def article_page(
    n: int, title: str, body: list[str], subtitle: str | None = None
) -> str:
    """A minimal article page of the site's markup: canonical link, h1, date, content."""
    url = PAGE_URL.format(n=n)
    sub = (
        f'<p class="td-post-sub-title">{html.escape(subtitle)}</p>' if subtitle else ""
    )
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    return (
        f'<html><head><link rel="canonical" href="{url}"></head><body><article>'
        f'<h1 class="entry-title">{html.escape(title)}</h1>{sub}'
        '<time class="entry-date" datetime="2024-01-02T10:00:00+09:00">Jan 2</time>'
        f'<div class="td-post-content">{paragraphs}</div></article></body></html>'
    )


def report(
    name: str, cases: list[Case], *, by_group: bool = False, quiet: bool = False
) -> None:
    print(f"\n{name}: {len(cases)} items")
    refused = [c for c in cases if c.report is None]
    if refused:
        print(f"  parser refused {len(refused)} pages (counted as not law enforcement)")
    print("  " + figures("all", cases))
    if by_group:
        for group in sorted({c.group for c in cases}):
            print("  " + figures(group, [c for c in cases if c.group == group]))
    possible = [c for c in cases if c.report and c.report.topic.band == "possible"]
    relevant = sum(1 for c in possible if c.label)
    print(
        f"  possible band: {len(possible)} ({relevant} of them law enforcement by label)"
    )
    if not quiet:
        for case in misses(cases):
            print("  " + miss_line(case))


def figures(name: str, cases: list[Case]) -> str:
    predicted = [(predict(c), c.label) for c in cases]
    tp = sum(1 for p, y in predicted if p and y)
    fp = sum(1 for p, y in predicted if p and not y)
    fn = sum(1 for p, y in predicted if y and not p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return (
        f"{name:>8}: precision {precision:.3f}  recall {recall:.3f}  "
        f"(tp {tp}, fp {fp}, fn {fn}, n {len(cases)})"
    )


def predict(case: Case) -> bool:
    return bool(case.report and case.report.topic.law_enforcement)


def misses(cases: Iterable[Case]) -> list[Case]:
    return [c for c in cases if predict(c) != c.label]


def miss_line(case: Case) -> str:
    kind = "missed " if case.label else "false +"
    topic = case.report.topic if case.report else None
    if topic is None:
        return f"{kind} [{case.group}] (not parsed) {case.title}"
    band = getattr(topic, "band", "-")
    terms = ", ".join(topic.matched[:6]) or "-"
    return f"{kind} [{case.group}] {band:<8} {topic.score:.3f}  {case.title}  <{terms}>"


def _tsv(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, group, text = line.split("\t", 2)
            rows.append((label.strip(), group.strip(), text.strip()))
    return rows


if __name__ == "__main__":
    sys.exit(main())
