"""Nominations and proxies are recorded by typing a name (the people picker), not a person
number; namesakes are refused with their masked IDs to choose from (issue 12, item 3)."""

from __future__ import annotations

from openvillage.elections import services


def test_a_nomination_is_recorded_by_name(cast, vc, people, client):
    services.roll_build(actor=cast["vic"], election=vc)
    services.roll_publish(actor=cast["vic"], election=vc)
    client.force_login(cast["vic"])
    page = client.get(f"/staff/elections/{vc.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "人员编号" not in page.content.decode()
    assert "data-pick" in page.content.decode()
    client.post(
        f"/staff/elections/{vc.pk}/nomination/",
        {"post": "director", "person": "Chen", "votes": 12},
    )
    assert vc.nominations.get().person == people["Chen"]


def test_an_unknown_name_is_refused_naming_the_field(cast, vc, people, client):
    services.roll_build(actor=cast["vic"], election=vc)
    services.roll_publish(actor=cast["vic"], election=vc)
    client.force_login(cast["vic"])
    page = client.post(
        f"/staff/elections/{vc.pk}/proxy/",
        {"principal": "Zhou", "proxy": "Nobody", "relationship": "spouse", "written": "on"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
        follow=True,
    )
    text = page.content.decode()
    assert "Nobody" in text and "本村没有登记" in text
    assert vc.proxies.count() == 0
