"""Importing posts and terms of office: the rules of org.rules.check_term, row by row."""

from datetime import date

import pytest

from openvillage.org import services
from openvillage.org.imports.service import import_file
from openvillage.org.models import Term
from openvillage.org.tests.test_import_roll import english, write_xlsx  # noqa: F401


@pytest.fixture
def people(cast, village_a1):
    kw = dict(actor=cast["vic"], village=village_a1, gender="male")
    return {
        name: services.person_create(name=name, birth_date=date(1970 + n, 1, 1), **kw)
        for n, name in enumerate(["赵一", "钱二", "孙三"])
    }


def term(name, n, body, post, start, end=None, reason=None):
    return {
        "name": name,
        "birth_date": date(1970 + n, 1, 1),
        "body": body,
        "post": post,
        "started_on": start,
        "ended_on": end,
        "end_reason": reason,
    }


def load(cast, village, tmp_path, rows, name="posts.xlsx"):
    path = write_xlsx(tmp_path / name, "posts", rows)
    return import_file(actor=cast["vic"], kind="posts", village_or_unit=village, uploaded_file=path)


def test_terms_are_imported_and_reimporting_them_changes_nothing(
    cast, village_a1, people, tmp_path
):
    rows = [
        term("赵一", 0, "村党组织委员会", "书记", date(2021, 3, 1)),
        term("赵一", 0, "村民委员会", "主任", date(2021, 3, 1)),
        term("钱二", 1, "村务监督委员会", "监委会主任", date(2021, 3, 1)),
    ]
    result = load(cast, village_a1, tmp_path, rows)
    assert result.ok, result.errors
    assert result.counts["terms"]["created"] == 3
    again = load(cast, village_a1, tmp_path, rows, "again.xlsx")
    assert again.counts["terms"] == {"created": 0, "updated": 0, "unchanged": 3}


def test_two_current_secretaries_are_refused_naming_the_rows(cast, village_a1, people, tmp_path):
    rows = [
        term("赵一", 0, "村党组织委员会", "书记", date(2021, 3, 1)),
        term("钱二", 1, "村党组织委员会", "书记", date(2022, 1, 1)),
    ]
    result = load(cast, village_a1, tmp_path, rows)
    assert [(e.row, e.column) for e in result.errors] == [(3, "任职日期 started on")]
    assert "Another person holds this post from 2021-03-01" in result.errors[0].message
    assert "(See row 2.)" in result.errors[0].message
    assert Term.objects.count() == 0


def test_a_term_overlapping_a_stored_holders_term_is_refused(cast, village_a1, people, tmp_path):
    services.term_start(
        actor=cast["vic"],
        village=village_a1,
        person=people["赵一"],
        body="villagers_committee",
        post="director",
        started_on=date(2018, 1, 1),
        ended_on=date(2021, 2, 28),
    )
    rows = [term("钱二", 1, "村民委员会", "主任", date(2020, 6, 1))]
    result = load(cast, village_a1, tmp_path, rows)
    assert [(e.row, e.column) for e in result.errors] == [(2, "任职日期 started on")]
    assert "from 2018-01-01" in result.errors[0].message


def test_ending_a_term_and_seating_the_successor_in_one_file_works(
    cast, village_a1, people, tmp_path
):
    load(cast, village_a1, tmp_path, [term("赵一", 0, "村党组织委员会", "书记", date(2021, 3, 1))])
    rows = [
        term("钱二", 1, "村党组织委员会", "书记", date(2023, 1, 1)),
        term("赵一", 0, "村党组织委员会", "书记", date(2021, 3, 1), date(2022, 12, 31), "辞职"),
    ]
    result = load(cast, village_a1, tmp_path, rows, "handover.xlsx")
    assert result.ok, result.errors
    assert result.counts["terms"] == {"created": 1, "updated": 1, "unchanged": 0}
    assert Term.objects.get(person=people["赵一"]).end_reason == "resigned"


def test_a_villagers_committee_member_cannot_also_sit_on_the_supervision_committee(
    cast, village_a1, people, tmp_path
):
    rows = [
        term("孙三", 2, "村民委员会", "委员", date(2021, 3, 1)),
        term("孙三", 2, "村务监督委员会", "委员", date(2021, 3, 1)),
    ]
    result = load(cast, village_a1, tmp_path, rows)
    assert [(e.row, e.column) for e in result.errors] == [(3, "机构 body")]
    assert "Art. 32" in result.errors[0].message


def test_a_person_who_is_not_registered_is_refused_by_name(cast, village_a1, people, tmp_path):
    rows = [term("周四", 3, "村民委员会", "委员", date(2021, 3, 1))]
    result = load(cast, village_a1, tmp_path, rows)
    assert [(e.row, e.column) for e in result.errors] == [(2, "姓名 name")]
    assert "周四 is not registered in this village" in result.errors[0].message
