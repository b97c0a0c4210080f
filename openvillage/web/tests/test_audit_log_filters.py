"""The audit log: filtered by date, unit, person and action, paginated, exported with labels."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from openvillage.core.models import AuditEntry

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def entries(cast, village_a1, village_b1):
    def entry(day, hour, unit, actor, action, label, **extra):
        return AuditEntry.objects.create(
            at=datetime(2026, 3, day, hour, tzinfo=SHANGHAI), unit_path=unit.path,
            actor_label=actor, action=action, object_label=label, **extra,
        )  # fmt: skip

    return [
        entry(1, 9, village_a1, "王文书", "org.person_update", "张三", changes={"note": ["", "x"]}),
        # 00:30 local on the 2nd is still the 1st in UTC: the day filter is in local days.
        entry(2, 0, village_a1, "王文书", "disclosure.item_publish", "三月财务公开"),
        entry(3, 9, village_b1, "李文书", "org.person_update", '=HYPERLINK("x")'),
    ]


def get(client, user, query="", lang="zh-hans"):
    client.force_login(user)
    return client.get(f"/staff/audit/{query}", HTTP_ACCEPT_LANGUAGE=lang)


def test_the_date_range_is_in_local_days(client, cast, entries):
    body = get(client, cast["alice"], "?start=2026-03-02&end=2026-03-02").content.decode()
    assert "三月财务公开" in body and "张三" not in body and "李文书" not in body


def test_filter_by_village_keeps_its_subtree_only(client, cast, entries, village_b1):
    body = get(client, cast["alice"], f"?unit={village_b1.code}").content.decode()
    assert "李文书" in body and "王文书" not in body
    assert f"<td>{village_b1.name}</td>" in body  # each row names its village


def test_filter_by_person_matches_the_actor_or_the_object(client, cast, entries):
    body = get(client, cast["alice"], "?actor=张三").content.decode()
    assert "张三" in body and "三月财务公开" not in body


def test_filter_by_action_shows_labels_never_codes(client, cast, entries):
    body = get(client, cast["alice"], "?action=disclosure.item").content.decode()
    assert "三月财务公开" in body and "张三" not in body
    assert "disclosure.item_publish" not in body and "org.person" not in body.split("<table")[1]


def test_an_end_before_the_start_is_refused_by_name(client, cast, entries):
    body = get(client, cast["alice"], "?start=2026-03-03&end=2026-03-01").content.decode()
    assert "结束日期早于开始日期" in body


def test_a_unit_outside_the_scope_is_forbidden(client, cast, entries, village_b1, county):
    from openvillage.core.roles import Role

    cora = cast["cora"]
    assert cora.role == Role.COUNTY_SUPERVISOR
    assert get(client, cora, f"?unit={village_b1.code}").status_code == 200
    assert get(client, cast["tom"]).status_code == 403  # a town officer does not read the log


def test_the_xlsx_export_has_labels_and_the_filter(client, cast, entries, village_a1):
    page = get(client, cast["alice"], f"?unit={village_a1.code}").content.decode()
    assert f'href="/staff/audit/export.xlsx?unit={village_a1.code}' in page
    client.force_login(cast["alice"])
    response = client.get(
        f"/staff/audit/export.xlsx?unit={village_a1.code}", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "单位", "操作人", "操作")
    assert rows[1][1] == village_a1.name  # the unit by name, not its path
    assert len(rows) == 3 and all("李文书" not in str(r) for r in rows)
    assert "org.person_update" not in str(rows) and "2026-03-02 00:00:00" in str(rows)


def test_the_csv_export_opens_in_excel_and_defuses_formulas(client, cast, entries):
    client.force_login(cast["alice"])
    response = client.get("/staff/audit/export.csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and "'=HYPERLINK" in text


def test_the_pages_keep_the_filter(client, cast, entries, monkeypatch):
    from openvillage.web import audit_views

    monkeypatch.setattr(audit_views, "PAGE_SIZE", 1)
    body = get(client, cast["alice"], "?actor=文书").content.decode()
    assert "page=2" in body and "actor=" in body.split("page=2")[0].rsplit("href", 1)[1]


def test_a_page_of_fifty_entries_takes_a_fixed_number_of_queries(
    client, cast, village_a1, django_assert_max_num_queries
):
    AuditEntry.objects.bulk_create(
        AuditEntry(
            unit_path=village_a1.path, actor_label="王文书", action="org.person_update",
            object_type="org.person", object_label=f"人{n}", changes={"name": ["甲", "乙"]},
        )
        for n in range(60)
    )  # fmt: skip
    client.force_login(cast["alice"])
    with django_assert_max_num_queries(8):
        assert client.get("/staff/audit/?actor=文书").status_code == 200


def test_only_the_log_readers_export_it(client, cast, entries):
    client.force_login(cast["tom"])
    assert client.get("/staff/audit/export.xlsx").status_code == 403
    client.force_login(cast["alice"])
    assert client.get("/staff/audit/export.pdf").status_code == 404
