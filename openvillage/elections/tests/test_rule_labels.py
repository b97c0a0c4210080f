"""A cited election rule is shown as what it requires, not as its id (V27, P10)."""

from django.utils import translation

from openvillage.elections.rule_labels import RULES, rule_text


def test_every_rule_the_counting_and_the_checklist_cite_has_a_text():
    import re
    from pathlib import Path

    here = Path(__file__).resolve().parent.parent
    cited = set(re.findall(r'"([VP]\d{1,2})"', (here / "rules" / "counting.py").read_text()))
    cited |= set(
        re.findall(r"\b(V\d{1,2}|P\d{1,2})\b", (here / "observer_checklist.yaml").read_text())
    )
    assert cited and cited <= set(RULES)


def test_the_rules_of_a_round_read_as_requirements():
    with translation.override("zh-hans"):
        text = rule_text("P7, P10")
    assert "P7" not in text and "；" in text
    with translation.override("en"):
        assert rule_text("V27") == str(RULES["V27"])
        assert rule_text("X9") == "X9"
