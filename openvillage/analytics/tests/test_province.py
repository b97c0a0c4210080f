"""A province above its counties: the fill rolls up to it, its dashboard and ranking of counties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.db.models import Sum

from openvillage.accounts.services import staff_account_create
from openvillage.analytics import fill
from openvillage.analytics.models import UnitCount
from openvillage.core import extensions, permissions
from openvillage.core.errors import InvalidInput
from openvillage.core.roles import Role
from openvillage.org.models import Level, Unit, UnitKind
from openvillage.org.services import unit_path

DAY = date(2026, 11, 30)


def unit(code: str, name: str, level: str, parent: Unit | None) -> Unit:
    return Unit.objects.create(
        code=code, name=name, level=level, kind=level, parent=parent, path=unit_path(code, parent)
    )


@pytest.fixture
def province(db):
    """A province of two counties, each of one town of two villages."""
    top = unit("970000000000", "试验省", Level.PROVINCE, None)
    assert top.kind == UnitKind.PROVINCE
    for c in (1, 2):
        county = unit(f"97{c:02d}00000000", f"第{c}县", Level.COUNTY, top)
        town = unit(f"97{c:02d}01001000", f"第{c}县一镇", Level.TOWN, county)
        for v in (1, 2):
            unit(f"97{c:02d}01001{200 + v}", f"第{c}县{v}村", Level.VILLAGE, town)
    return top


def test_the_fill_rolls_every_village_up_to_the_province(province):
    villages = fill.village_ids()
    assert len(villages) == 4
    first = next(iter(extensions.analytics_stats))
    spec = replace(first, fill=lambda day: {v: v for v in villages})
    assert fill.fill_day(spec, DAY) == 4
    rows = UnitCount.objects.filter(stat=spec.name, day=DAY)
    by_level = {
        level: rows.filter(level=level).aggregate(total=Sum("value"))["total"]
        for level in (Level.VILLAGE, Level.TOWN, Level.COUNTY, Level.PROVINCE)
    }
    assert set(by_level.values()) == {sum(villages)}  # each level adds up to the same total
    assert rows.get(unit=province).value == sum(villages)
    assert rows.filter(level=Level.COUNTY).count() == 2
    # Refilled (a crash redone): the same numbers, nothing twice.
    fill.fill_day(spec, DAY)
    assert rows.get(unit=province).value == sum(villages) and rows.count() == 4 + 2 + 2 + 1


def test_the_province_reads_its_dashboard_and_ranks_its_counties(client, province):
    fill.fill_all()
    reader = staff_account_create(
        actor=None,
        username="prov",
        password="unused",
        role=Role.PROVINCE_ADMIN,
        unit=province,
        check_password=False,
    )
    client.force_login(reader)
    page = client.get("/staff/dashboard/970000000000/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert page.status_code == 200 and "第1县" in body and "第2县" in body
    assert "?level=county" in body  # the ranking of counties is linked
    ranking = client.get(
        "/staff/dashboard/970000000000/ranking/?level=county", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "第1县" in ranking and "第2县" in ranking and "县" in ranking
    assert client.get("/staff/dashboard/970100000000/").status_code == 200  # a county below
    home = client.get("/staff/dashboard/")
    assert home["Location"].endswith("/staff/dashboard/970000000000/")
    assert client.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").status_code == 200
    # Reads only: no write domain at all.
    domains = [v for k, v in vars(permissions).items() if k.isupper() and isinstance(v, str)]
    assert not any(permissions.can_write(reader, province.path, d) for d in domains)


def test_a_county_does_not_see_its_province_and_the_role_is_bound_to_a_province(client, province):
    county = Unit.objects.get(code="970100000000")
    admin = staff_account_create(
        actor=None,
        username="c1",
        password="unused",
        role=Role.COUNTY_ADMIN,
        unit=county,
        check_password=False,
    )
    client.force_login(admin)
    assert client.get("/staff/dashboard/970000000000/").status_code == 403
    assert client.get("/staff/dashboard/970200000000/").status_code == 403
    assert client.get("/staff/dashboard/970100000000/").status_code == 200
    with pytest.raises(InvalidInput):
        staff_account_create(
            actor=None,
            username="wrong",
            password="unused",
            role=Role.PROVINCE_ADMIN,
            unit=county,
            check_password=False,
        )
