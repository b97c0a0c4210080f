"""Inspection checklists are rule-set data with labels in both languages, shown on a round."""

from datetime import date

import pytest
from django.utils import translation

from openvillage.core.schemas import ConfigInvalid
from openvillage.supervision import services
from openvillage.supervision.checklist_store import CHECKLISTS, items_for


def test_the_shipped_checklists_parse_with_both_labels():
    data = CHECKLISTS.parse(CHECKLISTS.default_text(), "default.yaml")
    assert data.region == "default" and len(data.levels.town) == 6


def test_a_typing_mistake_is_refused():
    with pytest.raises(ConfigInvalid):
        CHECKLISTS.parse(
            "region: x\nversion: '1'\nlevels: {village: [], town: [], cnty: []}\n", "f"
        )


def test_the_labels_follow_the_language(db):
    with translation.override("zh-hans"):
        assert items_for("town")[0][1] == "依法履职情况"
    with translation.override("en"):
        assert items_for("town")[0][1] == "Lawful performance of duties"


def test_the_round_page_lists_its_checklist(client, cast):
    round_ = services.round_create(
        actor=cast["tom"], unit=cast["tom"].unit, mode="inspection", title="巡察",
        started_on=date(2026, 3, 1),
    )  # fmt: skip
    client.force_login(cast["tom"])
    page = client.get(f"/staff/supervision/rounds/{round_.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "廉洁自律情况" in page.content.decode()
