"""The disclosure catalogue as data: default content and validation (disclosure.md §5, §6)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from openvillage.core.errors import InvalidInput
from openvillage.disclosure.rules.catalogue import (
    DEFAULT_CATALOGUE_PATH,
    MODULE_SLUGS,
    Cadence,
    DeadlineKind,
    DeadlineRule,
    default_catalogue,
    load_catalogue_text,
    parse_catalogue,
)

K1 = DeadlineRule(DeadlineKind.DAY_OF_MONTH, day=20, months_after_period=1)
K2 = DeadlineRule(DeadlineKind.DAY_OF_MONTH, day=15, months_after_period=1)


def raw() -> dict[str, Any]:
    data = yaml.safe_load(DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_default_catalogue_has_10_categories_and_15_matters_in_4_modules() -> None:
    catalogue = default_catalogue()
    assert (catalogue.version, catalogue.region) == ("2026.1", "default")
    assert len(catalogue.categories) == 10
    assert len(catalogue.matters) == 15
    assert {m.code: m.slug for m in catalogue.modules} == dict(MODULE_SLUGS)
    assert catalogue.module_by_slug("affairs").code == "village_affairs"
    assert [c.code for c in catalogue.categories_of("finance")] == [
        "finance_accounts",
        "collective_assets",
    ]


def test_every_matter_has_a_chinese_and_an_english_name_and_a_schedule() -> None:
    for matter in default_catalogue().matters:
        assert matter.name.zh and matter.name.en
        assert matter.schedule
        assert matter.legal_basis


@pytest.mark.parametrize(
    ("code", "cadences"),
    [
        ("party_dues_and_activities", [Cadence.QUARTERLY]),
        ("monthly_finance", [Cadence.MONTHLY]),
        ("asset_resource_register", [Cadence.YEARLY, Cadence.ON_CHANGE]),
        ("major_decision", [Cadence.PER_CASE, Cadence.PER_CASE]),
        ("project", [Cadence.BY_STAGE]),
        ("land_and_homestead", [Cadence.IMMEDIATE, Cadence.QUARTERLY]),
    ],
)
def test_matters_carry_their_cadences(code: str, cadences: list[Cadence]) -> None:
    assert [o.cadence for o in default_catalogue().matter(code).schedule] == cadences


def test_deadline_rules_of_the_default_catalogue() -> None:
    catalogue = default_catalogue()
    assert catalogue.matter("party_dues_and_activities").schedule[0].deadline == K1
    assert catalogue.matter("monthly_finance").schedule[0].deadline == K2
    immediate = catalogue.matter("land_and_homestead").schedule[0]
    assert immediate.deadline == DeadlineRule(DeadlineKind.WORKING_DAYS, days=3)  # K3
    change = catalogue.matter("asset_resource_register").schedule[1]
    assert (change.event, change.deadline.days) == ("change", 5)  # K5
    payment = catalogue.matter("income_distribution").schedule[0]
    assert payment.deadline == DeadlineRule(DeadlineKind.DAYS_BEFORE_EVENT, days=5)
    assert payment.publicity_days == 5
    assert catalogue.matter("subsidies_and_relief").schedule[0].publicity_days == 7  # K8


def test_defaults_apply_unless_the_matter_overrides_them() -> None:
    catalogue = default_catalogue()
    finance = catalogue.matter("monthly_finance")
    assert finance.publisher_role == "village_clerk"
    assert finance.approver_role == "supervision_member"
    assert finance.channels == ("notice_board", "qr_code")
    assert finance.masking_profile == "standard"
    assert finance.retention_years is None
    party = catalogue.matter("member_development")
    assert (party.publisher_role, party.approver_role) == ("village_secretary", None)
    assert party.module == "party_affairs" and party.slug == "party"


def first_matter(data: dict[str, Any]) -> dict[str, Any]:
    matter = data["categories"][0]["matters"][0]
    assert isinstance(matter, dict)
    return matter


def monthly(data: dict[str, Any]) -> dict[str, Any]:
    matter = data["categories"][2]["matters"][0]
    assert matter["code"] == "monthly_finance"
    assert isinstance(matter, dict)
    return matter


Edit = Callable[[dict[str, Any]], None]


@pytest.mark.parametrize(
    ("edit", "matter", "field"),
    [
        (
            lambda d: monthly(d)["schedule"][0].update(cadence="weekly"),
            "monthly_finance",
            "schedule[0].cadence",
        ),
        (
            lambda d: monthly(d)["schedule"][0].pop("deadline"),
            "monthly_finance",
            "schedule[0].deadline",
        ),
        (
            lambda d: monthly(d)["schedule"][0]["deadline"].update(day=32),
            "monthly_finance",
            "schedule[0].deadline.day",
        ),
        (
            lambda d: monthly(d)["schedule"][0]["deadline"].pop("months_after_period"),
            "monthly_finance",
            "schedule[0].deadline.months_after_period",
        ),
        (
            lambda d: monthly(d)["schedule"][0].update(deadline={"working_days": 3}),
            "monthly_finance",
            "schedule[0].deadline.working_days",
        ),
        (
            lambda d: monthly(d)["schedule"][0]["deadline"].update(calendar_days=3),
            "monthly_finance",
            "schedule[0].deadline.(form)",
        ),
        (
            lambda d: first_matter(d)["schedule"][0].update(deadline={"day": 20}),
            "party_organization_duties",
            "schedule[0].deadline.day",
        ),
        (
            lambda d: first_matter(d)["schedule"][0].update(deadline={"working_days": 0}),
            "party_organization_duties",
            "schedule[0].deadline.working_days",
        ),
        (
            lambda d: monthly(d)["schedule"][0].update(event="payment"),
            "monthly_finance",
            "schedule[0].event",
        ),
        (lambda d: monthly(d).update(level="county"), "monthly_finance", "level"),
        (lambda d: monthly(d).update(channels=["tv"]), "monthly_finance", "channels[0]"),
        (lambda d: monthly(d).update(masking_profile="none"), "monthly_finance", "masking_profile"),
        (lambda d: monthly(d).update(cadence="monthly"), "monthly_finance", "cadence"),
        (lambda d: monthly(d).pop("legal_basis"), "monthly_finance", "legal_basis"),
        (lambda d: monthly(d)["name"].pop("zh"), "monthly_finance", "name.zh"),
        (lambda d: monthly(d)["name"].update(en=" "), "monthly_finance", "name.en"),
        (lambda d: monthly(d).update(schedule=[]), "monthly_finance", "schedule"),
        (
            lambda d: monthly(d)["schedule"].extend(
                [{"cadence": "on_change", "deadline": {"calendar_days": 5}}] * 2
            ),
            "monthly_finance",
            "schedule",
        ),
    ],
)
def test_an_invalid_matter_is_refused_naming_the_matter_and_the_field(
    edit: Edit, matter: str, field: str
) -> None:
    data = copy.deepcopy(raw())
    edit(data)
    with pytest.raises(InvalidInput) as caught:
        parse_catalogue(data)
    assert caught.value.params["matter"] == matter
    assert caught.value.field == field
    assert matter in str(caught.value)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d.update(version=1.1), "version"),
        (lambda d: d.pop("region"), "region"),
        (lambda d: d.update(effective_date="2026-02-30"), "effective_date"),
        (lambda d: d["modules"][0].update(slug="party_affairs"), "slug"),
        (lambda d: d["modules"].pop(), "modules"),
        (lambda d: d["categories"][1].update(module="economy"), "module"),
        (lambda d: d["categories"][1].update(code="party_organization"), "categories"),
        (
            lambda d: d["categories"][1]["matters"].append(copy.deepcopy(first_matter(d))),
            "matters",
        ),
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d["defaults"].update(retention_years=0), "retention_years"),
    ],
)
def test_an_invalid_catalogue_is_refused_naming_the_field(edit: Edit, field: str) -> None:
    data = copy.deepcopy(raw())
    edit(data)
    with pytest.raises(InvalidInput) as caught:
        parse_catalogue(data)
    assert caught.value.field == field


def test_a_matter_without_defaults_must_name_every_setting() -> None:
    data = copy.deepcopy(raw())
    del data["defaults"]
    with pytest.raises(InvalidInput) as caught:
        parse_catalogue(data)
    assert caught.value.field == "channels"  # the first missing, in alphabetical order


def test_last_day_of_month_is_spelled_last() -> None:
    data = copy.deepcopy(raw())
    monthly(data)["schedule"][0]["deadline"] = {"day": "last", "months_after_period": 1}
    rule = parse_catalogue(data).matter("monthly_finance").schedule[0].deadline
    assert rule == DeadlineRule(DeadlineKind.DAY_OF_MONTH, day=31, months_after_period=1)


def test_yaml_syntax_errors_are_invalid_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_catalogue_text("version: [unclosed\n")
    assert caught.value.field == "catalogue"


def test_a_catalogue_round_trips_through_yaml_text() -> None:
    text = DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8")
    assert load_catalogue_text(text) == default_catalogue()
