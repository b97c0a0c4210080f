"""A domain error that a view lets through becomes its status and its sentence: a page for a
person, JSON for a program; any other exception is left to Django (a bug is not bad input)."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from openvillage.core.errors import DomainError, InvalidInput, NotAllowed, NotFound, WrongState
from openvillage.core.middleware import DomainErrorMiddleware

MESSAGE = "The case is %(state)s; no further step may be recorded."


def respond(exc: Exception, path: str = "/staff/decisions/cases/1/", **headers):
    request = RequestFactory().get(path, headers=headers)
    return DomainErrorMiddleware(lambda r: None).process_exception(request, exc)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotAllowed, 403),
        (NotFound, 404),
        (WrongState, 409),
        (InvalidInput, 422),
        (DomainError, 400),
    ],
)
def test_each_kind_of_refusal_gets_its_status_on_a_page(error, status, settings):
    settings.LANGUAGE_CODE = "en"
    response = respond(error(MESSAGE, {"state": "closed"}))
    assert response.status_code == status
    assert "The case is closed; no further step may be recorded." in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_the_sentence_is_in_the_readers_language():
    from django.utils import translation

    with translation.override("zh-hans"):
        body = respond(WrongState(MESSAGE, {"state": "已完成"})).content.decode()
    assert "已完成" in body and "The case is" not in body


def test_a_program_gets_json_with_the_code_and_the_field():
    exc = InvalidInput("Votes exceed the ballots.", field="tally", code="too_many_votes")
    response = respond(exc, path="/api/v1/staff/elections/1/tally")
    assert response.status_code == 422
    assert json.loads(response.content) == {
        "detail": "Votes exceed the ballots.",
        "code": "too_many_votes",
        "field": "tally",
    }
    by_accept = respond(NotFound("No such case."), Accept="application/json")
    assert by_accept.status_code == 404 and json.loads(by_accept.content)["code"] == "NotFound"


def test_any_other_exception_is_left_to_django():
    assert respond(ValueError("a bug")) is None
