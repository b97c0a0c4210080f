"""A page leaves gunicorn in one write, head and body together (core.gunicorn_hooks)."""

from __future__ import annotations

import pytest

from openvillage.core.gunicorn_hooks import one_write_per_response

wsgi = pytest.importorskip("gunicorn.http.wsgi")


class Socket:
    def __init__(self):
        self.writes: list[bytes] = []

    def sendall(self, data):
        self.writes.append(bytes(data))


class Request:
    version = (1, 1)
    method = "GET"
    headers: list = []

    def should_close(self):
        return True


class Config:
    is_ssl = False
    sendfile = False
    forwarded_allow_ips = ["127.0.0.1"]
    secure_scheme_headers: dict = {}


def respond(body_chunks, status="200 OK", method="GET", length=True):
    sock = Socket()
    request = Request()
    request.method = method
    response = wsgi.Response(request, sock, Config())
    headers = [("Content-Type", "text/html")]
    if length:
        headers.append(("Content-Length", str(sum(map(len, body_chunks)))))
    response.start_response(status, headers)
    for chunk in body_chunks:
        response.write(chunk)
    response.close()
    return sock.writes


def test_without_the_hook_gunicorn_writes_the_head_alone_first():
    if getattr(wsgi.Response, "_openvillage_one_write", False):
        pytest.skip("the hook is already installed in this process")
    writes = respond([b"<p>page</p>"])
    assert len(writes) == 2 and writes[0].endswith(b"\r\n\r\n") and writes[1] == b"<p>page</p>"


def test_a_page_goes_out_in_one_write():
    one_write_per_response()
    one_write_per_response()  # installing twice changes nothing
    writes = respond([b"<p>page</p>"])
    assert len(writes) == 1
    head, _, body = writes[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK") and b"Content-Length: 11" in head
    assert body == b"<p>page</p>"


def test_later_chunks_and_bodyless_responses_still_go_out_whole():
    one_write_per_response()
    writes = respond([b"one", b"two"])
    assert len(writes) == 2 and writes[0].endswith(b"one") and writes[1] == b"two"
    writes = respond([], status="304 Not Modified")
    assert len(writes) == 1 and writes[0].startswith(b"HTTP/1.1 304")
    writes = respond([b""], status="200 OK")
    assert b"".join(writes).endswith(b"\r\n\r\n")


def test_the_worker_imports_the_views_before_its_first_request():
    from django.urls import clear_url_caches, get_resolver

    from openvillage.core.gunicorn_hooks import warm_up

    clear_url_caches()  # a fresh resolver, as in a new worker
    assert "url_patterns" not in vars(get_resolver())
    warm_up()
    assert "url_patterns" in vars(get_resolver())  # resolved and cached, not on first request
