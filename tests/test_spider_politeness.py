"""Back-off retries, fail-fast on dead hosts, and the polite default settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError, DownloadTimeoutError
from scrapy.http import Response
from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.middlewares import ENTRY_PAGE, BackoffRetryMiddleware, retry_after

URL = "https://www.dailynk.com/english/some-slug/"


class FakeStats:
    def __init__(self) -> None:
        self.values: dict[str, float] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count

    def max_value(self, key: str, value: float) -> None:
        self.values[key] = max(self.values.get(key, value), value)


def middleware(**overrides: object) -> tuple[BackoffRetryMiddleware, SimpleNamespace]:
    settings = Settings()
    settings.setmodule(project_settings)
    settings.setdict(overrides)
    slot = SimpleNamespace(delay=settings.getfloat("DOWNLOAD_DELAY"))
    downloader = SimpleNamespace(
        slots={"www.dailynk.com": slot}, get_slot_key=lambda r: "www.dailynk.com"
    )
    crawler = SimpleNamespace(
        settings=settings,
        stats=FakeStats(),
        engine=SimpleNamespace(downloader=downloader),
        spider=SimpleNamespace(crawler=None),
    )
    crawler.spider.crawler = crawler
    mw = BackoffRetryMiddleware(settings)
    mw.crawler = crawler
    return mw, slot


def answer(
    status: int, headers: dict[str, str] | None = None, *, url: str = URL
) -> tuple[Request, Response]:
    request = Request(url)
    return request, Response(url, status=status, headers=headers, request=request)


FEED = "https://www.dailynk.com/english/feed/"
HOME = "https://www.dailynk.com/english/"


def entry_request(url: str) -> Request:
    return Request(url, meta={ENTRY_PAGE: True})


def until_given_up(mw: BackoffRetryMiddleware, request: Request, status: int) -> int:
    """Answer ``status`` to ``request`` and its retries; return how many answers it took."""
    answers = 0
    while True:
        answers += 1
        result = mw.process_response(request, Response(request.url, status=status))
        if not isinstance(result, Request):
            return answers
        request = result


def test_each_retry_doubles_the_hosts_delay_up_to_the_cap() -> None:
    mw, slot = middleware(DOWNLOAD_DELAY=1.0, BACKOFF_MAX_DELAY=5.0)
    request, response = answer(503)
    delays = []
    for _ in range(4):
        retry = mw.process_response(request, response)
        if isinstance(retry, Request):
            request = retry
        delays.append(slot.delay)
    # RETRY_TIMES is 2: two retries back off (2 s, 4 s); then the response is given up
    assert delays[:2] == [2.0, 4.0]
    assert isinstance(mw.process_response(request, response), Response)


def test_retry_after_header_sets_the_delay() -> None:
    mw, slot = middleware(DOWNLOAD_DELAY=1.0)
    request, response = answer(429, {"Retry-After": "7"})
    assert isinstance(mw.process_response(request, response), Request)
    assert slot.delay == 7.0


def test_successful_answers_do_not_back_off() -> None:
    mw, slot = middleware(DOWNLOAD_DELAY=1.0)
    request, response = answer(200)
    assert mw.process_response(request, response) is response
    assert slot.delay == 1.0


def test_a_host_that_never_answered_is_not_retried() -> None:
    mw, _ = middleware()
    request = Request(URL)
    assert mw.process_exception(request, CannotResolveHostError("no such host")) is None
    assert mw.crawler.stats.values["retry/skipped_unreachable"] == 1


def test_a_host_that_answered_once_is_retried_after_a_timeout() -> None:
    mw, slot = middleware(DOWNLOAD_DELAY=1.0)
    mw.process_response(*answer(200))
    retry = mw.process_exception(Request(URL), DownloadTimeoutError("took too long"))
    assert isinstance(retry, Request)
    assert slot.delay == 2.0


def test_a_host_that_never_answered_is_not_retried_after_a_timeout_either() -> None:
    # a hung site: three timeouts per entry page were minutes of silence
    mw, _ = middleware()
    assert mw.process_exception(Request(URL), DownloadTimeoutError("slow")) is None


def test_the_delay_recovers_after_healthy_answers() -> None:
    mw, slot = middleware(DOWNLOAD_DELAY=1.0, BACKOFF_MAX_DELAY=60.0)
    request, failing = answer(503)
    for _ in range(2):
        request = mw.process_response(request, failing)
    assert slot.delay == 4.0
    delays = []
    for _ in range(3):
        mw.process_response(*answer(200))
        delays.append(slot.delay)
    assert delays == [2.0, 1.0, 1.0]  # halved per success, down to where it was


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(b"120", 120.0), ("0", 0.0), (None, None), (b"", None), (b"soon", None)],
)
def test_retry_after_values(value: bytes | str | None, seconds: float | None) -> None:
    assert retry_after(value) == seconds


def test_retry_after_http_date() -> None:
    when = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 <= retry_after(format_datetime(when, usegmt=True)) <= 30


def test_defaults_are_polite() -> None:
    settings = Settings()
    settings.setmodule(project_settings)
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 16 * 1024 * 1024
    assert "+https://" in settings.get("USER_AGENT")  # a contact URL


# -- a site answering 5xx to its entry pages ------------------------------------------


def test_the_first_entry_page_to_answer_5xx_is_retried_with_back_off() -> None:
    mw, slot = middleware(DOWNLOAD_DELAY=1.0)
    retry = mw.process_response(*answer(503, url=FEED))
    assert isinstance(retry, Request)
    assert slot.delay == 2.0


def test_once_an_entry_page_gave_up_on_5xx_the_others_are_not_retried() -> None:
    mw, slot = middleware(DOWNLOAD_DELAY=1.0, BACKOFF_MAX_DELAY=60.0)
    assert until_given_up(mw, entry_request(FEED), 503) == 3  # retried twice
    # the site is down: the next entry page is answered as it is, and the delay is
    # the one before the back-off, so the run falls through its entries at once
    assert slot.delay == 1.0
    assert until_given_up(mw, entry_request(HOME), 503) == 1
    assert until_given_up(mw, entry_request(HOME + "category/news/"), 502) == 1
    assert slot.delay == 1.0
    assert mw.crawler.stats.values["retry/skipped_site_down"] == 2


def test_articles_keep_their_retries_while_the_entry_pages_are_down() -> None:
    mw, _ = middleware(DOWNLOAD_DELAY=1.0)
    until_given_up(mw, entry_request(FEED), 503)
    assert until_given_up(mw, Request(URL), 503) == 3


def test_a_host_that_answers_again_gets_its_entry_pages_retried_again() -> None:
    mw, _ = middleware(DOWNLOAD_DELAY=1.0)
    until_given_up(mw, entry_request(FEED), 503)
    mw.process_response(*answer(200))  # an article came through: not down any more
    assert until_given_up(mw, entry_request(HOME), 503) == 3


def test_a_404_entry_page_does_not_mark_the_site_down() -> None:
    mw, _ = middleware(DOWNLOAD_DELAY=1.0)
    assert until_given_up(mw, entry_request(FEED), 404) == 1
    assert until_given_up(mw, entry_request(HOME), 503) == 3
