"""The audit log reads as sentences: every action the services write has a label in both
languages, and changes show field labels and state labels, never codes."""

import re

import pytest
from django.utils import translation

from openvillage.core import audit_labels
from openvillage.core.audit import audit_log
from openvillage.core.tests.visible_text import english_words, raw_codes

#: Every action code the services write (found at their audit calls).
ACTIONS = [
    "accounts.user.active",
    "accounts.user.create",
    "accounts.user.password",
    "accounts.villager.revoke",
    "accounts.villager.verify_identity_provider",
    "accounts.villager.verify_sms",
    "accounts.villager.verify_in_person",
    "accounts.villager.restore_in_person",
    "core.calendar.load_year",
    "core.calendar.seed",
    "decisions.accountability_add",
    "decisions.case_close",
    "decisions.case_disclosure_submit",
    "decisions.case_open",
    "decisions.flag_answer",
    "decisions.notice_record",
    "decisions.objection_answer",
    "decisions.objection_record",
    "decisions.powerlist_publish",
    "decisions.step_flag",
    "decisions.step_record",
    "decisions.unprocedured_report",
    "decisions.violation_record",
    "disclosure.catalogue_load",
    "disclosure.item_amend",
    "disclosure.item_approve",
    "disclosure.item_attach",
    "disclosure.item_create",
    "disclosure.item_detach",
    "disclosure.item_publish",
    "disclosure.item_return",
    "disclosure.item_submit",
    "disclosure.item_update",
    "disclosure.item_withdraw",
    "elections.candidates.publish",
    "elections.candidates.set",
    "elections.general.open",
    "elections.nomination.record",
    "elections.objection.decide",
    "elections.objection.file",
    "elections.observer.assign",
    "elections.observer.report",
    "elections.proxies.publish",
    "elections.proxy.record",
    "elections.relative.declare",
    "elections.result.publish",
    "elections.review.record",
    "elections.roll.add",
    "elections.roll.build",
    "elections.roll.exclude",
    "elections.roll.publish",
    "elections.roll.remove",
    "elections.round.count",
    "elections.round.open",
    "elections.seats.set",
    "elections.secretary.approve",
    "elections.secretary.record",
    "elections.station.add",
    "elections.talk.record",
    "elections.tally.first",
    "elections.tally.resolve",
    "elections.tally.second",
    "elections.violation.close",
    "elections.violation.file",
    "elections.violation.route",
    "feedback.message.escalate",
    "feedback.message.hide",
    "feedback.message.note",
    "feedback.message.post",
    "feedback.message.rate",
    "feedback.message.reassign",
    "feedback.message.reopen",
    "feedback.message.reply",
    "feedback.topic.confirm",
    "feedback.topic.correct",
    "ledger.audit_failed",
    "org.demo",
    "org.household.create",
    "org.import",
    "org.party_organization.create",
    "org.person.create",
    "org.person.update",
    "org.roll.add",
    "org.term.end",
    "org.term.start",
    "org.unit.create",
]


@pytest.mark.parametrize("code", ACTIONS)
def test_every_action_has_a_label_in_chinese_and_in_english(code):
    with translation.override("zh-hans"):
        chinese = audit_labels.action_label(code)
    with translation.override("en"):
        english = audit_labels.action_label(code)
    assert chinese != code and english != code
    assert not re.search(r"[A-Za-z]{3,}", chinese), chinese
    assert not re.search(r"[\u4e00-\u9fff]", english), english


def test_the_write_path_s_registry_wins_and_old_codes_show_its_label():
    from openvillage.core import audit

    with translation.override("zh-hans"):
        registered = audit.action_label("disclosure.item.publish")
        assert audit_labels.action_label("disclosure.item.publish") == registered
        assert audit_labels.action_label("disclosure.item_publish") == registered


def test_an_action_the_registry_does_not_know_is_the_object_and_the_verb():
    with translation.override("zh-hans"):
        assert audit_labels.action_label("org.person.remove") == "人员：移除"
    with translation.override("en"):
        assert audit_labels.action_label("org.person.remove") == "Person: removed"


