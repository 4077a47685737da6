"""Scrapy settings of nkwatch: polite by default. The runner overrides a few per run.

Politeness choices:
- robots.txt is obeyed; the User-Agent names the project and a contact URL. The URL is
  the project's home page placeholder; a deployment should set ``USER_AGENT`` (or
  ``NKWATCH_USER_AGENT``) to a page or address where the site's operators can reach it.
- One request at a time, at least ``DOWNLOAD_DELAY`` (1 s) apart; AutoThrottle may only
  slow down from there (its start delay is the same 1 s, not Scrapy's 5 s).
- 5xx, 429 and timeouts are retried twice with back-off (``crawler.middlewares``): the
  delay doubles per retry, or follows ``Retry-After``, capped by ``BACKOFF_MAX_DELAY``.
  Once an entry page has given up on a 5xx, the site is down until it answers again:
  the other entry pages are asked once each, at the normal delay.
- Pages above ``DOWNLOAD_MAXSIZE`` (8 MiB; an article is ~100 KiB) are dropped.
- Feed and listing requests are conditional (ETag / Last-Modified) when the site sent
  validators on the previous run; see ``crawler.spiders.dailynk``.
- robots.txt is kept in the store and reused for 24 h (RFC 9309); a 5xx or no answer
  keeps the crawler out for the run (``crawler.middlewares.StoredRobotsTxtMiddleware``).
- Entry pages (robots.txt, feed, home, listings) have a short budget
  (``NKWATCH_ENTRY_TIMEOUT``) and a host that never answered is not retried, so a hung
  site ends a run in about that long instead of minutes.
"""

from __future__ import annotations

import os

from crawler.environment import DB_ENV, default_base_url
from crawler.rawpage import keep_raw_default

BOT_NAME = "nkwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

#: The project's public page; a deployment should name its own contact.
CONTACT_URL = "https://github.com/nkwatch/nkwatch"
USER_AGENT = os.environ.get("NKWATCH_USER_AGENT") or f"nkwatch/0.1 (+{CONTACT_URL})"

# Where reports go (a SQLAlchemy URL) and which site is crawled. The CLI passes --db and
# --base-url; these environment defaults serve `scrapy crawl dailynk`.
NKWATCH_DB = os.environ.get(DB_ENV, "")
NKWATCH_BASE_URL = default_base_url()
#: Extra listing URLs (tag, author or category pages) checked on every run.
NKWATCH_LISTING_URLS: list[str] = []
#: The listings walked besides the feed and the home page.
NKWATCH_DEFAULT_LISTINGS = ["category/news/"]
#: Incremental runs read at most this many pages per listing (the stop rule ends them
#: sooner); more is a backfill's job.
NKWATCH_INCREMENTAL_MAX_PAGES = 20
#: When every feed item is new, incremental runs read on in the REST API (all categories,
#: newest first, 100 a page), at most this many pages; a first run thus stores the latest
#: 300 reports, and a backfill the rest.
NKWATCH_INCREMENTAL_MAX_REST_PAGES = 3
NKWATCH_REST_PER_PAGE = 100
#: Items are saved in batches of this size (and when the run ends).
NKWATCH_SAVE_BATCH = 20
#: Store feed items without requesting their pages (see the spider's docstring).
NKWATCH_STORE_FROM_FEED = False
#: Keep the HTTP response of every stored report version (crawler.rawpage, store.raw);
#: ``NKWATCH_KEEP_RAW=0`` or ``nkwatch crawl --no-raw`` turns it off.
NKWATCH_KEEP_RAW = keep_raw_default(dict(os.environ))

#: Incremental runs read the home page and the listings (the safety net for what the feed
#: does not show: back-dated or re-surfaced posts) at most this often, in seconds; 0 = every
#: run. Backfills always walk their sources.
NKWATCH_LISTINGS_EVERY = 6 * 3600
#: Request every recorded failure again, settled ones included (``crawl --recheck-failures``).
NKWATCH_RECHECK_FAILURES = False
#: Seconds a kept robots.txt is reused (RFC 9309 §2.4 allows 24 h).
NKWATCH_ROBOTS_MAX_AGE = 24 * 3600
#: Download budget in seconds of robots.txt, the feed and the listing pages (articles have
#: DOWNLOAD_TIMEOUT): these are small, and a site that does not answer them is down.
NKWATCH_ENTRY_TIMEOUT = float(os.environ.get("NKWATCH_ENTRY_TIMEOUT") or 10)
#: The crawl's clock for robots.txt age and the listings schedule (ISO 8601); empty = now.
#: Only bench/latency.py sets it, to simulate a day in minutes.
NKWATCH_NOW = ""
#: False reads the home page and listings on every run and lets the REST walk start
#: only when the feed holds no known article, as before issue 13 (bench/latency.py's
#: "old policy"); True: the feed decides.
NKWATCH_FEED_DECIDES = True

ITEM_PIPELINES = {"crawler.pipelines.StorePipeline": 300}

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 10
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
BACKOFF_MAX_DELAY = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.StoredRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # Above RedirectMiddleware (600): sees a redirect before it is followed.
    "crawler.middlewares.SameSiteRedirectMiddleware": 650,
}

# Scrapy starts CONCURRENT_ITEMS asyncio tasks for the output of every response (100 by
# default); our callbacks yield one report or a page of links, and the store pipeline is
# synchronous, so 8 lose nothing and save ~5 ms of task churn per article (profiled).
CONCURRENT_ITEMS = 8

# Articles before the next listing page: keeps the queue (and memory) small in backfills.
DEPTH_PRIORITY = 0
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.ScrapyPriorityQueue"

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
