"""The admin site's sign-in is throttled like the console's, and its failures are recorded."""

from django.test import override_settings

from openvillage.accounts.models import LoginFailure


def admin_sign_in(client, username, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_wrong_admin_password_is_recorded(client, superuser):
    admin_sign_in(client, "root", "nope")
    assert LoginFailure.objects.filter(username="root").count() == 1


@override_settings(LOGIN_FAILURES_PER_USER=3)
def test_admin_failures_slow_down_the_admin_sign_in(client, superuser):
    for _ in range(3):
        admin_sign_in(client, "root", "nope")
    page = admin_sign_in(client, "root", "pw-root").content.decode()
    assert "Too many failed sign-ins" in page
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURES_PER_USER=3)
def test_admin_failures_count_against_the_console_sign_in_too(client, superuser):
    for _ in range(3):
        admin_sign_in(client, "root", "nope")
    page = client.post(
        "/staff/login/", {"username": "root", "password": "pw-root"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Too many failed sign-ins" in page


def test_the_right_admin_password_signs_in(client, superuser):
    response = admin_sign_in(client, "root", "pw-root")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(superuser.pk)
