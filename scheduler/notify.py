"""Deliver messages to webhooks and apprise targets, in background threads, with retries.

Each target has its own bounded queue and worker thread, so a slow or dead target neither
blocks a crawl (``submit`` never waits) nor delays the other targets. A failed delivery is
retried with doubling back-off; when the queue is full the oldest message is dropped (a
monitor that falls hours behind on a dead webhook should not grow without bound).

A message that still fails after its retries is kept in the store (``keep_failures_in``)
and resent, once per target and run, by ``resend_kept`` (each scheduled run, and at
start), until it is delivered or ``MAX_RESENDS`` resends failed; ``nkwatch status`` shows
what is kept.

Targets: ``http(s)://`` URLs get a JSON POST of the message's payload; any other scheme is an
apprise URL (mailto://, slack://, tgram://, matrix://, json://, ...) and gets its title and
text. Target URLs often hold secrets (passwords, bot tokens), so logs name a target only by
``describe_target``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import queue
import threading
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

logger = logging.getLogger(__name__)

USER_AGENT = "nkwatch-notify/0.1"
REQUEST_TIMEOUT_S = 10.0
DEFAULT_ATTEMPTS = 5
DEFAULT_BACKOFF_S = 2.0
MAX_BACKOFF_S = 60.0
DEFAULT_QUEUE_SIZE = 100
#: Resends of a kept message before it is given up (one per run: a day at 30 min).
MAX_RESENDS = 48
#: Kept messages resent per target and run (the oldest first).
RESEND_BATCH = 20
#: Queued to a channel: resend what the store keeps for it.
_RESEND = object()


@dataclass(frozen=True, slots=True)
class Message:
    """One notification: ``title``/``text`` for humans (apprise), ``payload`` for webhooks."""

    title: str
    text: str
    payload: dict[str, Any] = field(default_factory=dict)


class DeliveryError(RuntimeError):
    """A target did not accept a message (worth retrying)."""


class BadTargetError(ValueError):
    """A --notify URL that no sender can deliver to."""


class Sender(Protocol):
    description: str

    def send(self, message: Message) -> None: ...


def target_key(url: str) -> str:
    """Which target a kept message is for, without keeping the URL (it may hold secrets)."""
    return hashlib.sha256(url.strip().encode()).hexdigest()


def describe_target(url: str) -> str:
    """The target without secrets: ``https://host:port/…`` or just ``slack://…``."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return f"{parts.scheme}://{host}/…"
    return f"{parts.scheme}://…"


class WebhookSender:
    """JSON POST of ``message.payload``; user:password in the URL becomes Basic auth."""

    def __init__(self, url: str, *, timeout: float = REQUEST_TIMEOUT_S) -> None:
        parts = urlsplit(url)
        self.description = describe_target(url)
        self._timeout = timeout
        self._headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        if parts.username is not None:
            token = f"{parts.username}:{parts.password or ''}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        netloc = parts.hostname or ""
        if parts.port:
            netloc = f"{netloc}:{parts.port}"
        self._url = urlunsplit(parts._replace(netloc=netloc))

    def send(self, message: Message) -> None:
        body = json.dumps(message.payload, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 (scheme checked: http/https only)
            self._url, data=body, headers=self._headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"HTTP {exc.code}") from None
        except (OSError, ValueError) as exc:
            # URLError, timeouts and connection resets are OSErrors; their text has no URL.
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from None


class AppriseSender:
    """One apprise target (imported lazily: apprise loads dozens of plugins)."""

    def __init__(self, url: str) -> None:
        self.description = describe_target(url)
        # apprise logs an unparseable URL itself (whole, secrets included): we say it once.
        apprise_logger = logging.getLogger("apprise")
        level = apprise_logger.level
        apprise_logger.setLevel(logging.CRITICAL)
        try:
            with warnings.catch_warnings():
                # apprise 2.2 loads its plugins on the first add(), and its e-mail plugin
                # imports the deprecated imghdr module: not ours to fix.
                warnings.simplefilter("ignore", DeprecationWarning)
                import apprise

                self._apprise = apprise.Apprise()
                added = self._apprise.add(url)
        finally:
            apprise_logger.setLevel(level)
        if not added:
            raise BadTargetError(
                f"--notify: {self.description} is not a URL that apprise can deliver to"
            )

    def send(self, message: Message) -> None:
        if not self._apprise.notify(title=message.title, body=message.text):
            raise DeliveryError("apprise reported a failed delivery")


def make_sender(url: str) -> Sender:
    """A WebhookSender for http(s) URLs, an AppriseSender for any other scheme."""
    parts = urlsplit(url.strip())
    if not parts.scheme or "://" not in url:
        raise BadTargetError(f"--notify: {url!r} is not a URL (e.g. https://host/hook)")
    if parts.scheme in ("http", "https"):
        if not parts.hostname:
            raise BadTargetError(f"--notify: {describe_target(url)} has no host")
        return WebhookSender(url.strip())
    return AppriseSender(url.strip())


