"""The voter roll: eligibility (V8-V10), publication masked (V11), objections (V12)."""

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.elections import services
from openvillage.elections.tests.conftest import moment, villager


def test_roll_build_takes_adults_registered_and_resident_birthday_on_election_day_counts(
    cast, vc, village_a1
):
    villager(village_a1, "Birthday", born=date(2008, 6, 15))
    villager(village_a1, "TooYoung", born=date(2008, 6, 16))
    villager(village_a1, "Away", registration="registered_away")
    villager(village_a1, "Deprived")
    deprived = village_a1.people.get(name="Deprived").pk
    counts = services.roll_build(actor=cast["vic"], election=vc, deprived_person_ids=[deprived])
    assert counts["added"] == 1 and counts["under_age"] == 1
    assert counts["needs_conditions"] == 1 and counts["deprived"] == 1
    assert list(vc.roll.values_list("person__name", flat=True)) == ["Birthday"]


def test_a_villager_living_away_is_added_only_with_the_wish_recorded_v9b(cast, vc, village_a1):
    away = villager(village_a1, "Away", registration="registered_away")
    with pytest.raises(InvalidInput):
        services.roll_add(
            actor=cast["vic"],
            election=vc,
            person=away,
            registration="registered_away",
            decision="Election committee 3/2026",
        )
    entry = services.roll_add(
        actor=cast["vic"],
        election=vc,
        person=away,
        registration="registered_away",
        decision="Election committee 3/2026",
        wish_recorded_on=date(2026, 4, 30),
        wish_channel="phone",
    )
    assert entry.active and entry.basis == "decision"


def test_a_resident_without_hukou_needs_one_year_and_the_meeting_v9c(cast, vc, village_a1):
    newcomer = villager(village_a1, "Newcomer", registration="resident_unregistered")
    common = dict(
        actor=cast["vic"],
        election=vc,
        person=newcomer,
        registration="resident_unregistered",
        decision="Representatives' meeting 4/2026",
        applied_on=date(2026, 4, 1),
    )
    with pytest.raises(InvalidInput):
        services.roll_add(**common, resident_since=date(2025, 6, 16))  # under a year by D
    entry = services.roll_add(**common, resident_since=date(2025, 6, 15))
    assert entry.registration == "resident_unregistered"


def test_published_roll_shows_masked_names_only(cast, vc, people, client):
    services.roll_build(actor=cast["vic"], election=vc)
    services.roll_publish(actor=cast["vic"], election=vc)
    assert "C***" in services.public_roll(vc)  # Chen
    page = client.get(f"/v/{vc.village.code}/election/")
    assert page.status_code == 200
    assert "C***" in page.content.decode() and "Chen" not in page.content.decode()


def test_a_roll_published_after_d_minus_20_is_refused(cast, vc, people, clock):
    services.roll_build(actor=cast["vic"], election=vc)
    clock.move_to(moment(date(2026, 5, 27)))
    with pytest.raises(WrongState):
        services.roll_publish(actor=cast["vic"], election=vc)


def test_an_objection_after_its_5_day_window_is_refused_v12(cast, vc, people, clock):
    services.roll_build(actor=cast["vic"], election=vc)
    services.roll_publish(actor=cast["vic"], election=vc)  # 1 May: open until 6 May
    objection = services.roll_objection_file(
        actor=cast["vic"],
        election=vc,
        objector_name="Wu",
        kind="wrongly_included",
        text="Zheng moved away for good.",
        subject=people["Zheng"],
        received_on=date(2026, 5, 6),
    )
    with pytest.raises(WrongState):
        services.roll_objection_file(
            actor=cast["vic"],
            election=vc,
            objector_name="Wu",
            kind="omitted",
            text="Late.",
            received_on=date(2026, 5, 7),
        )
    with pytest.raises(WrongState):  # decided after received + 3
        services.roll_objection_decide(
            actor=cast["vic"],
            objection=objection,
            outcome="upheld",
            reason="Checked.",
            decided_on=date(2026, 5, 10),
        )
    services.roll_objection_decide(
        actor=cast["vic"],
        objection=objection,
        outcome="upheld",
        reason="Checked.",
        decided_on=date(2026, 5, 9),
    )
    entry = vc.roll.get(person=people["Zheng"])
    assert entry.removed_on is not None and entry.supplement


def test_a_person_cannot_be_on_two_rolls_v10(cast, general, village_a1, village_a2, people):
    from openvillage.elections.models import VillageElection

    a2 = VillageElection.objects.get(general=general, village=village_a2, law="villagers_committee")
    vc = VillageElection.objects.get(general=general, village=village_a1, law="villagers_committee")
    services.roll_build(actor=cast["vic"], election=vc)
    with pytest.raises(WrongState):
        services.roll_add(
            actor=cast["tom"],
            election=a2,
            person=people["Chen"],
            registration="resident_unregistered",
            decision="Meeting",
            applied_on=date(2026, 4, 1),
            resident_since=date(2020, 1, 1),
        )
