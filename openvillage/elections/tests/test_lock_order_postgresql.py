"""Tally entry and counting of one round never deadlock: every election write locks the election
row before the round row (the lock order of ``elections/services/_common.py``).

Only PostgreSQL has row locks; SQLite locks the whole database on the first write, so the test is
skipped there. Two threads, each with its own connection, are forced to interleave: the clerk's
transaction has taken its first lock (the election, as ``tally_enter`` does first) when the
officer starts counting; only once the officer's transaction waits on a lock does the clerk's
entry go on to lock the round. On code that locks the round first when counting, the two wait for
each other and PostgreSQL breaks the cycle by failing one ("deadlock detected").

An election write locks its row alone: ``select_for_update()`` with ``select_related()`` used to
lock the joined county general election too, so every write of every village of the county
queued on that one row.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from openvillage.core.tests.postgres import someone_waits_on_a_lock
from openvillage.elections import services
from openvillage.elections.models import RoundResult, TallySheet, VillageElection
from openvillage.elections.tests.conftest import to_candidates

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks exist on PostgreSQL only"
    ),
]

FIGURES = {"voters_voted": 6, "ballots_issued": 6, "ballots_collected": 6, "invalid_ballots": 0}


def test_tally_entry_and_counting_of_one_round_interleave_without_a_deadlock(cast, vc, people):
    # Given a round whose last sheet awaits its second entry
    VillageElection.objects.filter(pk=vc.pk).update(seats={"director": 1, "member": 2})
    vc.refresh_from_db()
    first = to_candidates(
        cast, vc, people, {"director": ["Chen", "Li"], "member": ["Wang", "Zhao", "Sun"]}
    )
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    member_votes = {"Wang": 5, "Zhao": 4, "Sun": 1}
    for actor in ("vic", "tom"):
        services.tally_enter(
            actor=cast[actor],
            round=first,
            station=hall,
            post="member",
            figures=FIGURES,
            votes=member_votes,
        )
    services.tally_enter(
        actor=cast["vic"],
        round=first,
        station=hall,
        post="director",
        figures=FIGURES,
        votes={"Chen": 4, "Li": 2},
    )
    errors: list[BaseException] = []
    clerk_holds_election = threading.Barrier(2, timeout=10)

    def clerk() -> None:
        try:
            with transaction.atomic():
                # The first step of tally_enter, taken here so that the officer starts between it
                # and the round lock that follows.
                VillageElection.objects.select_for_update(of=("self",)).get(pk=vc.pk)
                clerk_holds_election.wait()
                someone_waits_on_a_lock()
                services.tally_enter(
                    actor=cast["tom"],
                    round=first,
                    station=hall,
                    post="director",
                    figures=FIGURES,
                    votes={"Chen": 4, "Li": 2},
                )
        except BaseException as error:  # reported below: an assert in a thread is lost
            errors.append(error)
        finally:
            connections.close_all()

    def officer() -> None:
        try:
            clerk_holds_election.wait()
            services.round_count(actor=cast["vic"], round=first)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk), threading.Thread(target=officer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    # Then neither transaction failed: the count waited for the entry and then counted
    assert errors == []
    first.refresh_from_db()
    assert TallySheet.objects.get(round=first, post="director").status == TallySheet.Status.AGREED
    assert first.status == RoundResult.Status.VALID
    vc.refresh_from_db()
    assert vc.state == VillageElection.State.COUNTED


def test_an_election_write_locks_the_village_election_alone_not_the_county_general_row(vc):
    # Given an election write holding its lock (the first step of every election service)
    from openvillage.elections.services._common import _locked

    locked_general: list[BaseException] = []
    with transaction.atomic():
        _locked(vc)

        def other_village_write() -> None:
            # Another village's write reads the same general election row: it must not wait.
            try:
                with transaction.atomic(), connections["default"].cursor() as cursor:
                    cursor.execute(
                        "SELECT id FROM elections_generalelection WHERE id = %s FOR UPDATE NOWAIT",
                        [vc.general_id],
                    )
            except BaseException as error:
                locked_general.append(error)
            finally:
                connections.close_all()

        thread = threading.Thread(target=other_village_write)
        thread.start()
        thread.join(30)
    # Then the county's row was free (FOR UPDATE OF the election's own table)
    assert locked_general == []
