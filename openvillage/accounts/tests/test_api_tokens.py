"""API tokens: the county administrator issues one (key shown once, kept hashed), another system
calls the API with it as that account, within its scope; a revoked key stops working."""

import re

import pytest

from openvillage.accounts import tokens
from openvillage.accounts.models import ApiToken
from openvillage.core.errors import NotAllowed
from openvillage.core.models import AuditEntry
from openvillage.disclosure import services
from openvillage.disclosure.tests.conftest import content


def issue(client, user, name="县大数据平台"):
    client.force_login(user)
    body = client.post("/staff/api-tokens/", {"name": name}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    return body, body.content.decode()


def key_on(page: str) -> str:
    return re.search(r'value="(ov_[^"]+)"', page).group(1)


def api(client, key, path="/api/v1/staff/disclosures"):
    client.logout()
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def drafts(cast, village_a1, village_b1):
    services.item_create(actor=cast["vic"], village=village_a1, content=content(title="甲村草稿"))
    services.item_create(actor=cast["bill"], village=village_b1, content=content(title="乙村草稿"))


def test_the_key_is_shown_once_and_only_its_hash_is_kept(client, cast):
    response, page = issue(client, cast["alice"])
    key = key_on(page)
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert token.key_hash == tokens.key_hash(key) and key not in str(ApiToken.objects.values())
    later = client.get("/staff/api-tokens/").content.decode()
    assert key not in later and token.prefix in later and "县大数据平台" in later
    assert AuditEntry.objects.filter(action="accounts.api_token.issue").count() == 1


def test_a_token_calls_the_api_as_its_account(client, cast, drafts):
    _response, page = issue(client, cast["alice"])
    response = api(client, key_on(page))
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert titles == {"甲村草稿", "乙村草稿"}
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_sees_only_the_scope_of_its_account(client, cast, drafts):
    key = "ov_" + "t" * 40
    ApiToken.objects.create(
        user=cast["tom"], name="镇报表", prefix=key[:10], key_hash=tokens.key_hash(key)
    )
    titles = {item["title"] for item in api(client, key).json()["items"]}
    assert titles == {"甲村草稿"}  # Town A's village only


def test_a_token_writes_without_a_csrf_token(client, cast, village_a1):
    key = "ov_" + "w" * 40
    ApiToken.objects.create(
        user=cast["vic"], name="村账务软件", prefix=key[:10], key_hash=tokens.key_hash(key)
    )
    client.logout()
    response = client.post(
        "/api/v1/staff/disclosures",
        {
            "village": village_a1.code, "matter": "monthly_finance", "period_start": "2025-12-01",
            "period_end": "2025-12-31", "title": "接口草稿", "body": "<p>正文</p>",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )  # fmt: skip
    assert response.status_code in (201, 422), response.content  # reached the service, not 401/403


def test_a_revoked_key_stops_working(client, cast, drafts):
    _response, page = issue(client, cast["alice"])
    key = key_on(page)
    token = ApiToken.objects.get()
    client.force_login(cast["alice"])
    client.post(f"/staff/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api(client, key).status_code == 401
    assert AuditEntry.objects.filter(action="accounts.api_token.revoke").count() == 1


def test_a_switched_off_account_switches_its_keys_off(client, cast, drafts):
    _response, page = issue(client, cast["alice"])
    cast["alice"].is_active = False
    cast["alice"].save()
    assert api(client, key_on(page)).status_code == 401


def test_an_unknown_key_or_no_key_is_refused(client, cast, drafts):
    assert api(client, "ov_nonsense").status_code == 401
    assert api(client, "nonsense").status_code == 401
    client.logout()
    assert client.get("/api/v1/staff/disclosures").status_code == 401


def test_only_a_county_administrator_issues_tokens(client, cast):
    client.force_login(cast["tom"])
    assert client.get("/staff/api-tokens/").status_code == 403
    assert client.post("/staff/api-tokens/", {"name": "x"}).status_code == 403
    with pytest.raises(NotAllowed):
        tokens.api_token_issue(actor=cast["tom"], name="x")


def test_nobody_revokes_another_accounts_token(client, cast, superuser):
    token, _key = tokens.api_token_issue(actor=superuser, name="省平台")
    client.force_login(cast["alice"])
    assert client.post(f"/staff/api-tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_needs_a_name_said_in_chinese(client, cast):
    _response, page = issue(client, cast["alice"], name="  ")
    assert "此项为必填项" in page and "使用该令牌的系统" in page
    assert not ApiToken.objects.exists()


def test_the_openapi_document_offers_the_token_on_every_staff_path(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    staff = [
        op for path, ops in schema["paths"].items() if "/staff/" in path for op in ops.values()
    ]
    assert staff and all({"ApiTokenAuth": []} in op["security"] for op in staff)
