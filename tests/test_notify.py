"""Notification delivery: webhook and apprise targets on 127.0.0.1, retries, never blocking."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from conftest import wait_until

from scheduler.notify import (
    BadTargetError,
    Channel,
    DeliveryError,
    Message,
    Notifier,
    WebhookSender,
    describe_target,
    make_sender,
)
from scheduler.receiver import Receiver

MESSAGE = Message(
    title="nkwatch: 1 new law-enforcement report on Daily NK",
    text="- MPS officers extract bribes",
    payload={"run_id": 7, "reports": [{"url": "https://www.dailynk.com/english/x/"}]},
)


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


def test_webhook_posts_the_payload_as_json(receiver: Receiver) -> None:
    WebhookSender(receiver.url).send(MESSAGE)
    assert receiver.messages == [MESSAGE.payload]
    assert receiver.headers[0]["Content-Type"] == "application/json"


def test_webhook_credentials_become_basic_auth(receiver: Receiver) -> None:
    url = receiver.url.replace("http://", "http://hook:s3cret@")
    WebhookSender(url).send(MESSAGE)
    # base64("hook:s3cret")
    assert receiver.headers[0]["Authorization"] == "Basic aG9vazpzM2NyZXQ="


def test_webhook_error_status_is_a_delivery_error(receiver: Receiver) -> None:
    receiver.fail_next(1)
    with pytest.raises(DeliveryError, match="HTTP 500"):
        WebhookSender(receiver.url).send(MESSAGE)


def test_webhook_unreachable_is_a_delivery_error() -> None:
    with Receiver() as closed:
        url = closed.url
    with pytest.raises(DeliveryError):
        WebhookSender(url, timeout=2).send(MESSAGE)


def test_apprise_json_target_delivers_title_and_text(receiver: Receiver) -> None:
    sender = make_sender(f"json://127.0.0.1:{receiver.port}/")
    sender.send(MESSAGE)
    [posted] = receiver.messages
    assert posted["title"] == MESSAGE.title
    assert posted["message"] == MESSAGE.text


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("not a url", "is not a URL"),
        ("https:///hook", "has no host"),
        ("nosuchscheme://host/x", "not a URL that apprise can deliver to"),
    ],
)
def test_bad_targets_are_refused(url: str, problem: str) -> None:
    with pytest.raises(BadTargetError, match=problem):
        make_sender(url)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://user:pw@example.org:8443/hook?token=abc",
            "https://example.org:8443/…",
        ),
        ("mailto://user:pw@example.org", "mailto://…"),
        ("tgram://123456:bottoken/chatid", "tgram://…"),
    ],
)
def test_describe_target_hides_secrets(url: str, shown: str) -> None:
    assert describe_target(url) == shown


def test_channel_retries_until_delivered(receiver: Receiver) -> None:
    receiver.fail_next(2)
    channel = Channel(WebhookSender(receiver.url), attempts=5, backoff_s=0.05)
    channel.start()
    channel.submit(MESSAGE)
    assert receiver.wait_for(1, timeout=10) == [MESSAGE.payload]
    assert receiver.attempts == 3
    channel.close(timeout=5)
    assert channel.delivered == 1


def test_channel_gives_up_after_its_attempts_and_logs_no_password(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    receiver.fail_next(100)
    url = receiver.url.replace("http://", "http://hook:s3cret@")
    channel = Channel(WebhookSender(url), attempts=3, backoff_s=0.01)
    channel.start()
    with caplog.at_level(logging.INFO, logger="scheduler.notify"):
        channel.submit(MESSAGE)
        wait_until(lambda: "failed after" in caplog.text, 10, "the give-up line")
        channel.close(timeout=5)
    assert receiver.attempts == 3
    assert receiver.messages == []
    assert "failed after 3 attempt(s)" in caplog.text
    assert "s3cret" not in caplog.text
    assert "hook:" not in caplog.text


class SlowSender:
    """A target that hangs until released: submit() must still return at once."""

    description = "slow://…"

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.sent: list[Message] = []

    def send(self, message: Message) -> None:
        self.entered.set()
        self.release.wait(10)
        self.sent.append(message)


def test_submit_never_blocks_and_a_full_queue_drops_the_oldest() -> None:
    slow = SlowSender()
    channel = Channel(slow, queue_size=2)
    channel.start()
    messages = [Message(title=str(i), text="") for i in range(6)]
    started = time.monotonic()
    channel.submit(messages[0])
    assert slow.entered.wait(5)  # the worker holds message 0 in a hanging send
    for message in messages[1:]:
        channel.submit(message)
    assert time.monotonic() - started < 0.5
    slow.release.set()
    channel.close(timeout=5)
    # The first was taken by the worker before the queue filled; of the rest the newest
    # two survive.
    assert [m.title for m in slow.sent] == ["0", "4", "5"]
    assert channel.dropped == 3


class BrokenSender:
    description = "broken://…"

    def __init__(self) -> None:
        self.calls = 0

    def send(self, message: Message) -> None:
        self.calls += 1
        raise KeyError("a bug")


def test_a_crashing_sender_does_not_kill_the_worker() -> None:
    broken = BrokenSender()
    channel = Channel(broken, attempts=3, backoff_s=0.01)
    channel.start()
    channel.submit(MESSAGE)
    channel.submit(MESSAGE)
    channel.close(timeout=5)
    assert broken.calls == 2  # not retried (a bug, not an outage), but the next one ran


def test_notifier_fans_out_to_every_target() -> None:
    with Receiver() as first, Receiver() as second:
        notifier = Notifier.from_urls([first.url, f"json://127.0.0.1:{second.port}/"])
        notifier.start()
        notifier.submit(MESSAGE)
        assert first.wait_for(1, timeout=10) == [MESSAGE.payload]
        assert second.wait_for(1, timeout=10)[0]["title"] == MESSAGE.title
        notifier.close(timeout=5)
