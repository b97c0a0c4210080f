"""An election in village A1 for the product tests: the shared cast, a county general election
opened on 1 May 2026 for election day 15 June 2026 (national profile), and helpers that walk the
villagers' committee election of A1 to the step a test needs.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from openvillage.elections import services
from openvillage.elections.models import VillageElection, VoterRollEntry
from openvillage.org.models import Household, Person, RollEntry

TZ = ZoneInfo("Asia/Shanghai")
OPEN_DAY = date(2026, 5, 1)
ELECTION_DAY = date(2026, 6, 15)


def moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=TZ)


@pytest.fixture
def clock():
    """The clock frozen at 10:00 on OPEN_DAY; ``clock.move_to(moment(day))`` moves it."""
    with time_machine.travel(moment(OPEN_DAY), tick=False) as traveller:
        yield traveller


def villager(
    village,
    name: str,
    born=date(1980, 1, 1),
    registration="registered_resident",
    gender="male",
    party="none",
) -> Person:
    person = Person.objects.create(
        village=village,
        name=name,
        gender=gender,
        birth_date=born,
        party_status=party,
        party_joined_on=date(2000, 1, 1) if party != "none" else None,
    )
    household, _ = Household.objects.get_or_create(village=village, number=f"H-{name}")
    RollEntry.objects.create(
        household=household, person=person, relation="head", registration=registration
    )
    return person


@pytest.fixture
def general(cast, county, clock):
    return services.election_open(
        actor=cast["alice"], county=county, name="2026", election_day=ELECTION_DAY
    )


@pytest.fixture
def vc(general, village_a1) -> VillageElection:
    return VillageElection.objects.get(
        general=general, village=village_a1, law="villagers_committee"
    )


@pytest.fixture
def pb(general, village_a1) -> VillageElection:
    return VillageElection.objects.get(general=general, village=village_a1, law="party_branch")


@pytest.fixture
def people(village_a1) -> dict[str, Person]:
    """Eight adult villagers of A1, registered and resident."""
    names = ["Chen", "Li", "Wang", "Zhao", "Sun", "Zhou", "Wu", "Zheng"]
    return {
        n: villager(village_a1, n, gender="female" if n in ("Li", "Zhou") else "male")
        for n in names
    }


def fill_roll(election: VillageElection, count: int) -> None:
    """Add ``count`` extra voters straight to the roll (large worked scenarios)."""
    village = election.village
    rows = Person.objects.bulk_create(
        Person(village=village, name=f"Voter{i}", gender="male", birth_date=date(1970, 1, 1))
        for i in range(count)
    )
    VoterRollEntry.objects.bulk_create(
        VoterRollEntry(
            election=election,
            person=p,
            registration="registered_resident",
            basis="roll_build",
            added_on=OPEN_DAY,
        )
        for p in rows
    )


def to_candidates(cast, election, people, lists: dict[str, list[str]], seats=None, extra=0):
    """Build and publish the roll, nominate, review and publish the candidates of ``lists``."""
    vic, tom = cast["vic"], cast["tom"]
    if seats is not None:
        services.election_seats_set(actor=vic, election=election, seats=seats)
    services.roll_build(actor=vic, election=election)
    if extra:
        fill_roll(election, extra)
    services.roll_publish(actor=vic, election=election)
    for post, names in lists.items():
        for votes, name in enumerate(reversed(names), start=10):
            person = people[name]
            services.nomination_record(
                actor=vic, election=election, post=post, person=person, votes=votes
            )
            if not election.reviews.filter(person=person).exists():
                services.review_record(
                    actor=tom,
                    election=election,
                    person=person,
                    sources=["public_security"],
                    findings=[],
                    decision="cleared",
                    reason="No record found.",
                )
        services.candidate_list_set(
            actor=vic, election=election, post=post, people=[people[n] for n in names]
        )
    return services.candidate_list_publish(actor=vic, election=election)


def two_entries(cast, round, station, post, figures, votes, second_votes=None):
    """Enter a sheet twice: vic first, sam... (sam has no ELECTIONS) -> tom second."""
    services.tally_enter(
        actor=cast["vic"], round=round, station=station, post=post, figures=figures, votes=votes
    )
    return services.tally_enter(
        actor=cast["tom"],
        round=round,
        station=station,
        post=post,
        figures=figures,
        votes=second_votes or votes,
    )


def _name(key: str) -> str:
    return Person.objects.get(pk=int(key)).name if key.isdigit() else key


def named(value):
    """Read results keyed by person id by name: a list of keys, a dict keyed by person, or a
    list of ``(post, key)`` pairs. The tests' people have distinct names."""
    if isinstance(value, dict):
        return {_name(k): v for k, v in value.items()}
    return [(v[0], _name(v[1])) if isinstance(v, tuple) else _name(v) for v in value]


def key(person: Person) -> str:
    """The key that stands for a person in tallies and results."""
    return str(person.pk)
