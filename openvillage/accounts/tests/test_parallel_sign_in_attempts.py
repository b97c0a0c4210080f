"""Wrong passwords tried in parallel all count: ten at once against a limit of three reach the
password check three times (the attempt is counted under a row lock before the check)."""

import pytest
from django.test import Client, override_settings

from openvillage.accounts.models import LoginFailure
from openvillage.core.tests.parallel import on_postgresql, run_in_parallel


@on_postgresql
@pytest.mark.django_db(transaction=True)
@override_settings(LOGIN_FAILURES_PER_USER=3)
def test_ten_parallel_wrong_passwords_reach_the_check_three_times(cast):
    def work(_index):
        return Client().post(
            "/staff/login/",
            {"username": "vic", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="en",
            REMOTE_ADDR="198.51.100.10",
        )

    results = run_in_parallel(10, work)
    assert LoginFailure.objects.filter(username="vic").count() == 3
    pages = [r.content.decode() for r in results]
    assert sum("Too many failed sign-ins" in page for page in pages) == 7
