"""No raw state string outside the models and their transition tables (issue 10): services,
selectors, views and templates name states through the models' choices, their properties and
the tables in rules/states.py. A state written as a string elsewhere could skip the check."""

from __future__ import annotations

import re
from pathlib import Path

from openvillage.elections import models
from openvillage.elections.rules import states

APP = Path(models.__file__).resolve().parent

#: Where state codes belong: the models' choices, the pure rules (the tables and the counting's
#: outcome vocabulary, which have no Django to import the choices from) and history.
ALLOWED = ("models.py", "rules/", "migrations/", "tests/")

STATE_FIELDS = {
    models.GeneralElection: "state",
    models.VillageElection: "state",
    models.RoundResult: "status",
    models.TallySheet: "status",
    models.ViolationReport: "state",
    models.SecretaryElection: "state",
}


def state_codes() -> set[str]:
    codes = set()
    for model, field in STATE_FIELDS.items():
        codes |= {value for value, _label in model._meta.get_field(field).choices}
    return codes


def literals(text: str, codes: set[str]) -> list[str]:
    """Quoted state codes in ``text``; a dict key (``{"resolved": ...}``, a field) is not one."""
    key = re.compile(r"""(?<=[{,])\s*["'][a-z_]+["']\s*:""")
    text = key.sub(" ", text)
    return [q for q in re.findall(r"""["']([a-z_]+)["']""", text) if q in codes]


def test_the_check_finds_a_state_written_as_a_string():
    codes = state_codes()
    assert literals('if election.state == "published":', codes) == ["published"]
    assert literals("{% if s.status == 'disagree' %}", codes) == ["disagree"]
    assert literals("election.state == VillageElection.State.PUBLISHED", codes) == []
    assert literals('changes={"resolved": entry}', codes) == []
    assert literals('sheet.status = "resolved"', codes) == ["resolved"]


def test_every_table_state_is_a_model_state():
    assert {s for t in states.TABLES.values() for s in t.states} == state_codes()


def test_no_state_string_in_elections_code_or_templates_outside_models_and_tables():
    codes = state_codes()
    found = []
    for path in sorted(APP.rglob("*")):
        relative = path.relative_to(APP).as_posix()
        if path.suffix not in (".py", ".html") or relative.startswith(ALLOWED):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{relative}:{number}: {code}" for code in literals(line, codes)]
    assert found == []
