"""Every audit action is registered once, in one naming scheme, with a label in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from openvillage.core.audit import ACTION_CODE, action_label, is_registered, registered_actions

ROOT = Path(__file__).resolve().parents[2]
WRITTEN = re.compile(r"""\baction=["']([a-z_]+\.[a-z_.]+)["']""")


def written_codes() -> dict[str, str]:
    """Action codes written out as literals in the product code (not tests), with where."""
    found = {}
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for code in WRITTEN.findall(line):
                found[code] = f"{path.relative_to(ROOT)}:{number}"
    return found


def test_every_action_written_in_the_code_is_registered():
    codes = written_codes()
    assert codes, "the scan found no audit_log call"
    assert {code: where for code, where in codes.items() if not is_registered(code)} == {}


def test_every_registered_action_follows_app_entity_verb():
    assert [code for code in registered_actions() if not ACTION_CODE.match(code)] == []


def test_every_registered_action_has_a_chinese_label():
    with translation.override("zh-hans"):
        english = {
            code: action_label(code)
            for code in registered_actions()
            if re.search("[A-Za-z]", action_label(code))
        }
    assert english == {}