def test_an_unknown_action_shows_as_itself():
    assert audit_labels.action_label("weather.rain_fall") == "weather.rain_fall"


def test_the_audit_page_in_chinese_shows_labels_of_actions_fields_and_states(
    client, cast, village_a1
):
    from openvillage.disclosure import services
    from openvillage.disclosure.models import State
    from openvillage.disclosure.tests.conftest import content

    draft = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    audit_log(
        actor=cast["vic"],
        action="disclosure.item.submit",
        obj=draft,
        unit_path=draft.unit_path,
        changes={"state": ["draft", "submitted"]},
        note="version 2",
    )
    client.force_login(cast["alice"])
    html = client.get("/staff/audit/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    with translation.override("zh-hans"):
        assert audit_labels.action_label("disclosure.item.submit") in html
    with translation.override("zh-hans"):
        assert f"{State.DRAFT.label} → {State.SUBMITTED.label}" in html
    assert "第 2 版" in html
    assert raw_codes(html) == []
    fixture_names = ("Vic", "Village", "Town")  # the units' names in the filter are fixture data
    assert [w for w in english_words(html) if w not in fixture_names] == []


def test_decision_steps_in_the_audit_log_read_in_words(client, cast, village_a1):
    audit_log(
        actor=cast["vic"],
        action="decisions.step.record",
        object_type="decisions.steprecord",
        object_id="1",
        object_label="步骤记录",
        unit_path=village_a1.path,
        changes={"outcome": ["", "no_quorum"]},
        note="case 3 step proposal",
    )
    audit_log(
        actor=cast["vic"],
        action="decisions.violation.report_unprocedured",
        object_type="decisions.violation",
        object_id="2",
        object_label="举报",
        unit_path=village_a1.path,
        note="asset_lease",
    )
    client.force_login(cast["alice"])
    html = client.get("/staff/audit/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "未达到到会人数" in html
    assert "第 3 号事项，步骤：提议" in html
    assert "集体资产资源发包、租赁" in html
    assert raw_codes(html) == []


def test_entries_of_the_system_and_of_villagers_read_in_words(client, cast, village_a1):
    """What the crawl of the demo found in Chinese: "system" and "villager 7" as actors,
    "message 4" as object, the voter roll's counts, a villager's message's fields, yes/no, a
    problem's source and "200 villages" as a note."""
    audit_log(
        actor="villager 7",
        action="feedback.message.post",
        object_type="feedback.message",
        object_id="4",
        object_label="message 4",
        unit_path=village_a1.path,
        changes={"villager": [None, 7], "anonymous": [None, False], "named": [None, None]},
    )
    audit_log(
        actor="system",
        action="supervision.problem.raise",
        object_type="supervision.problem",
        object_id="1",
        object_label="三会一课记录缺失",
        unit_path=village_a1.path,
        changes={"source": [None, "inspection"]},
    )
    audit_log(
        actor=cast["vic"],
        action="elections.roll.build",
        object_type="elections.villageelection",
        object_id="1",
        object_label="泉柏村 · 村民委员会",
        unit_path=village_a1.path,
        changes={"added": [None, 98], "under_age": [None, 18], "needs_conditions": [None, 40]},
        note="200 villages",
    )
    client.force_login(cast["alice"])
    html = client.get("/staff/audit/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "村民 7" in html and "系统" in html and "留言 4" in html
    assert "选举日未满十八周岁" in html and "200 个村" in html and "否" in html
    from openvillage.core.extensions import problem_sources

    with translation.override("zh-hans"):
        assert f"— → {problem_sources.get('inspection').label}" in html
    assert raw_codes(html) == []
    fixture_names = ("Vic", "Village", "Town")
    assert [w for w in english_words(html) if w not in fixture_names] == []
    # The export says the same.
    sheet = client.get("/staff/audit/export.csv", HTTP_ACCEPT_LANGUAGE="zh-CN").content
    assert "村民 7" in sheet.decode("utf-8-sig") and "留言 4" in sheet.decode("utf-8-sig")