class Channel:
    """One target's queue and worker thread."""

    def __init__(
        self,
        sender: Sender,
        *,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff_s: float = DEFAULT_BACKOFF_S,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        key: str | None = None,
    ) -> None:
        self.sender = sender
        self.key = key or target_key(sender.description)
        #: The store that keeps failed messages (None: they are only logged).
        self.outbox: Any = None
        self._attempts = attempts
        self._backoff_s = backoff_s
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=queue_size)
        self._closing = threading.Event()
        self._thread = threading.Thread(
            target=self._work, name=f"notify {sender.description}", daemon=True
        )
        self.delivered = 0
        self.dropped = 0

    def start(self) -> None:
        self._thread.start()

    def submit(self, message: Message) -> None:
        """Queue a message without waiting; drop the oldest queued one when full."""
        while True:
            try:
                self._queue.put_nowait(message)
                return
            except queue.Full:
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    continue
                self.dropped += 1
                logger.warning(
                    "notification queue for %s is full: dropped the oldest message",
                    self.sender.description,
                )

    def close(self, timeout: float) -> None:
        """Deliver what is queued (no more back-off waits), for at most ``timeout`` seconds."""
        self._closing.set()
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)

    def resend_kept(self) -> None:
        """Queue a resend of the messages the store keeps for this target."""
        if self.outbox is not None:
            self.submit(_RESEND)  # type: ignore[arg-type]

    def _work(self) -> None:
        while (message := self._queue.get()) is not None:
            if message is _RESEND:
                self._resend()
            else:
                self._deliver(message)

    def _resend(self) -> None:
        """One try per kept message, oldest first; stop at the first failure (still down)."""
        try:
            kept = self.outbox.kept_notifications(self.key, RESEND_BATCH)
        except Exception:
            logger.exception("cannot read kept notifications")
            return
        for row in kept:
            message = Message(row["title"], row["text"], row["payload"] or {})
            try:
                self.sender.send(message)
            except DeliveryError as exc:
                self._resend_failed(row, exc)
                return
            except Exception:
                logger.exception("notification to %s crashed", self.sender.description)
                return
            self.delivered += 1
            self._store_call(self.outbox.notification_delivered, row["id"])
            logger.info(
                "notified %s (kept since %s): %s",
                self.sender.description,
                row["created_at"],
                message.title,
            )

    def _resend_failed(self, row: dict[str, Any], exc: DeliveryError) -> None:
        gave_up = self._store_call(
            self.outbox.notification_failed,
            row["id"],
            str(exc),
            self._attempts + MAX_RESENDS,  # attempts counts the first delivery's too
        )
        if gave_up:
            logger.error(
                "notification to %s given up after %d resends: %s",
                self.sender.description,
                MAX_RESENDS,
                exc,
            )
        else:
            logger.warning(
                "resending a kept notification to %s failed (%s); next run tries again",
                self.sender.description,
                exc,
            )

    def _keep(self, message: Message, exc: DeliveryError, attempts: int) -> None:
        if self.outbox is None:
            return
        self._store_call(
            self.outbox.keep_notification,
            target_key=self.key,
            target=self.sender.description,
            title=message.title,
            text=message.text,
            payload=message.payload,
            error=str(exc),
            attempts=attempts,
        )
        logger.warning(
            "kept the notification to %s: later runs resend it", self.sender.description
        )

    @staticmethod
    def _store_call(method: Any, *args: Any, **kwargs: Any) -> Any:
        # The store failing must not kill the worker thread either.
        try:
            return method(*args, **kwargs)
        except Exception:
            logger.exception("cannot record a notification in the store")
            return None

    def _deliver(self, message: Message) -> None:
        delay = self._backoff_s
        for attempt in range(1, self._attempts + 1):
            try:
                self.sender.send(message)
            except DeliveryError as exc:
                if attempt == self._attempts or self._closing.is_set():
                    logger.error(
                        "notification to %s failed after %d attempt(s): %s",
                        self.sender.description,
                        attempt,
                        exc,
                    )
                    self._keep(message, exc, attempt)
                    return
                logger.warning(
                    "notification to %s failed (%s); retrying in %.0f s",
                    self.sender.description,
                    exc,
                    delay,
                )
                if self._closing.wait(delay):
                    # Shutting down: one last try now instead of waiting.
                    delay = 0
                    continue
                delay = min(delay * 2, MAX_BACKOFF_S)
            except Exception:
                # A sender bug must not kill the worker thread (every later message would
                # silently stay queued): log it and move on to the next message.
                logger.exception("notification to %s crashed", self.sender.description)
                return
            else:
                self.delivered += 1
                logger.info("notified %s: %s", self.sender.description, message.title)
                return


class Notifier:
    """Fan a message out to every target's channel; ``submit`` never blocks."""

    def __init__(
        self,
        senders: list[Sender],
        *,
        keys: list[str] | None = None,
        **channel_options: Any,
    ) -> None:
        keys = keys or [None] * len(senders)  # type: ignore[list-item]
        self.channels = [
            Channel(s, key=k, **channel_options)
            for s, k in zip(senders, keys, strict=True)
        ]

    @classmethod
    def from_urls(cls, urls: list[str], **channel_options: Any) -> Notifier:
        senders = [make_sender(u) for u in urls]
        return cls(senders, keys=[target_key(u) for u in urls], **channel_options)

    def keep_failures_in(self, store: Any) -> None:
        """Keep messages that failed in ``store``, and resend them (``resend_kept``)."""
        for channel in self.channels:
            channel.outbox = store

    def start(self) -> None:
        for channel in self.channels:
            channel.start()
        self.resend_kept()  # what an earlier service could not deliver

    def resend_kept(self) -> None:
        """Resend the kept messages of every target (in the background)."""
        for channel in self.channels:
            channel.resend_kept()

    def submit(self, message: Message) -> None:
        for channel in self.channels:
            channel.submit(message)

    def close(self, timeout: float = 5.0) -> None:
        for channel in self.channels:
            channel.close(timeout / max(len(self.channels), 1))
