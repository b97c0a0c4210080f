"""Rule sets: versioned YAML per kind and region, checked by a schema whose faults name the file,
the path to the field and the reason in the user's language; reading never writes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pydantic import Field

from openvillage.core import rulesets
from openvillage.core.errors import InvalidInput
from openvillage.core.models import RuleSet
from openvillage.core.schemas import ConfigInvalid, Kind, Schema, check, load_yaml, path_text


class Star(Schema):
    code: str
    points: Annotated[int, Field(ge=0)]


class Scheme(Schema):
    region: str
    version: str
    stars: list[Star]


def parse_scheme(text: str, file: str) -> Scheme:
    scheme: Scheme = check(Scheme, load_yaml(text, file=file), file=file)
    return scheme


SHIPPED = "region: default\nversion: '2026'\nstars:\n  - {code: tidy, points: 5}\n"


@pytest.fixture
def kind(tmp_path: Path) -> Kind[Scheme]:
    path = tmp_path / "stars.yaml"
    path.write_text(SHIPPED, encoding="utf-8")
    return Kind(
        code="test.stars",
        label="Star scheme",
        parse=parse_scheme,
        identity=lambda s: (s.region, s.version),
        default_path=path,
    )


def test_reading_the_current_version_with_none_stored_gives_the_shipped_default_and_writes_nothing(
    db, kind
):
    with CaptureQueriesContext(connection) as queries:
        row = rulesets.current(kind)
        scheme = rulesets.current_parsed(kind)
    assert row.pk is None and row.version == "2026"
    assert scheme.stars[0].points == 5
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert RuleSet.objects.count() == 0


def test_an_installed_version_becomes_current_and_the_previous_one_stays(db, kind, cast):
    first = rulesets.install(kind, SHIPPED, file="stars.yaml", actor=cast["alice"])
    second_text = SHIPPED.replace("'2026'", "'2027'").replace("points: 5", "points: 7")
    second = rulesets.install(kind, second_text, file="stars-2027.yaml", actor=cast["alice"])
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert rulesets.current(kind) == second
    assert rulesets.current_parsed(kind).stars[0].points == 7
    assert [v.version for v in rulesets.versions(kind)] == ["2027", "2026"]
    assert second.created_by == cast["alice"] and second.file_name == "stars-2027.yaml"


def test_a_version_number_already_loaded_is_refused_naming_the_field(db, kind):
    rulesets.install(kind, SHIPPED, file="stars.yaml")
    with pytest.raises(InvalidInput) as refused:
        rulesets.install(kind, SHIPPED + "# changed\n", file="stars.yaml")
    assert refused.value.field == "version"
    assert RuleSet.objects.filter(kind=kind.code).count() == 1


def test_a_region_without_its_own_version_reads_the_default_regions(db, kind):
    rulesets.install(kind, SHIPPED.replace("points: 5", "points: 6"), file="a.yaml")
    zhejiang = SHIPPED.replace("region: default", "region: zhejiang").replace("5", "9")
    rulesets.install(kind, zhejiang, file="zj.yaml")
    assert rulesets.current_parsed(kind, "zhejiang").stars[0].points == 9
    assert rulesets.current_parsed(kind, "shanghai").stars[0].points == 6


def test_stored_current_stores_the_shipped_default_once_for_writes_that_point_at_it(db, kind):
    first = rulesets.stored_current(kind)
    again = rulesets.stored_current(kind)
    assert first.pk is not None and first == again
    assert RuleSet.objects.filter(kind=kind.code, is_current=True).count() == 1


def test_a_bad_file_is_refused_with_every_fault_naming_the_file_and_the_path(db, kind):
    text = "region: default\nversion: '1'\nstars:\n  - {code: tidy, points: 5}\n"
    text += "  - {code: 3, pts: -1}\n"
    with pytest.raises(ConfigInvalid) as refused:
        rulesets.install(kind, text, file="stars.yaml")
    lines = refused.value.lines()
    assert "stars.yaml, stars[2].code: Must be text." in lines
    assert "stars.yaml, stars[2].points: This field is required." in lines
    assert "stars.yaml, stars[2].pts: This field is not known here (a typing mistake?)." in lines
    assert str(refused.value).startswith("stars.yaml, at stars[2].code: Must be text.")
    assert RuleSet.objects.count() == 0


def test_the_faults_read_in_chinese_for_a_chinese_user(db, kind):
    with pytest.raises(ConfigInvalid) as refused:
        rulesets.install(kind, "region: default\nversion: '1'\nstars: {}\n", file="stars.yaml")
    with translation.override("zh-hans"):
        message = refused.value.translated()
    assert message.startswith("stars.yaml")
    assert "stars" in message and "列表" in message
    assert "Must be" not in message


def test_a_yaml_syntax_error_names_the_line(db, kind):
    with pytest.raises(ConfigInvalid) as refused:
        rulesets.install(kind, "region: default\nversion: [1\nstars: []\n", file="s.yaml")
    assert refused.value.faults[0].params["line"] == 3


def test_the_parsed_file_is_cached_by_its_hash_so_a_new_text_is_never_served_stale(db, kind):
    row = rulesets.install(kind, SHIPPED, file="stars.yaml")
    assert rulesets.parsed(kind, row) is rulesets.parsed(kind, row)
    row.content = SHIPPED.replace("points: 5", "points: 8")
    row.sha256 = rulesets.sha256_text(row.content)
    assert rulesets.parsed(kind, row).stars[0].points == 8


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        (("powers", 2, "name"), "powers[3].name"),
        (("national", "villagers_committee", "turnout"), "national.villagers_committee.turnout"),
        ((), ""),
    ],
)
def test_a_path_counts_list_entries_from_one(loc, text):
    assert path_text(loc) == text
