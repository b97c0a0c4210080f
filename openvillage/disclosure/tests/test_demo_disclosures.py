"""The demo disclosures: published through the services, in the ledger, adding up, masked."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import transaction

from openvillage.core.crypto import unseal
from openvillage.core.masking import find_clear_id_numbers, find_personal_numbers
from openvillage.disclosure.demo import build_demo_disclosures
from openvillage.disclosure.models import Item, ItemVersion, State
from openvillage.disclosure.rules.statement import parse_statement
from openvillage.org.demo import build_demo

SMALL = {"villages": 3, "households_per_village": 3}


@pytest.fixture
def demo(db):
    county = build_demo(seed=2026, **SMALL)
    counts = build_demo_disclosures(seed=2026, villages=2)
    return county, counts


def version_text(version: ItemVersion) -> str:
    return json.dumps(
        [version.title, version.body, version.statement, version.people], ensure_ascii=False
    )


def test_items_are_published_in_two_villages_each_with_a_ledger_entry(demo):
    from openvillage.ledger.models import Entry, TreeHead

    _county, counts = demo
    assert counts["villages"] == 2 and counts["items"] >= 10
    villages = set(Item.objects.values_list("village_id", flat=True))
    assert len(villages) == 2
    versions = list(ItemVersion.objects.all())
    assert len(versions) == counts["published_versions"] >= 10
    entries = set(Entry.objects.values_list("pk", flat=True))
    assert all(v.ledger_entry_id in entries for v in versions)
    modules = set(Item.objects.filter(state=State.PUBLISHED).values_list("module", flat=True))
    assert modules == {"finance", "party_affairs", "village_affairs", "services"}
    assert Item.objects.filter(state=State.WITHDRAWN).count() == counts["withdrawals"] >= 1
    assert TreeHead.objects.order_by("-tree_size").first().tree_size == Entry.objects.count()


def test_an_amendment_shows_two_versions_with_its_reason_and_the_diff(demo, client):
    item = Item.objects.filter(versions__number=2).order_by("pk").first()
    assert item.matter == "monthly_finance" and item.published_version == 2
    body = client.get(f"/d/{item.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert item.versions.get(number=2).reason[:20] in body
    assert 'class="add"' in body and 'class="del"' in body


def test_every_finance_statement_adds_up_and_the_balances_carry_over(demo):
    for village_id in set(Item.objects.values_list("village_id", flat=True)):
        items = Item.objects.filter(
            village_id=village_id, matter="monthly_finance", published_version__gt=0
        ).order_by("period_start")
        previous = None
        for item in items:
            statement = item.versions.get(number=item.published_version).statement
            parse_statement(statement)  # raises if a line or a total does not add up
            top = [x for x in statement["lines"] if len(x["account"]) == 3]
            income = sum(x["amount_fen"] for x in top if x["kind"] == "income")
            assert income == statement["income_total_fen"] > 0
            if previous is not None and item.period_start.month == previous[0] % 12 + 1:
                assert statement["opening_balance_fen"] == previous[1]
            previous = (item.period_start.month, statement["closing_balance_fen"])


def test_no_clear_id_number_phone_or_bank_account_in_any_published_version(demo):
    _county, _counts = demo
    clear = [
        unseal(row[f"{key}_sealed"])
        for item in Item.objects.exclude(people=[])
        for row in item.people
        for key in ("phone", "bank_account")
        if row[f"{key}_sealed"]
    ]
    assert clear  # the welfare lists carry phones and bank accounts in the working copy
    texts = [version_text(v) for v in ItemVersion.objects.all()]
    from openvillage.ledger.models import Entry

    texts += list(Entry.objects.values_list("record", flat=True))
    assert [n for n in clear if any(n in t for t in texts)] == []
    assert all(find_clear_id_numbers(t) == [] for t in texts)
    # Ledger records carry SHA-256 hashes, whose digit runs are not numbers.
    assert all(find_personal_numbers(t, hex_safe=True) == [] for t in texts)
    people = [p for v in ItemVersion.objects.exclude(people=[]) for p in v.people]
    # Masked where published; the 低保 and relief lists publish no phone or account at all.
    assert people and all(
        "*" in p.get("phone", "*") and "*" in p.get("bank_account", "*") for p in people
    )
    welfare = ItemVersion.objects.filter(matter="subsidies_and_relief").exclude(people=[])
    assert all("phone" not in p for v in welfare for p in v.people)


def _digest(seed: int) -> str:
    with transaction.atomic():
        build_demo(seed=2026, **SMALL)
        build_demo_disclosures(seed=seed, villages=2)
        versions = ItemVersion.objects.order_by(
            "item__village__code", "matter", "period_start", "title", "number"
        )
        text = "|".join(f"{v.matter} {v.period_start} {version_text(v)}" for v in versions)
        transaction.set_rollback(True)
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_same_seed_gives_the_same_disclosures(db):
    first, second, other = _digest(7), _digest(7), _digest(8)
    assert first == second != other


def test_the_village_page_lists_the_published_items(demo, client):
    item = Item.objects.filter(state=State.PUBLISHED).select_related("village").first()
    body = client.get(f"/v/{item.village.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing published yet" not in body
    titles = Item.objects.filter(village=item.village, state=State.PUBLISHED)
    assert sum(t.title in body for t in titles) >= 4  # the latest of each of the four modules
    assert body.count('href="/d/') >= 4


def test_the_demo_command_runs_the_disclosure_step_it_registered(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "demo", "--villages", "2", "--households", "3", "--disclosure-villages", "1", stdout=out
    )
    text = out.getvalue()
    assert "Published demo disclosures in 1 villages" in text
    assert text.index("Published demo disclosures") < text.index("Demo staff accounts")
    assert Item.objects.values("village").distinct().count() == 1


def test_the_demo_command_can_skip_the_disclosures(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo", "--villages", "1", "--households", "2", "--disclosure-villages", "0",
                 stdout=out)  # fmt: skip
    assert "Published demo disclosures" not in out.getvalue() and not Item.objects.exists()
