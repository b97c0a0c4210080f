from openvillage.accounts.models import User
from openvillage.core.models import AuditEntry


def post(client, url, data):
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def account(**over):
    data = {
        "username": "newclerk",
        "full_name": "新文书",
        "role": "village_clerk",
        "unit": "990100001001",
        "email": "",
        "password": "a-long-pass-123",
    }
    return {**data, **over}


def test_a_town_officer_creates_a_clerk_for_a_village_of_the_town(client, cast, village_a1):
    client.force_login(cast["tom"])
    response = post(client, "/staff/accounts/add/", account())
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert (user.unit, user.role, user.first_name) == (village_a1, "village_clerk", "新文书")


def test_the_unit_list_offers_only_units_in_scope(client, cast, village_a1, village_b1):
    client.force_login(cast["tom"])
    page = client.get("/staff/accounts/add/").content.decode()
    assert village_a1.code in page and village_b1.code not in page


def test_a_role_of_the_wrong_level_is_shown_on_the_unit_field(client, cast, town_a):
    client.force_login(cast["tom"])
    page = post(client, "/staff/accounts/add/", account(unit=town_a.code)).content.decode()
    assert "not to a Town" in page and not User.objects.filter(username="newclerk").exists()


def test_a_weak_password_is_shown_on_the_password_field(client, cast, village_a1):
    client.force_login(cast["tom"])
    page = post(client, "/staff/accounts/add/", account(password="123")).content.decode()
    assert 'id="id_password"' in page and "too short" in page


def test_a_clerk_cannot_manage_accounts(client, cast):
    client.force_login(cast["vic"])
    assert client.get("/staff/accounts/").status_code == 403
    assert client.get("/staff/accounts/add/").status_code == 403


def test_switching_off_needs_a_reason_and_is_audited(client, cast):
    client.force_login(cast["tom"])
    vic = cast["vic"]
    post(client, f"/staff/accounts/{vic.pk}/off/", {"reason": ""})
    vic.refresh_from_db()
    assert vic.is_active
    post(client, f"/staff/accounts/{vic.pk}/off/", {"reason": "left the post"})
    vic.refresh_from_db()
    assert not vic.is_active
    entry = AuditEntry.objects.get(action="accounts.user.active")
    assert entry.note == "left the post" and entry.changes == {"is_active": [True, False]}


def test_a_town_officer_cannot_touch_an_account_of_another_town(client, cast):
    client.force_login(cast["tom"])
    bill = cast["bill"]
    assert (
        post(
            client, f"/staff/accounts/{bill.pk}/password/", {"password": "another-long-pass-9"}
        ).status_code
        == 403
    )
    bill.refresh_from_db()
    assert bill.check_password("pw-bill")


def test_a_new_password_works_and_leaves_no_clear_text_in_the_audit(client, cast):
    client.force_login(cast["tom"])
    vic = cast["vic"]
    post(client, f"/staff/accounts/{vic.pk}/password/", {"password": "another-long-pass-9"})
    vic.refresh_from_db()
    assert vic.check_password("another-long-pass-9")
    assert "another-long-pass-9" not in str(list(AuditEntry.objects.values()))


def test_the_refusals_of_the_account_form_are_in_chinese(client, cast, village_a1, town_a):
    client.force_login(cast["tom"])
    short = client.post(
        "/staff/accounts/add/", account(password="x7"), HTTP_ACCEPT_LANGUAGE="zh-CN"
    ).content.decode()
    assert "密码太短，至少需要 8 个字符" in short and "too short" not in short
    wrong = client.post(
        "/staff/accounts/add/", account(unit=town_a.code), HTTP_ACCEPT_LANGUAGE="zh-CN"
    ).content.decode()
    assert "村文书账号只能属于村，不能属于乡镇。" in wrong
