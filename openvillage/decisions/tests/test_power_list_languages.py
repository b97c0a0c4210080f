"""The power list speaks both languages: names, legal bases and risk points are ``{zh, en}``
data in the YAML, shown in the reader's language; its staff page in Chinese shows no code and no
English word."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from django.utils import translation

from openvillage.core.tests.visible_text import english_words, raw_codes
from openvillage.decisions.rules import DEFAULT_POWER_LIST, validate_power_list
from openvillage.decisions.rules.powerlist import Text, load_power_list

RAW = yaml.safe_load(DEFAULT_POWER_LIST.read_text(encoding="utf-8"))
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _texts(data) -> list[object]:
    texts: list[object] = []
    for procedure in data["procedures"].values():
        texts.append(procedure["name"])
        texts += [step["name"] for step in procedure["steps"] if "name" in step]
    for power in data["powers"]:
        texts += [power["name"], power["legal_basis"], *power.get("risk_points", [])]
    return texts


def test_every_name_legal_basis_and_risk_point_of_the_shipped_list_is_in_both_languages():
    texts = _texts(RAW)
    assert len(texts) > 150
    for text in texts:
        assert isinstance(text, dict) and set(text) == {"zh", "en"}, text
        assert not LATIN_WORD.search(text["zh"]), text
        assert not HAN.search(text["en"]), text


def test_a_name_is_shown_in_the_active_language():
    power_list = load_power_list(RAW)
    power = power_list.power("major_decision")
    with translation.override("zh-hans"):
        assert str(power.name) == "村级重大事项决策"
        assert str(power.risk_points[0]) == "拆分事项规避程序"
    with translation.override("en"):
        assert str(power.name) == "village major matter decision"
        assert str(power.legal_basis).startswith("Organic Law Art. 24")


def test_plain_text_is_still_accepted_and_shown_in_both_languages():
    data = copy.deepcopy(RAW)
    data["powers"][0]["name"] = "村级重大事项"
    assert validate_power_list(data) == []
    assert load_power_list(data).powers[0].name == Text("村级重大事项", "村级重大事项")


@pytest.mark.parametrize(
    "name", [{"zh": "村级重大事项"}, {"zh": "", "en": "x"}, {"zh": "村", "en": "x", "fr": "y"}]
)
def test_a_name_missing_a_language_is_refused_naming_the_field(name):
    data = copy.deepcopy(RAW)
    data["powers"][0]["name"] = name
    problems = validate_power_list(data)
    assert [(p.power, p.field) for p in problems] == [("major_decision", "name")]


def test_a_risk_point_missing_a_language_is_refused():
    data = copy.deepcopy(RAW)
    data["powers"][0]["risk_points"] = [{"en": "step skipped"}]
    assert [p.field for p in validate_power_list(data)] == ["risk_points"]


def test_the_power_list_page_in_chinese_shows_no_english_and_no_code(client, cast):
    client.force_login(cast["alice"])
    page = client.get("/staff/decisions/powers/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    html = page.content.decode()
    assert "村级重大事项决策" in html and "四议两公开" in html
    assert english_words(html) == []
    assert raw_codes(html) == []


def test_the_power_list_page_in_english_shows_the_english_names(client, cast):
    client.force_login(cast["alice"])
    html = client.get("/staff/decisions/powers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "village major matter decision" in html
    assert "村级重大事项决策" not in html


def test_a_passed_step_reads_passed_not_whether_passed():
    from openvillage.decisions.labels import label

    with translation.override("zh-hans"):
        assert label("outcome", "passed") == "通过"
        assert label("quorum", "villagers_meeting_quorum").startswith("本村十八周岁以上村民过半数")
