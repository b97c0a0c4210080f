"""Text messages to villagers through a pluggable backend, the way Django sends mail.

``settings.SMS_BACKEND`` names the backend class (aliases ``console``, ``file``, ``locmem``,
``http`` in the environment). Every backend has ``send_messages(messages) -> int``:

- :class:`ConsoleBackend` prints each message (the default, like Django's console mail);
- :class:`FileBackend` writes one file per message under ``settings.SMS_FILE_PATH``
  (default ``DATA_DIR/sms``) for a trial without a gateway;
- :class:`LocmemBackend` keeps messages in :data:`outbox` (tests);
- :class:`HttpGatewayBackend` posts ``{"to": ..., "body": ...}`` as JSON to
  ``settings.SMS_GATEWAY_URL`` with ``Authorization: Bearer <SMS_GATEWAY_TOKEN>``; any 2xx
  answer counts as sent. Adapt a provider's own API with a small gateway or a subclass.
"""

from __future__ import annotations

import json
import secrets
import sys
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from openvillage.core.crypto import mask_any_phone


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class BaseBackend:
    def send_messages(self, messages: list[SmsMessage]) -> int:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stdout

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            # A console ends up in logs: the phone is masked there (issue 11 §4).
            self.stream.write(f"SMS to {mask_any_phone(message.to)}: {message.body}\n")
        self.stream.flush()
        return len(messages)


class DemoBackend(ConsoleBackend):
    """The trial's backend (``DEMO_MODE``): prints like the console, and keeps each phone's last
    message for ten minutes so that the page asking for the code can show it. Keyed by the
    phone's keyed hash, never by the phone. Each message is also appended, with the phone
    masked, to ``DATA_DIR/demo_sms.txt`` (a trial run from a service manager has no console)."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        from django.core.cache import cache

        from openvillage.core.crypto import lookup_hash

        for message in messages:
            cache.set(demo_key(lookup_hash(message.to)), message.body, 600)
        path = Path(settings.DATA_DIR) / "demo_sms.txt"
        with path.open("a", encoding="utf-8") as out:
            for message in messages:
                out.write(f"{timezone.localtime():%Y-%m-%d %H:%M} {mask_any_phone(message.to)}: ")
                out.write(message.body.replace("\n", " ") + "\n")
        return super().send_messages(messages)


def demo_key(phone_hash: str) -> str:
    return f"demo-sms:{phone_hash}"


def demo_message(phone_hash: str) -> str | None:
    """The last text the demo backend 'sent' to the phone with this keyed hash, if any."""
    from django.core.cache import cache

    return cache.get(demo_key(phone_hash)) if phone_hash else None


class FileBackend(BaseBackend):
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send_messages(self, messages: list[SmsMessage]) -> int:
        self.path.mkdir(parents=True, exist_ok=True)
        for message in messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{secrets.token_hex(4)}.txt"
            to = mask_any_phone(message.to)  # files on disk hold no full phone either
            (self.path / name).write_text(f"To: {to}\n\n{message.body}\n", "utf-8")
        return len(messages)


# The messages the locmem backend "sent", in order; tests read and clear it.
outbox: list[SmsMessage] = []
_outbox_lock = threading.Lock()


class LocmemBackend(BaseBackend):
    def send_messages(self, messages: list[SmsMessage]) -> int:
        with _outbox_lock:
            outbox.extend(messages)
        return len(messages)


class HttpGatewayBackend(BaseBackend):
    def __init__(self, url: str | None = None, token: str | None = None) -> None:
        self.url = url or settings.SMS_GATEWAY_URL
        self.token = settings.SMS_GATEWAY_TOKEN if token is None else token
        self.timeout = settings.SMS_GATEWAY_TIMEOUT

    def send_messages(self, messages: list[SmsMessage]) -> int:
        sent = 0
        for message in messages:
            data = json.dumps({"to": message.to, "body": message.body}).encode()
            request = urllib.request.Request(  # noqa: S310 (the URL comes from settings, http(s))
                self.url,
                data=data,
                method="POST",
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {self.token}",
                },
            )
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                if 200 <= response.status < 300:
                    sent += 1
        return sent


def get_backend(path: str | None = None) -> BaseBackend:
    """Return an instance of the backend named by ``path`` or ``settings.SMS_BACKEND``."""
    return import_string(path or settings.SMS_BACKEND)()


def send_sms(to: str, body: str) -> int:
    """Send one text message through the configured backend; return how many were sent."""
    return get_backend().send_messages([SmsMessage(to=to, body=body)])
