"""nkwatch import-warc: article pages from a WARC file into the store, as a crawl would.

Each HTML page (a 200 ``response`` or a ``resource`` record) on the --base-url site goes
through the crawler's parser and the store's only-new rule: a new URL is a new report,
a known one with other text a revision, the same text nothing. Pages are taken in
``WARC-Date`` order, so an archive holding several captures of one article rebuilds its
revisions in order. The pages themselves are kept as raw pages (source "warc") unless
--no-raw.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nkwatch.commands._store import opened_store
from nkwatch.commands.crawl import site_scope
from nkwatch.errors import UserError

if TYPE_CHECKING:
    from crawler.urls import Scope
    from crawler.warc import Capture
    from store import Store

HELP = "parse the article pages of a WARC file into the store"
EPILOG = """examples:
  nkwatch import-warc pages.warc.gz
  nkwatch import-warc archive.warc --json     # last line: {"pages", "new", "revised", ...}
  nkwatch --base-url http://127.0.0.1:8765/english/ import-warc local.warc.gz

Only pages on the --base-url site are read (others are counted as off-site). Exit code 0
when the file was read to its end, 1 when it is not a WARC or breaks off (the reports of
the pages before the break are stored, each one whole)."""

#: Reports saved per transaction.
BATCH = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .warc or .warc.gz file")
    parser.add_argument(
        "--no-raw", action="store_true", help="do not keep the pages as raw pages"
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON summary as the last line"
    )


def run(args: argparse.Namespace) -> int:
    from crawler.warc import WarcError, read_captures

    scope = site_scope(args.base_url)
    path = Path(args.file)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise UserError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    counts: Counter[str] = Counter()
    with handle, opened_store(args) as store:
        importer = Importer(store, scope, keep_raw=not args.no_raw, counts=counts)
        try:
            # Sorted by capture time (stable): revisions must arrive in the site's order.
            captures = sorted(read_captures(handle), key=lambda c: c.fetched_at)
        except WarcError as exc:
            raise UserError(f"{args.file}: {exc}") from None
        for capture in captures:
            importer.add(capture)
        importer.flush()
    summary = {key: counts[key] for key in SUMMARY_KEYS}
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"{args.file}: {summary['pages']} HTML pages, {summary['articles']} articles: "
            f"{summary['new']} new, {summary['revised']} revised, "
            f"{summary['unchanged']} unchanged; {summary['not_articles']} not articles, "
            f"{summary['off_site']} off the site"
        )
    if counts["articles"] == 0 and counts["pages"]:
        print("no article pages of this site in the file", file=sys.stderr)
    return 0


SUMMARY_KEYS = (
    "pages",
    "articles",
    "new",
    "revised",
    "unchanged",
    "not_articles",
    "off_site",
)


class Importer:
    """Parses captures and saves them in batches; a URL seen twice starts a new batch."""

    def __init__(
        self, store: Store, scope: Scope, *, keep_raw: bool, counts: Counter[str]
    ) -> None:
        self.store = store
        self.scope = scope
        self.keep_raw = keep_raw
        self.counts = counts
        self.reports: dict[str, dict[str, Any]] = {}
        self.pages: list[dict[str, Any]] = []

    def add(self, capture: Capture) -> None:
        from crawler.items import Report
        from crawler.parsers import parse_article

        self.counts["pages"] += 1
        if not self.scope.on_site(capture.url):
            self.counts["off_site"] += 1
            return
        result = parse_article(capture.body, capture.url)
        if not isinstance(result, Report):
            self.counts["not_articles"] += 1
            return
        url = self.scope.article_url(result.url) or self.scope.article_url(capture.url)
        if url is None:
            self.counts["off_site"] += 1
            return
        self.counts["articles"] += 1
        if url in self.reports or len(self.reports) >= BATCH:
            self.flush()
        self.reports[url] = {**result.to_storage_dict(), "url": url}
        if self.keep_raw:
            self.pages.append(raw_page(capture, url, result.content_hash))

    def flush(self) -> None:
        if not self.reports:
            return
        reports, pages = list(self.reports.values()), self.pages
        self.reports, self.pages = {}, []
        # A capture of a version the store already holds (current or past) is nothing
        # new, even when the site has moved on since: it must not become current again.
        known = self.store.known_versions(r["url"] for r in reports)
        old = [r for r in reports if (r["url"], r["content_hash"]) in known]
        self.counts["unchanged"] += len(old)
        reports = [r for r in reports if (r["url"], r["content_hash"]) not in known]
        # Pages are kept for known versions too: they may lack one (crawled with --no-raw).
        result = self.store.save_reports(reports, None, raw_pages=pages)
        for key in ("new", "revised", "unchanged"):
            self.counts[key] += len(getattr(result, key))


def raw_page(capture: Capture, url: str, content_hash: str) -> dict[str, Any]:
    return {
        "url": url,
        "request_url": capture.url,
        "final_url": capture.url,
        "status": capture.status,
        "protocol": capture.protocol,
        "headers": [list(pair) for pair in capture.headers],
        "body": capture.body,
        "fetched_at": capture.fetched_at,
        "content_hash": content_hash,
        "source": "warc",
    }
