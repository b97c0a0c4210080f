"""Wrong passwords typed by someone else never keep an account's owner out: failures are
counted per account *and* address, a device the owner signed in on before carries a signed
cookie and only its own failures count, and past the free failures come growing delays, not a
hard lock."""

from datetime import timedelta

import time_machine
from django.test import override_settings
from django.utils import timezone

A, B = "198.51.100.10", "203.0.113.20"


def sign_in(client, username, password, address):
    return client.post(
        "/staff/login/",
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE="en",
        REMOTE_ADDR=address,
    )


def signed_in(response) -> bool:
    return response.status_code == 302


def test_five_wrong_passwords_from_a_do_not_lock_the_owner_at_b_on_a_known_device(
    client, cast, django_user_model
):
    from django.test import Client

    owner = Client()
    assert signed_in(sign_in(owner, "alice", "pw-alice", B))  # the device becomes known
    owner.post("/staff/logout/")
    for _ in range(5):
        sign_in(client, "alice", "wrong", A)
    assert "Too many failed sign-ins" in sign_in(client, "alice", "pw-alice", A).content.decode()
    assert signed_in(sign_in(owner, "alice", "pw-alice", B))


def test_five_wrong_passwords_from_a_do_not_lock_a_new_device_at_b_either(client, cast):
    from django.test import Client

    for _ in range(5):
        sign_in(client, "alice", "wrong", A)
    assert signed_in(sign_in(Client(), "alice", "pw-alice", B))


@override_settings(LOGIN_FAILURES_PER_ADDRESS=30)
def test_thirty_failures_from_one_proxy_address_do_not_keep_out_known_devices(client, cast):
    from django.test import Client

    owner = Client()
    assert signed_in(sign_in(owner, "vic", "pw-vic", A))
    owner.post("/staff/logout/")
    for index in range(30):
        sign_in(client, f"nobody{index}", "wrong", A)
    assert "Too many failed sign-ins" in sign_in(Client(), "vera", "pw-vera", A).content.decode()
    assert signed_in(sign_in(owner, "vic", "pw-vic", A))


def test_a_forged_device_cookie_is_ignored(client, cast):
    from openvillage.accounts.throttle import _cookie_name

    for _ in range(5):
        sign_in(client, "alice", "wrong", A)
    client.cookies[_cookie_name("alice")] = "alice:forged"
    assert not signed_in(sign_in(client, "alice", "pw-alice", A))


def test_the_delay_grows_with_each_failure_and_then_lets_the_owner_in(client, cast):
    now = timezone.now()
    with time_machine.travel(now, tick=False) as clock:
        for _ in range(5):
            sign_in(client, "vic", "wrong", A)
        assert "Wait 1 minutes" in sign_in(client, "vic", "pw-vic", A).content.decode()
        clock.move_to(now + timedelta(seconds=31))
        sign_in(client, "vic", "wrong", A)  # the sixth failure: 60 seconds
        clock.move_to(now + timedelta(seconds=31 + 45))
        assert not signed_in(sign_in(client, "vic", "pw-vic", A))
        clock.move_to(now + timedelta(seconds=31 + 61))
        sign_in(client, "vic", "wrong", A)  # the seventh: 120 seconds
        clock.move_to(now + timedelta(seconds=31 + 61 + 100))
        assert "Wait 1 minutes" in sign_in(client, "vic", "pw-vic", A).content.decode()
        clock.move_to(now + timedelta(seconds=31 + 61 + 121))
        assert signed_in(sign_in(client, "vic", "pw-vic", A))


def test_a_success_forgets_the_failures_of_its_pair(client, cast):
    for _ in range(4):
        sign_in(client, "vic", "wrong", A)
    assert signed_in(sign_in(client, "vic", "pw-vic", A))
    client.post("/staff/logout/")
    for _ in range(4):
        sign_in(client, "vic", "wrong", A)
    assert signed_in(sign_in(client, "vic", "pw-vic", A))
