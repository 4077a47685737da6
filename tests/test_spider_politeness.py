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
from crawler.middlewares import BackoffRetryMiddleware, retry_after

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
    status: int, headers: dict[str, str] | None = None
) -> tuple[Request, Response]:
    request = Request(URL)
    return request, Response(URL, status=status, headers=headers, request=request)


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
