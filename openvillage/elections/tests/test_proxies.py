"""Proxies (V19-V21): written, near relative on the same roll, not a candidate, cap, deadline."""

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.elections import services
from openvillage.elections.tests.conftest import moment, villager


@pytest.fixture
def open_roll(cast, vc, people):
    services.roll_build(actor=cast["vic"], election=vc)
    services.roll_publish(actor=cast["vic"], election=vc)
    return vc


def record(cast, election, principal, proxy, relationship="child", written=True, on=None):
    return services.proxy_record(
        actor=cast["vic"],
        election=election,
        principal=principal,
        proxy=proxy,
        relationship=relationship,
        written=written,
        requested_on=on,
    )


def test_a_written_proxy_to_a_near_relative_on_the_roll_is_recorded(cast, open_roll, people):
    row = record(cast, open_roll, people["Chen"], people["Li"])
    assert row.pk and row.relationship == "child"


def test_a_fourth_principal_for_one_proxy_is_refused_v21(cast, open_roll, people):
    for name in ("Chen", "Wang", "Zhao"):
        record(cast, open_roll, people[name], people["Li"], relationship="sibling")
    with pytest.raises(InvalidInput, match="at most 3"):
        record(cast, open_roll, people["Sun"], people["Li"], relationship="sibling")


def test_a_proxy_after_the_deadline_is_refused_v21(cast, open_roll, people, clock):
    with pytest.raises(WrongState, match="closed"):
        record(cast, open_roll, people["Chen"], people["Li"], on=date(2026, 6, 13))
    clock.move_to(moment(date(2026, 6, 12)))
    assert record(cast, open_roll, people["Chen"], people["Li"]).requested_on == date(2026, 6, 12)


def test_a_proxy_who_is_not_a_near_relative_is_refused_v19(cast, open_roll, people):
    with pytest.raises(InvalidInput, match="near relative"):
        record(cast, open_roll, people["Chen"], people["Li"], relationship="other")


def test_a_proxy_not_in_writing_is_refused_v19(cast, open_roll, people):
    with pytest.raises(InvalidInput, match="writing"):
        record(cast, open_roll, people["Chen"], people["Li"], written=False)


def test_a_proxy_who_is_not_a_voter_of_the_village_is_refused(cast, open_roll, people, village_a1):
    outsider = villager(village_a1, "Child", born=date(2010, 1, 1))
    with pytest.raises(InvalidInput, match="registered voter"):
        record(cast, open_roll, people["Chen"], outsider)


def test_a_candidate_cannot_be_a_proxy_v21(cast, open_roll, people):
    from openvillage.elections.models import Candidate

    Candidate.objects.create(election=open_roll, post="director", person=people["Li"])
    with pytest.raises(InvalidInput, match="candidate"):
        record(cast, open_roll, people["Chen"], people["Li"])


def test_a_principal_cannot_pass_the_vote_on(cast, open_roll, people):
    record(cast, open_roll, people["Chen"], people["Li"])
    with pytest.raises(InvalidInput):
        record(cast, open_roll, people["Wang"], people["Chen"])
