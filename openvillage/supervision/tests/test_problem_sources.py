"""Problems from every source through one service (issue 14, item 2): a campaign item, a late
disclosure, a supervision flag on a decision step. Each source's app registers a
``ProblemSource`` with the page-extra slot of its record's page; supervision puts the button
there. Raised once per record, refused a second time and out of scope, linked back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from openvillage.core import extensions
from openvillage.core.clock import local_today
from openvillage.core.errors import WrongState
from openvillage.supervision import services
from openvillage.supervision.models import Problem

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
BUTTON = "列入问题清单"


def _campaign_item(cast, county, village):
    from openvillage.campaigns.models import Campaign, Item

    campaign = Campaign.objects.create(
        county=county, name="五清强基专项行动", starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )  # fmt: skip
    item = Item.objects.create(
        campaign=campaign, village=village, unit_path=village.path, target="idle_assets",
        title="闲置村部老仓库长期无人使用",
    )  # fmt: skip
    return item.pk, reverse("campaigns-item", args=[item.pk])


def _red_card(cast, county, village):
    from openvillage.campaigns.models import Campaign, CampaignVillage, RedCard

    campaign = Campaign.objects.create(
        county=county, name="五清强基专项行动", starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )  # fmt: skip
    taking_part = village if village.level == "village" else village.children.first()
    CampaignVillage.objects.create(campaign=campaign, village=taking_part or village)
    card = RedCard.objects.create(
        campaign=campaign, unit=village, unit_path=village.path, reason="false_report",
        detail="抽查发现虚报整改进度", shown_on=local_today(),
    )  # fmt: skip
    return card.pk, reverse("campaigns-board", args=[campaign.pk])


def _late_due(cast, county, village):
    from openvillage.disclosure.models import Due

    deadline = local_today() - timedelta(days=40)
    due = Due.objects.create(
        village=village, unit_path=village.path, matter="finance_monthly", label="2026-01",
        period_start=date(2026, 1, 1), period_end=date(2026, 1, 31), deadline=deadline,
    )  # fmt: skip
    return due.pk, reverse("staff-disclosure-due", args=[due.pk])


def _step_flag(cast, county, village):
    from openvillage.decisions import services as decisions
    from openvillage.decisions.tests.conftest import branch, person, record, term

    for name, body, post in (
        ("李书记", "branch_committee", "secretary"),
        ("王副书记", "branch_committee", "deputy_secretary"),
        ("赵委员", "branch_committee", "committee_member"),
        ("陈主任", "villagers_committee", "director"),
    ):
        term(village, person(village, name, "full"), body, post)
    case = decisions.case_open(
        actor=cast["vic"], village=village, power_code="major_decision", amount=None,
        description="修缮村道",
    )  # fmt: skip
    day = local_today()
    first = record(cast["vic"], case, branch(day))
    flag = decisions.step_flag(actor=cast["sue"], record=first, reason="没有签到表")
    return flag.pk, reverse("decisions-case", args=[case.pk])


SOURCES = {
    "campaign_item": _campaign_item,
    "late_disclosure": _late_due,
    "decision_flag": _step_flag,
    "red_card": _red_card,
}


@pytest.fixture(params=sorted(SOURCES))
def source(request, cast, county, village_a1):
    object_id, page = SOURCES[request.param](cast, county, village_a1)
    return request.param, object_id, page


def _raise_url(name, object_id):
    return reverse("supervision-from-source", args=[name, object_id])


def test_every_source_with_a_slot_has_its_button_registered():
    slots = {(e.slot, e.name) for e in extensions.page_extras}
    for source in extensions.problem_sources:
        if source.slot:
            assert (source.slot, f"supervision.from_{source.name}") in slots
    assert {"campaign_item", "late_disclosure", "decision_flag", "red_card"} <= {
        s.name for s in extensions.problem_sources if s.slot
    }


def test_the_town_raises_the_record_once_from_its_page_and_the_problem_links_back(
    client, cast, village_a1, source
):
    name, object_id, page = source
    client.force_login(cast["tom"])
    html = client.get(page, **ZH).content.decode()
    assert BUTTON in html and _raise_url(name, object_id) in html
    response = client.post(_raise_url(name, object_id), {"severity": "serious"}, **ZH)
    problem = Problem.objects.get()
    assert response["Location"] == reverse("supervision-problem", args=[problem.pk])
    assert (problem.source, problem.source_id, problem.village) == (name, object_id, village_a1)
    assert problem.issuer == cast["tom"].unit and problem.severity == "serious"
    # The source page now shows the problem it became; the problem's page links back to it,
    # its source labelled in Chinese.
    html = client.get(page, **ZH).content.decode()
    assert "该记录已列入问题清单" in html and _raise_url(name, object_id) not in html
    html = client.get(reverse("supervision-problem", args=[problem.pk]), **ZH).content.decode()
    label = {"campaign_item": "专项行动事项", "late_disclosure": "公开不及时",
             "decision_flag": "决策步骤监督标记", "red_card": "专项行动红牌"}[name]  # fmt: skip
    assert f'href="{page}"' in html and label in html


def test_a_second_raise_of_the_same_record_is_refused(client, cast, village_a1, source):
    name, object_id, page = source
    client.force_login(cast["tom"])
    client.post(_raise_url(name, object_id), {"severity": "general"}, **ZH)
    response = client.post(_raise_url(name, object_id), {"severity": "general"}, follow=True, **ZH)
    assert "该记录已列入问题清单" in response.content.decode()
    assert Problem.objects.count() == 1
    with pytest.raises(WrongState):
        services.problem_raise(
            actor=cast["sam"], village=village_a1, title="x", severity="general", source=name,
            source_id=object_id,
        )  # fmt: skip


def test_out_of_scope_and_roles_that_may_not_raise_are_refused(client, cast, source):
    name, object_id, page = source
    client.force_login(cast["tina"])  # another town
    assert client.post(_raise_url(name, object_id), {"severity": "general"}).status_code == 404
    client.force_login(cast["vic"])  # the village clerk reads the record but raises nothing
    assert _raise_url(name, object_id) not in client.get(page, **ZH).content.decode()
    assert client.post(_raise_url(name, object_id), {"severity": "general"}).status_code == 403
    assert not Problem.objects.exists()


def test_the_village_party_organization_may_raise_its_own_record(client, cast, source):
    name, object_id, _page = source
    client.force_login(cast["sam"])  # SUPERVISION_SELF: the village's own self-check
    client.post(_raise_url(name, object_id), {"severity": "general"})
    assert Problem.objects.get().issuer == cast["sam"].unit


def test_a_disclosure_not_yet_late_offers_no_button_and_is_refused(client, cast, village_a1):
    from openvillage.disclosure.models import Due

    due = Due.objects.create(
        village=village_a1, unit_path=village_a1.path, matter="finance_monthly",
        label="2026-02", period_start=date(2026, 2, 1), period_end=date(2026, 2, 28),
        deadline=local_today() + timedelta(days=3),
    )  # fmt: skip
    client.force_login(cast["tom"])
    html = client.get(reverse("staff-disclosure-due", args=[due.pk]), **ZH).content.decode()
    assert BUTTON not in html
    response = client.post(
        _raise_url("late_disclosure", due.pk), {"severity": "general"}, follow=True, **ZH
    )
    assert "该记录现在不能列入问题清单" in response.content.decode()
    assert not Problem.objects.exists()


def test_a_town_red_card_or_a_withdrawn_one_offers_no_button(
    client, cast, county, town_a, village_a1
):
    from openvillage.campaigns.models import RedCard

    card_id, board = _red_card(cast, county, town_a)  # shown to the town: not a village problem
    client.force_login(cast["tom"])
    assert BUTTON not in client.get(board, **ZH).content.decode()
    assert client.post(_raise_url("red_card", card_id), {"severity": "general"}).status_code == 404
    card_id, board = _red_card(cast, county, village_a1)
    RedCard.objects.filter(pk=card_id).update(withdrawn_on=local_today())
    response = client.post(
        _raise_url("red_card", card_id), {"severity": "general"}, follow=True, **ZH
    )
    assert "该记录现在不能列入问题清单" in response.content.decode()
    assert not Problem.objects.exists()


def test_an_unknown_source_or_record_is_not_found(client, cast):
    client.force_login(cast["tom"])
    assert client.post(_raise_url("nothing", 1), {"severity": "general"}).status_code == 404
    assert client.post(_raise_url("campaign_item", 999999)).status_code == 404
    # A built-in source without a page (an inspection) has no button to post to.
    assert client.post(_raise_url("inspection", 1)).status_code == 404
