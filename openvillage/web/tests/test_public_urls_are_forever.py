"""The paths printed on notice boards and linked from outside never move, whichever app
registers them (ARCHITECTURE.md, "Public URLs are forever")."""

import pytest
from django.urls import resolve, reverse

CODE = "990100001001"

FOREVER = [
    ("public-home", [], "/"),
    ("village-home", [CODE], f"/v/{CODE}/"),
    ("disclosure-module", [CODE, "finance"], f"/v/{CODE}/finance/"),
    ("village-qr-svg", [CODE], f"/v/{CODE}/qr.svg"),
    ("village-qr-png", [CODE], f"/v/{CODE}/qr.png"),
    ("village-poster", [CODE], f"/v/{CODE}/poster.pdf"),
    ("disclosure-item", [7], "/d/7/"),
    ("disclosure-feed", [CODE], f"/v/{CODE}/feed.atom"),
    ("feedback-village", [CODE], f"/v/{CODE}/messages/"),
    ("feedback-new", [CODE], f"/v/{CODE}/messages/new/"),
    ("feedback-item", [7], "/d/7/messages/"),
    ("decisions-public-cases", [CODE], f"/v/{CODE}/cases/"),
    ("elections-public", [CODE], f"/v/{CODE}/election/"),
    ("villager-join", [CODE], f"/v/{CODE}/join/"),
    ("villager-me", [], "/me/"),
    ("ledger-index", [], "/ledger/"),
    ("ledger-entry", [3], "/ledger/entry/3/"),
    ("staff-disclosure", [], "/staff/disclosure/"),
    ("staff-town-posters", ["990100001000"], "/staff/units/990100001000/posters.pdf"),
    ("feedback-inbox", [], "/staff/feedback/"),
    ("decisions-cases", [], "/staff/decisions/cases/"),
    ("elections-list", [], "/staff/elections/"),
    ("staff-villagers", ["990100001000"], "/staff/units/990100001000/villagers/"),
]


@pytest.mark.parametrize(("name", "args", "url"), FOREVER)
def test_a_public_path_keeps_its_name_and_place(name, args, url):
    assert reverse(name, args=args) == url
    assert resolve(url).url_name == name
