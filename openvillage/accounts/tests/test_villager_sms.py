"""The SMS backends: chosen by settings like Django's mail backends; no network but 127.0.0.1."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import override_settings

from openvillage.accounts import sms
from openvillage.accounts.sms import (
    ConsoleBackend,
    FileBackend,
    HttpGatewayBackend,
    LocmemBackend,
    SmsMessage,
)

MESSAGE = SmsMessage(to="13800138000", body="OpenVillage: your code is 123456")


def test_the_test_settings_use_the_locmem_backend():
    assert isinstance(sms.get_backend(), LocmemBackend)
    sms.send_sms("13800138000", "hello")
    assert sms.outbox == [SmsMessage("13800138000", "hello")]


def test_the_console_backend_prints_the_message_with_the_phone_masked():
    stream = io.StringIO()
    assert ConsoleBackend(stream).send_messages([MESSAGE]) == 1
    assert stream.getvalue() == "SMS to 138****8000: OpenVillage: your code is 123456\n"


def test_the_file_backend_writes_one_file_per_message_with_the_phone_masked(tmp_path):
    with override_settings(
        SMS_BACKEND="openvillage.accounts.sms.FileBackend", SMS_FILE_PATH=tmp_path
    ):
        sms.send_sms(MESSAGE.to, MESSAGE.body)
        sms.send_sms(MESSAGE.to, "second")
    files = sorted(tmp_path.iterdir())
    assert len(files) == 2
    assert files[0].read_text("utf-8") == f"To: 138****8000\n\n{MESSAGE.body}\n"


def test_the_file_backend_defaults_to_the_sms_folder_of_the_data_dir(settings):
    assert FileBackend().path == settings.SMS_FILE_PATH
    assert settings.SMS_FILE_PATH == settings.DATA_DIR / "sms"


class _Gateway(BaseHTTPRequestHandler):
    received: list[tuple[str, dict]] = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Gateway.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(_Gateway.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received = []
    _Gateway.status = 200
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def test_the_http_gateway_backend_posts_json_with_the_token(gateway):
    with override_settings(SMS_GATEWAY_URL=gateway, SMS_GATEWAY_TOKEN="t0ken"):
        assert HttpGatewayBackend().send_messages([MESSAGE]) == 1
    assert _Gateway.received == [("Bearer t0ken", {"to": MESSAGE.to, "body": MESSAGE.body})]


def test_the_http_gateway_backend_raises_when_the_gateway_refuses(gateway):
    _Gateway.status = 500
    with override_settings(SMS_GATEWAY_URL=gateway), pytest.raises(OSError):
        HttpGatewayBackend().send_messages([MESSAGE])
