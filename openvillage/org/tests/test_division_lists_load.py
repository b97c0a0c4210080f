"""A real county from day one: `openvillage divisions load DIR --county CODE`."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.models import AuditEntry
from openvillage.org import divisions
from openvillage.org.division_load import divisions_load
from openvillage.org.models import Unit, UnitAlias

AREAS = [
    ("990300", "清溪区", "990300", "990000"),
    ("990400", "邻县", "990400", "990000"),  # another county in the same list: left alone
]
STREETS = [
    ("990300001", "城关街道", "990300", "990000", "990300"),
    ("990300101", "青石镇", "990300", "990000", "990300"),
    ("990300201", "白云乡", "990300", "990000", "990300"),
    ("990400101", "邻镇", "990400", "990000", "990400"),
]
VILLAGES = [
    ("990300001001", "东门社区居委会", "990300001", "990000", "990300", "990300"),
    ("990300001002", "西门社区", "990300001", "990000", "990300", "990300"),
    ("990300101201", "上坪村委会", "990300101", "990000", "990300", "990300"),
    ("990300101202", "下坪村民委员会", "990300101", "990000", "990300", "990300"),
    ("990300101203", "石桥村", "990300101", "990000", "990300", "990300"),
    ("990300201199", "新村村委会", "990300201", "990000", "990300", "990300"),  # name disagrees
    ("990300201400", "林场村委会", "990300201", "990000", "990300", "990300"),  # code says neither
    ("990400101201", "邻村村委会", "990400101", "990000", "990400", "990400"),
]


def write_lists(folder: Path, areas=AREAS, streets=STREETS, villages=VILLAGES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    layouts = {
        "areas.csv": (["code", "name", "cityCode", "provinceCode"], areas),
        "streets.csv": (["code", "name", "areaCode", "provinceCode", "cityCode"], streets),
        "villages.csv": (
            ["code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"],
            villages,
        ),
    }
    for name, (header, rows) in layouts.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    return folder


def load(folder: Path, *extra: str) -> str:
    out = StringIO()
    call_command("divisions", "load", str(folder), "--county", "990300", *extra, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("code", "name", "kind", "noted"),
    [
        ("990300001001", "东门社区居委会", "community", False),
        ("990300001199", "某某", "community", False),  # 199: last residents' number
        ("990300001200", "某某", "village", False),  # 200: first villagers' number
        ("990300001399", "某某", "village", False),
        ("990300001199", "新村村委会", "community", True),  # the code decides, the name is noted
        ("990300001400", "林场村委会", "village", True),  # outside 001-399: the name decides
        ("990300001400", "林场居委会", "community", True),
        ("990300001400", "林场", "village", True),
    ],
)
def test_the_code_tells_a_village_from_a_community_and_the_name_cross_checks(
    code, name, kind, noted
):
    found, note = divisions.committee_kind(code, name)
    assert found == kind
    assert bool(note) is noted


def test_a_county_is_loaded_with_its_towns_villages_and_communities(db, tmp_path):
    report = load(write_lists(tmp_path / "lists"))
    county = Unit.objects.get(code="990300000000")
    assert (county.name, county.level, county.kind, county.parent) == (
        "清溪区",
        "county",
        "district",
        None,
    )
    towns = {u.code: u.kind for u in Unit.objects.filter(level="town")}
    assert towns == {
        "990300001000": "street",
        "990300101000": "town",
        "990300201000": "township",
    }
    villages = {u.code: u.kind for u in Unit.objects.filter(level="village")}
    assert villages == {
        "990300001001": "community",
        "990300001002": "community",
        "990300101201": "village",
        "990300101202": "village",
        "990300101203": "village",
        "990300201199": "community",
        "990300201400": "village",
    }
    assert Unit.objects.get(code="990300101203").path == "/990300000000/990300101000/990300101203/"
    assert not Unit.objects.filter(code__startswith="9904").exists()
    assert "11 added" in report
    assert "990300201199" in report and "990300201400" in report  # the notes


def test_loading_the_same_lists_again_changes_nothing(db, tmp_path):
    folder = write_lists(tmp_path / "lists")
    load(folder)
    units = list(Unit.objects.values_list("code", "name", "path", "kind").order_by("code"))
    audits = AuditEntry.objects.count()
    report = load(folder)
    assert "0 added, 0 renamed, 0 recoded" in report
    assert list(Unit.objects.values_list("code", "name", "path", "kind").order_by("code")) == units
    assert AuditEntry.objects.count() == audits


def test_renames_recodes_and_dropped_units_are_reported_and_old_urls_still_lead_home(
    db, tmp_path, client
):
    load(write_lists(tmp_path / "first"))
    stone = Unit.objects.get(code="990300101203")
    AuditEntry.objects.create(
        action="test.mark", unit_path=stone.path, object_type="x", object_id="1"
    )
    villages = [row for row in VILLAGES if row[0] != "990300001002"]  # 西门社区 dropped
    villages = [("990300101204", *row[1:]) if row[0] == "990300101203" else row for row in villages]
    villages = [
        (row[0], "上坪村村民委员会", *row[2:]) if row[0] == "990300101201" else row
        for row in villages
    ]
    report = load(write_lists(tmp_path / "second", villages=villages))

    assert "0 added, 1 renamed, 1 recoded, 1 no longer listed" in report
    assert Unit.objects.get(code="990300101201").name == "上坪村村民委员会"
    moved = Unit.objects.get(pk=stone.pk)
    assert moved.code == "990300101204"
    assert moved.path == "/990300000000/990300101000/990300101204/"
    assert UnitAlias.objects.get(code="990300101203").unit == moved
    assert AuditEntry.objects.get(action="test.mark").unit_path == moved.path  # scope follows
    assert Unit.objects.filter(code="990300001002").exists()  # kept, only reported

    old = client.get("/v/990300101203/?lang=zh")
    assert old.status_code == 301
    assert old["Location"] == "/v/990300101204/?lang=zh"
    assert client.get("/v/990300101204/").status_code == 200
    assert client.get("/v/990300101299/").status_code == 404


def test_a_town_recode_carries_its_villages_codes_along(db, tmp_path):
    load(write_lists(tmp_path / "first"))
    streets = [("990300102", *row[1:]) if row[0] == "990300101" else row for row in STREETS]
    villages = [
        (row[0].replace("990300101", "990300102", 1), row[1], "990300102", *row[3:])
        if row[2] == "990300101"
        else row
        for row in VILLAGES
    ]
    report = load(write_lists(tmp_path / "second", streets=streets, villages=villages))
    assert "0 added, 0 renamed, 4 recoded, 0 no longer listed" in report
    village = Unit.objects.get(code="990300102202")
    assert village.path == "/990300000000/990300102000/990300102202/"
    assert UnitAlias.objects.filter(code__startswith="990300101").count() == 4


def test_a_bad_list_names_the_file_and_line_and_loads_nothing(db, tmp_path):
    villages = [*VILLAGES[:3], ("99030010120X", "坏码村委会", "990300101", "990000", "", "")]
    folder = write_lists(tmp_path / "lists", villages=villages)
    with pytest.raises(InvalidInput, match="villages.csv line 5"):
        divisions_load(actor=None, directory=folder, county="990300")
    assert not Unit.objects.exists()


def test_a_county_administrator_loads_their_own_county_only(cast, tmp_path):
    areas = [("990100", "Test County", "990100", "990000")]
    streets = [("990100001", "Town A", "990100", "990000", "990100")]
    villages = [("990100001201", "新村村委会", "990100001", "990000", "990100", "990100")]
    folder = write_lists(tmp_path / "lists", areas=areas, streets=streets, villages=villages)
    with pytest.raises(NotAllowed):
        divisions_load(actor=cast["tom"], directory=folder, county="990100")
    plan = divisions_load(actor=cast["alice"], directory=folder, county="990100")
    assert [d.code for d in plan.added] == ["990100001201"]
    assert [code for code, _ in plan.missing] == [
        "990100001001",
        "990100001002",
        "990100002000",
        "990100002001",
    ]
    with pytest.raises(NotAllowed):
        divisions_load(
            actor=cast["alice"], directory=write_lists(tmp_path / "other"), county="990300"
        )
