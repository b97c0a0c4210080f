"""A NUL character anywhere in a request is refused at the edge with 400, before any query.

PostgreSQL cannot store or compare text holding NUL (psycopg raises ValueError, a 500), so the
check belongs in front of every view rather than in each one.
"""

import json

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/v/x%00y/",
        "/api/v1/units/x%00y",
        "/api/v1/units?parent=x%00y",
        "/api/v1/villages/990100001001/disclosures?q=%E8%B4%A2%00",
        "/staff/login/?next=%00",
    ],
)
def test_a_nul_in_the_path_or_query_is_a_400_naming_where(client, village_a1, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_a_form_field_is_a_400_naming_the_field(client, village_a1):
    response = client.post(
        f"/v/{village_a1.code}/election/report/",
        {"description": "vote buying\x00", "violation_type": "bribery"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "description" in response.content.decode()


def test_a_nul_in_a_json_body_is_a_400_naming_the_field(client, cast):
    client.force_login(cast["vic"])
    response = client.post(
        "/api/v1/staff/disclosures",
        json.dumps({"title": "a\u0000b"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "title"


def test_a_nul_in_a_cookie_is_a_400(client, village_a1):
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get(f"/v/{village_a1.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400


def test_the_refusal_is_in_chinese_for_a_chinese_reader(client, village_a1):
    response = client.get("/v/x%00y/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_ordinary_chinese_text_passes(client, village_a1):
    response = client.get(f"/v/{village_a1.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
