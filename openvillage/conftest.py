"""The shared cast: a small county with two towns and two villages each, and one staff account
per role and scope. Tests name people, not factories:

- alice: county administrator of the county
- cora: county supervisor
- tom: town officer of town A; tina: town officer of town B
- vic: village clerk of village A1; vera: village clerk of village A2; bill: clerk of B1
- sam: village secretary of A1; sue: supervision committee member of A1
- oscar: election observer of town A
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from openvillage.accounts.models import User
from openvillage.core.roles import Role
from openvillage.org.models import Unit
from openvillage.org.services import unit_path

# Valid GB 11643 numbers under the fictional address prefix 990101 (no real region has 99).
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)

VALID_IDS = ["990101198001010014", "990101198505050028", "990101199012120037"]


def make_unit(code: str, name: str, level: str, parent: Unit | None) -> Unit:
    kind = {"county": "county", "town": "town", "village": "village"}[level]
    unit = Unit.objects.create(
        code=code, name=name, level=level, kind=kind, parent=parent, path=unit_path(code, parent)
    )
    # The cast's units have been on OpenVillage for years (dues count from a unit's joining).
    Unit.objects.filter(pk=unit.pk).update(created_at=LONG_AGO)
    unit.created_at = LONG_AGO
    return unit


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the test settings' language: a test (or a page it fetched)
    that activated another must not decide the language of the next one, whatever the order."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rendered public pages are cached per process; every test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def county(db):
    return make_unit("990100000000", "Test County", "county", None)


@pytest.fixture
def town_a(county):
    return make_unit("990100001000", "Town A", "town", county)


@pytest.fixture
def town_b(county):
    return make_unit("990100002000", "Town B", "town", county)


@pytest.fixture
def village_a1(town_a):
    return make_unit("990100001001", "Village A1", "village", town_a)


@pytest.fixture
def village_a2(town_a):
    return make_unit("990100001002", "Village A2", "village", town_a)


@pytest.fixture
def village_b1(town_b):
    return make_unit("990100002001", "Village B1", "village", town_b)


def _user(username: str, role: str, unit: Unit) -> User:
    user = User(username=username, role=role, unit=unit, first_name=username.title())
    user.set_password("pw-" + username)
    user.save()
    return user


@pytest.fixture
def cast(county, town_a, town_b, village_a1, village_a2, village_b1):
    """Every role, bound to its unit; returned as a dict by first name."""
    return {
        "alice": _user("alice", Role.COUNTY_ADMIN, county),
        "cora": _user("cora", Role.COUNTY_SUPERVISOR, county),
        "tom": _user("tom", Role.TOWN_OFFICER, town_a),
        "tina": _user("tina", Role.TOWN_OFFICER, town_b),
        "vic": _user("vic", Role.VILLAGE_CLERK, village_a1),
        "vera": _user("vera", Role.VILLAGE_CLERK, village_a2),
        "bill": _user("bill", Role.VILLAGE_CLERK, village_b1),
        "sam": _user("sam", Role.VILLAGE_SECRETARY, village_a1),
        "sue": _user("sue", Role.SUPERVISION_MEMBER, village_a1),
        "oscar": _user("oscar", Role.ELECTION_OBSERVER, town_a),
    }


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "pw-root")


@pytest.fixture
def born():
    return date(1980, 1, 1)


def pytest_addoption(parser):
    parser.addoption(
        "--reverse",
        action="store_true",
        help="run the tests in reverse order (with -p no:randomly) to find order dependence",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Called before pytest-django's own (stable) sort, which then still runs the transactional
    # tests last: their flush empties the tables, data migrations' rows included, as in
    # Django's own `test --reverse`.
    if config.getoption("--reverse"):
        items.reverse()
