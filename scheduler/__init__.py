"""The ``nkwatch schedule`` service: periodic crawls, one service per store, health, notifications.

- ``service``: APScheduler (job store in the crawl database), signals, one run end to end;
- ``jobs``: one crawl in a child process (``crawl_job``), with timeout and stop;
- ``lock``: the database lock with heartbeat; ``durations``: --every/--cron/--jitter;
- ``health``: verdicts and alert de-duplication; ``status``: what ``nkwatch status`` shows;
- ``notify``/``messages``: webhook and apprise delivery in background threads, and what
  is sent; ``receiver``: a local webhook receiver for trying it out.
"""

from __future__ import annotations
