"""The demo county: deterministic, complete, lawful, and with no clear ID number anywhere."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from openvillage.core.idnumbers import id_hash
from openvillage.core.masking import validate_id_number
from openvillage.core.models import AuditEntry
from openvillage.core.roles import Role
from openvillage.org import rules
from openvillage.org.demo import build_demo
from openvillage.org.models import Body, Level, Person, PostKind, Term, Unit
from openvillage.org.tests.test_people import dump_contains

SMALL = {"villages": 12, "households_per_village": 12}


@pytest.fixture
def demo(db):
    return build_demo(seed=2026, **SMALL)


def digest_of_county() -> str:
    units = Unit.objects.order_by("code").values_list("code", "name")
    people = Person.objects.order_by("village__code", "birth_date", "name", "id_masked")
    text = repr([*units, *people.values_list("name", "birth_date", "id_masked")])
    return hashlib.sha256(text.encode()).hexdigest()


def build_and_roll_back(seed: int) -> tuple[str, list]:
    with transaction.atomic():
        result = build_demo(seed=seed, **SMALL)
        digest = digest_of_county()
        transaction.set_rollback(True)
    return digest, [(a.username, a.password) for a in result.accounts]


def test_the_same_seed_gives_the_same_county_people_and_passwords(db):
    first, second, other = build_and_roll_back(7), build_and_roll_back(7), build_and_roll_back(8)
    assert first == second
    assert first[0] != other[0] and first[1] != other[1]


def test_the_county_is_fictional_with_towns_villages_and_one_audit_row(demo):
    assert demo.county.code == "990100000000" and "虚构" in demo.county.name
    villages = Unit.objects.filter(level=Level.VILLAGE)
    assert villages.count() == 12
    assert all(code.startswith("99") for code in Unit.objects.values_list("code", flat=True))
    assert Unit.objects.filter(level=Level.TOWN).count() == 2
    assert AuditEntry.objects.filter(action="org.demo.build").count() == 1


def test_every_role_has_one_account_whose_printed_password_works(demo):
    users = {u.username: u for u in get_user_model().objects.select_related("unit")}
    # The demo is one county's deployment: it has no province above it, so no province administrator
    # (that role is exercised by analytics' province tests and by `make province`).
    county_roles = [role for role in Role.values if role != Role.PROVINCE_ADMIN]
    assert sorted(a.role for a in demo.accounts) == sorted(county_roles)
    for account in demo.accounts:
        user = users[account.username]
        assert user.role == account.role and user.unit.code == account.unit_code
        assert user.check_password(account.password)
        assert account.password.startswith(f"demo-{account.role}-")


def test_every_village_has_a_secretary_and_a_director_or_one_person_both(demo):
    current = Term.objects.filter(ended_on__isnull=True)
    for village in Unit.objects.filter(level=Level.VILLAGE):
        posts = set(current.filter(village=village).values_list("body", "post"))
        assert (Body.BRANCH_COMMITTEE, PostKind.SECRETARY) in posts
        assert (Body.VILLAGERS_COMMITTEE, PostKind.DIRECTOR) in posts
        assert (Body.SUPERVISION_COMMITTEE, PostKind.CHAIR) in posts


def test_the_supervision_committee_never_includes_a_villagers_committee_member(demo):
    terms = list(Term.objects.all())
    supervising = {(t.village_id, t.person_id) for t in terms if t.body == "supervision_committee"}
    committee = {(t.village_id, t.person_id) for t in terms if t.body == "villagers_committee"}
    assert supervising and committee and not supervising & committee


def test_every_term_passes_the_term_rules_against_all_the_others(demo):
    facts = [
        (t.village_id, rules.TermFacts(t.person_id, t.body, t.post, t.started_on, t.ended_on))
        for t in Term.objects.all()
    ]
    for village, new in facts:
        others = [f for v, f in facts if v == village and f is not new]
        rules.check_term(
            new,
            [f for f in others if f.person_id == new.person_id],
            [f for f in others if (f.body, f.post) == (new.body, new.post)],
        )


def test_current_cadres_are_28_to_62_and_most_committees_have_a_woman(demo):
    current = Term.objects.filter(ended_on__isnull=True).select_related("person")
    ages = {rules.age_on(t.person.birth_date, demo_day()) for t in current}
    assert min(ages) >= 28 and max(ages) <= 62
    for village in Unit.objects.filter(level=Level.VILLAGE):
        genders = set(
            current.filter(village=village, body="villagers_committee").values_list(
                "person__gender", flat=True
            )
        )
        assert "female" in genders


def demo_day():
    from openvillage.org.demo import REFERENCE_DAY

    return REFERENCE_DAY


def test_no_table_holds_a_clear_id_number_and_the_hashes_match(demo):
    sample = demo.id_numbers_sample
    assert len(sample) == 50
    assert all(validate_id_number(n) == n and n.startswith("99") for n in sample)
    assert dump_contains(sample) == []
    assert Person.objects.filter(id_hash__in=[id_hash(n) for n in sample]).count() == 50


def test_demo_if_empty_does_nothing_on_a_database_with_units(demo):
    before = (Unit.objects.count(), Person.objects.count())
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "already has administrative units" in out.getvalue()
    assert (Unit.objects.count(), Person.objects.count()) == before
    with pytest.raises(CommandError):
        call_command("demo", stdout=StringIO())


def test_the_demo_command_prints_every_account_and_password(db):
    out = StringIO()
    call_command("demo", "--villages", "3", "--households", "5", "--seed", "1", stdout=out)
    for role in Role.values:
        if role != Role.PROVINCE_ADMIN:  # no province above the demo county
            assert role in out.getvalue()
    assert "demo-county_admin-" in out.getvalue()


def test_a_second_make_run_reprints_the_accounts_that_keep_their_demo_password(db):
    call_command("demo", "--villages", "2", "--households", "3", "--seed", "7", stdout=StringIO())
    from django.contrib.auth import get_user_model

    changed = get_user_model().objects.get(username="town_officer")
    changed.set_password("a-new-secret-1234")
    changed.save()
    out = StringIO()
    call_command("demo", "--if-empty", "--seed", "7", stdout=out)
    assert "demo-county_admin-" in out.getvalue()
    assert "demo-town_officer-" not in out.getvalue()


def test_every_demo_account_has_its_own_name_shown_instead_of_the_sign_in_name(demo):
    from django.contrib.auth import get_user_model

    names = list(get_user_model().objects.values_list("first_name", flat=True))
    assert all(names) and len(set(names)) == len(names)
