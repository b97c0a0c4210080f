"""A negative or zero ``limit`` and a negative ``offset`` on any paginated API list are a 422
naming the parameter, never a 500 (Django refuses negative slices with an AssertionError)."""

import pytest


def _paged_lists(client, parameter: str = "") -> list[str]:
    """Every GET operation of the OpenAPI document that takes ``limit`` or ``offset``."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    found = []
    for path, operations in paths.items():
        get = operations.get("get")
        # A villager's own lists answer 401 to a staff session before reading parameters.
        if not get or "{" in path or path.startswith("/api/v1/villager/"):
            continue
        names = {p["name"] for p in get.get("parameters", [])}
        if parameter in names if parameter else names & {"limit", "offset"}:
            found.append(path)
    return found


def test_the_staff_election_list_is_among_the_paged_lists(client, db):
    assert "/api/v1/staff/elections" in _paged_lists(client)


@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_a_negative_paging_parameter_is_a_422_naming_it(client, cast, parameter):
    client.force_login(cast["alice"])
    paths = _paged_lists(client, parameter)
    assert paths
    for path in paths:
        response = client.get(f"{path}?{parameter}=-1", HTTP_ACCEPT_LANGUAGE="en")
        # The ledger parses its sizes itself (RFC 9162 mirrors) and answers 400; the rest 422.
        assert response.status_code in (400, 422), (path, response.status_code)
        assert parameter in response.content.decode(), path


def test_a_staff_election_list_with_a_good_page_is_200(client, cast):
    client.force_login(cast["alice"])
    response = client.get("/api/v1/staff/elections?limit=5&offset=0")
    assert response.status_code == 200
