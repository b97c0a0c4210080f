"""Property-based fuzzing of the whole HTTP API from its OpenAPI document (schemathesis): every
operation, with and without a staff session, answers every generated request without a server
error (no 5xx). Bounded: 20 examples per operation, derandomized so that CI is repeatable.

Runs on PostgreSQL (where NUL characters, long integers and strict types turned into 500s) and
is skipped on SQLite to bound the suite's time, unless OPENVILLAGE_FUZZ=1 is set.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

if connection.vendor != "postgresql" and not os.environ.get("OPENVILLAGE_FUZZ"):
    pytest.skip("API fuzzing runs on PostgreSQL (make pg-test)", allow_module_level=True)

import schemathesis  # noqa: E402
from django.contrib.auth import SESSION_KEY  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from openvillage.disclosure import services as disclosure  # noqa: E402
from openvillage.disclosure.tests.conftest import content, publish  # noqa: E402
from openvillage.wsgi import application  # noqa: E402

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Valid and invalid inputs (wrong types, out of range, NUL characters), the same every run.
schema.config.generation.update(modes=list(GenerationMode), deterministic=True, allow_x00=True)

BOUNDED = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's connection (its
    transaction holds the fixtures) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published_item(cast):
    item = disclosure.item_create(actor=cast["vic"], village=cast["vic"].unit, content=content())
    publish(item, cast["vic"], cast["tom"])
    return item


def staff_session(user) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and cookies of a signed-in staff session with its CSRF token, as a browser
    would send them."""
    from importlib import import_module

    from django.conf import settings as django_settings

    store = import_module(django_settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.save()
    request = RequestFactory().get("/")
    token = get_token(request)
    cookies = {
        django_settings.SESSION_COOKIE_NAME: store.session_key,
        django_settings.CSRF_COOKIE_NAME: request.META["CSRF_COOKIE"],
    }
    headers = {"X-CSRFToken": token, "Referer": "https://testserver/"}
    return headers, cookies


@schema.parametrize()
@BOUNDED
def test_no_request_of_the_public_makes_a_server_error(case, published_item):
    case.call_and_validate(checks=[not_a_server_error], headers={"Accept-Language": "zh-hans"})


@schema.parametrize()
@BOUNDED
def test_no_request_of_a_staff_member_makes_a_server_error(case, cast, published_item):
    headers, cookies = staff_session(cast["tom"])
    headers["Accept-Language"] = "zh-hans"
    case.call_and_validate(checks=[not_a_server_error], headers=headers, cookies=cookies)


def test_the_staff_session_of_the_fuzzing_is_signed_in(cast):
    elections = schema["/api/v1/staff/elections"]["GET"]
    headers, cookies = staff_session(cast["tom"])
    anonymous = elections.Case(query={"limit": 5}).call()
    signed_in = elections.Case(query={"limit": 5}).call(headers=headers, cookies=cookies)
    assert (anonymous.status_code, signed_in.status_code) == (401, 200)
