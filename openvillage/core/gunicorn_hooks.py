"""gunicorn settings of ``openvillage serve`` (``--config python:openvillage.core.gunicorn_hooks``).

One response, one write. gunicorn's sync worker writes a response's head and its body with two
``sendall`` calls. When an app server dies between the two (a crash, an OOM kill), nginx has
already read a head and cannot retry the request on another server: the visitor gets a cut page.
Holding the head until the first body bytes puts a whole in-memory page on the wire with one
write, so a server that dies before it leaves nothing half-sent and nginx retries the GET on the
other one (scripts/province.sh kills a server under load to check it). Streamed and file
responses still send their head first; only the head is held, never the body.
"""

from __future__ import annotations

from typing import Any


class _HeldHead:
    """Stands for the client socket while a response writes its head and first body bytes."""

    def __init__(self, sock: Any) -> None:
        self.sock = sock
        self.head: bytes | None = None

    def sendall(self, data: bytes) -> None:
        if self.head is None:
            self.head = bytes(data)
        else:
            head, self.head = self.head, b""
            self.sock.sendall(head + bytes(data))

    def flush(self) -> None:
        if self.head:
            self.sock.sendall(self.head)
        self.head = b""

    def __getattr__(self, name: str) -> Any:  # anything else goes to the real socket
        return getattr(self.sock, name)


def one_write_per_response() -> None:
    """Make gunicorn's HTTP/1 response send its head with the first body bytes (idempotent)."""
    from gunicorn.http import wsgi

    response = wsgi.Response
    if getattr(response, "_openvillage_one_write", False):
        return
    write = response.write

    def write_with_head(self: Any, arg: bytes) -> None:
        if self.headers_sent or self.chunked:
            return write(self, arg)
        held = _HeldHead(self.sock)
        self.sock = held
        try:
            write(self, arg)
        finally:
            self.sock = held.sock
            held.flush()

    response.write = write_with_head
    response._openvillage_one_write = True


def warm_up() -> None:
    """Import every view before the first request instead of during it.

    Django imports the URLconf, and with it every app's views, the API schemas and the PDF, xlsx
    and word-segmentation libraries they use, on the first request a process serves: seconds of
    work that the first visitor of each worker waited for (6 s for the public home page on the
    demo). Done here, it happens while the worker starts.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import is the point


def post_worker_init(worker: Any) -> None:  # gunicorn's server hook
    one_write_per_response()
    warm_up()
