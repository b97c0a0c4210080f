import pytest
from django.test import override_settings

from openvillage.accounts.models import LoginFailure


def sign_in(client, username, password):
    return client.post(
        "/staff/login/", {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_clerk_signs_in_and_sees_their_village_home(client, cast):
    response = sign_in(client, "vic", "pw-vic")
    assert response.status_code == 302 and response["Location"] == "/staff/"
    page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Village A1" in page and "Village clerk" in page


def test_a_wrong_password_says_so_without_saying_which_part_is_wrong(client, cast):
    page = sign_in(client, "vic", "nope").content.decode()
    assert "The username or password is wrong." in page


@override_settings(LOGIN_FAILURES_PER_USER=3)
def test_repeated_failures_block_even_the_right_password_for_a_while(client, cast):
    for _ in range(3):
        sign_in(client, "vic", "nope")
    page = sign_in(client, "vic", "pw-vic").content.decode()
    assert "Too many failed sign-ins" in page
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_clears_the_failures(client, cast):
    sign_in(client, "vic", "nope")
    sign_in(client, "vic", "pw-vic")
    assert not LoginFailure.objects.filter(username="vic").exists()


def test_an_open_redirect_after_sign_in_is_ignored(client, cast):
    response = client.post(
        "/staff/login/?next=https://evil.example/",
        {"username": "vic", "password": "pw-vic", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/staff/"


def test_sessions_expire_and_end_with_the_browser(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


@pytest.mark.parametrize("url", ["/staff/", "/staff/people/", "/staff/audit/"])
def test_the_console_needs_a_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_the_address_comes_from_the_proxy_header_only_behind_a_trusted_proxy(rf, settings):
    from openvillage.accounts.throttle import client_address

    forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    settings.TRUSTED_PROXIES = frozenset()
    assert client_address(rf.get("/", **forged)) == "203.0.113.9"
    settings.TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    assert client_address(rf.get("/", **forged)) == "203.0.113.9"
    proxied = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.7"}
    assert client_address(rf.get("/", **proxied)) == "198.51.100.7"
