"""Facts about the site and the runs that every layer shares: one place for each.

Standard library only, like ``crawler.items``: the store imports it without pulling in the
crawler (see README, Architecture).
"""

from __future__ import annotations

from datetime import timedelta, timezone

#: The site nkwatch watches, unless ``--base-url``/``NKWATCH_BASE_URL`` says otherwise.
BASE_URL = "https://www.dailynk.com/english/"

#: Korea Standard Time (no daylight saving): the site's wall clock and the Report's offset.
KST = timezone(timedelta(hours=9), "KST")

#: What started a crawl run (``crawl_runs.trigger``).
MANUAL = "manual"  # nkwatch crawl / fetch
SCHEDULED = "scheduled"  # the nkwatch schedule service
REPLAY = "replay"  # nkwatch replay over saved fixtures
TRIGGERS = (MANUAL, SCHEDULED, REPLAY)
