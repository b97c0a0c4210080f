"""Rule codes are never shown bare on election pages: each comes with its text in the reader's
language (rule_labels.py)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from openvillage.elections import models, services
from openvillage.elections.rule_labels import RULES, rule_text
from openvillage.elections.tests.conftest import to_candidates, two_entries

FIGURES6 = {"voters_voted": 6, "ballots_issued": 6, "ballots_collected": 6, "invalid_ballots": 0}


@pytest.mark.parametrize(
    ("codes", "english", "chinese"),
    [
        ("V27", "no more ballots collected than voters (V27)", "收回选票不多于投票人数（V27）"),
        (
            "V27, V28",
            "no more ballots collected than voters (V27); more than half of the registered "
            "voters voted (V28)",
            "收回选票不多于投票人数（V27）；登记选民过半数参加投票（V28）",
        ),
        (
            "P7",
            "more than four fifths of members present (P7)",
            "到会人数超过应到会人数的五分之四（P7）",
        ),
    ],
)
def test_rule_codes_come_with_their_text_in_both_languages(codes, english, chinese):
    with translation.override("en"):
        assert rule_text(codes) == english
    with translation.override("zh-hans"):
        assert rule_text(codes) == chinese


def test_a_range_of_rules_is_spelled_out():
    with translation.override("en"):
        text = rule_text("V34-V36, V40")
    assert [c for c in re.findall(r"\((\w+)\)", text)] == ["V34", "V35", "V36", "V40"]


def test_every_rule_a_count_can_decide_has_a_label():
    decided = [
        "V15",
        "V27",
        "V28",
        "V34",
        "V35",
        "V36",
        "V40",
        "V41",
        "V42",
        "V43",
        "V44",
        "P7",
        "P9",
        "P10",
        "P12",
        "P13",
        "P14",
    ]
    assert [code for code in decided if code not in RULES] == []


@pytest.fixture
def counted(cast, vc, people):
    models.VillageElection.objects.filter(pk=vc.pk).update(seats={"director": 1, "member": 2})
    vc.refresh_from_db()
    first = to_candidates(
        cast, vc, people, {"director": ["Chen", "Li"], "member": ["Wang", "Zhao", "Sun"]}
    )
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    two_entries(cast, first, hall, "director", FIGURES6, {"Chen": 4, "Li": 2})
    two_entries(cast, first, hall, "member", FIGURES6, {"Wang": 5, "Zhao": 4, "Sun": 1})
    return services.round_count(actor=cast["vic"], round=first)


def test_the_counted_round_shows_its_rules_by_text_on_the_chinese_staff_page(
    cast, vc, counted, client
):
    client.force_login(cast["vic"])
    page = client.get(f"/staff/elections/{vc.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert (
        "收回选票不多于投票人数" in text
        and "（V27）" not in text
        and 'title="规则 V27; V28"' in text
    )
    assert "V27, V28" not in text


def test_a_refusal_names_the_post_by_its_label_not_its_code(cast, vc):
    from openvillage.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        services.election_seats_set(
            actor=cast["vic"], election=vc, seats={"director": 1, "women_member": 1, "member": 1}
        )
    with translation.override("zh-hans"):
        text = refused.value.translated()
    assert text == "本次选举未设职务 妇女委员。"
    assert "women_member" not in text
