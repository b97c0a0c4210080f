"""No raw state string outside a model's choices and its transition table (issue 10 item 2).

A state is compared, filtered or set through the model's choices (``State.PUBLISHED``) or moved
through the app's table (``rules/states.py`` with ``core.writes.transition``). This test reads
the code and templates of each app for a state value written out where a state is compared
(``== "published"``), looked up (``in ("open", ...)``) or set (``status="closed"``,
``.update(state=...)``). The values come from every model field named ``state`` or ``status``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = ("migrations/", "tests/", "rules/")


def state_values(label: str) -> set[str]:
    values: set[str] = set()
    for model in apps.get_app_config(label).get_models():
        for field in model._meta.concrete_fields:
            if field.name in ("state", "status") and field.choices:
                values.update(str(value) for value, _label in field.flatchoices)
    return values


def uses(label: str) -> list[str]:
    values = state_values(label)
    if not values:
        return []
    alternatives = "|".join(re.escape(v) for v in sorted(values))
    literal = rf"""["'](?:{alternatives})["']"""
    pattern = re.compile(
        rf"(?:==|!=)\s*{literal}"
        rf"|{literal}\s*(?:==|!=)"
        rf"|\b(?:state|status)\w*\s*=\s*[\[(]?\s*{literal}"
        rf"|\bin\s*[\[(][^\])]*{literal}"
    )
    found = []
    app = ROOT / label
    for path in sorted(app.rglob("*")):
        relative = path.relative_to(app).as_posix()
        if path.suffix not in (".py", ".html") or relative.startswith(SKIPPED):
            continue
        if relative == "models.py":
            continue  # the choices themselves
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{label}/{relative}:{number}: {line.strip()[:120]}")
    return found


@pytest.mark.parametrize("label", ["disclosure", "feedback", "decisions", "supervision"])
def test_no_app_writes_a_state_out(label):
    assert state_values(label)
    assert uses(label) == []


def test_elections_writes_no_state_out():
    assert state_values("elections")
    assert uses("elections") == []


def test_the_check_finds_a_state_written_out(tmp_path, monkeypatch):
    app = tmp_path / "disclosure"
    app.mkdir()
    (app / "views.py").write_text('if item.state == "published":\n    pass\n')
    (app / "page.html").write_text('{% if item.state != "draft" %}x{% endif %}\n')
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert len(uses("disclosure")) == 2
